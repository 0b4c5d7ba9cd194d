/**
 * The mail catcher of infra/ (plain CommonJS, shared with `npm start`), typed for the tests: a real SMTP
 * server that stores what it accepts as .eml files and misbehaves on demand.
 */
import path from 'node:path';
import { eventuallyValue } from '@pathway/testing';

export interface CaughtMessage {
  file: string;
  messageId: string;
  from: string;
  /** Envelope recipients. */
  to: string[];
  subject: string;
  text: string;
  /** Lower-case names, decoded. */
  headers: Record<string, string>;
  raw: string;
}

export interface SmtpCatcher {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  messages(): CaughtMessage[];
  /** true: 451 at MAIL FROM; a code; `{ code, stage }` to refuse at 'mail', 'rcpt' or 'data' (after the dot); false: accept. */
  refuse(refusal: boolean | number | { code?: number; stage?: 'mail' | 'rcpt' | 'data' }): void;
  /** Hold transactions at 'rcpt' (nothing received) or 'data' (stored, 250 not yet answered) until release(). */
  stall(stage: 'rcpt' | 'data' | null): void;
  stalled(): number;
  release(): void;
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

// infra/ holds the launchers, not a project; tests require them like test-database.ts does.
const catcher = require(path.resolve(__dirname, '../../../../../infra/smtp-catcher.cjs')) as {
  startSmtpCatcher(options: { port?: number; host?: string; dir: string; log?: (line: string) => void }): Promise<SmtpCatcher>;
};

export const startSmtpCatcher = catcher.startSmtpCatcher;

/** Waits until `predicate` holds, polling (libs/testing/src/eventually.ts); fails with `what` and the last value after `timeoutMs`. */
export function eventually<T>(probe: () => T | Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  return eventuallyValue(probe, predicate, { timeoutMs, intervalMs: 50, message: what });
}
