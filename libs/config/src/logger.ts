/**
 * The apps' logger: pino, one JSON object a line on stdout (what a log platform ingests), or one readable
 * line per event for a terminal (LOG_FORMAT=pretty; unset, pretty when stdout is a terminal). Log lines
 * carry ids, routes, statuses, activity names, durations and error codes, never a person's data: request
 * bodies and activity arguments are not handed to it, and the redaction below is the safety net if a
 * field of that kind ever is.
 */
import { hostname } from 'node:os';
import pino from 'pino';
import pretty from 'pino-pretty';
import { readSettings } from './settings';

export type { Logger } from 'pino';

/** Keys whose values would be a person's data or a credential, at the top level or one level down. */
const REDACTED = ['body', 'args', 'patient', 'firstName', 'lastName', 'birthDate', 'note', 'notes', 'summary', 'scores', 'authorization', 'cookie'];

export function createLogger(
  service: 'api' | 'worker' | 'migrate',
  env: Record<string, string | undefined> = process.env,
  stdout: { isTTY?: boolean } = process.stdout,
): pino.Logger {
  const { LOG_FORMAT, LOG_LEVEL } = readSettings(['LOG_FORMAT', 'LOG_LEVEL'], env);
  const options: pino.LoggerOptions = {
    level: LOG_LEVEL,
    base: { service, pid: process.pid, hostname: hostname() },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED.flatMap((key) => [key, `*.${key}`]), censor: '[redacted]' },
  };
  // Synchronous writes: a line logged just before the process exits (a fatal error) is not lost.
  if ((LOG_FORMAT ?? (stdout.isTTY ? 'pretty' : 'json')) === 'json') return pino(options, pino.destination({ dest: 1, sync: true }));
  const colorize = Boolean(stdout.isTTY || env.FORCE_COLOR);
  return pino(options, pretty({ sync: true, singleLine: true, colorize, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }));
}
