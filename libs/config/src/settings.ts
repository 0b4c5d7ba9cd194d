/**
 * The environment both apps run on, read and checked once at start-up. A broken setting ends start-up
 * with one line naming it (SettingsError), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { addDuration, isDuration, parsePolicy, PathwayPolicy, PolicyError } from '@pathway/domain';

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * How both apps reach a Temporal cluster or Temporal Cloud (infra/deploy/README.md): mTLS with a client
   * certificate, or TLS with an API key. Undefined: plain gRPC (the local dev server).
   */
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer }; serverRootCACertificate?: Buffer; serverNameOverride?: string };
  apiKey?: string;
}

type Env = Record<string, string | undefined>;

export function databaseUrl(env: Env = process.env): string {
  const url = env.DATABASE_URL;
  if (!url) throw new SettingsError('DATABASE_URL is not set (npm start sets it for the embedded PostgreSQL)');
  if (!/^postgres(ql)?:\/\//.test(url)) throw new SettingsError(`DATABASE_URL must be a postgres:// URL, got "${url.slice(0, 20)}..."`);
  return url;
}

/**
 * Where the migrations run: MIGRATION_DATABASE_URL, the owner of the tables, when the apps connect
 * (DATABASE_URL) as the least-privileged role `care_app` that may not change the schema; else DATABASE_URL.
 */
export function migrationDatabaseUrl(env: Env = process.env): string {
  if (!env.MIGRATION_DATABASE_URL) return databaseUrl(env);
  return databaseUrl({ DATABASE_URL: env.MIGRATION_DATABASE_URL });
}

/** APP_DATABASE_PASSWORD: the password `migrate` gives the role `care_app` (unset: left as it is). */
export function appDatabasePassword(env: Env = process.env): string | undefined {
  return env.APP_DATABASE_PASSWORD || undefined;
}

export function temporalSettings(env: Env = process.env): TemporalSettings {
  const address = env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
  if (!/^[\w.-]+:\d+$/.test(address)) throw new SettingsError(`TEMPORAL_ADDRESS must be host:port, got "${address}"`);
  return {
    address,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || 'care-pathways',
    ...temporalTransport(env),
  };
}

/** TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY (files, mTLS), TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY. */
function temporalTransport(env: Env): Pick<TemporalSettings, 'tls' | 'apiKey'> {
  const read = (name: string): Buffer | undefined => {
    const file = env[name];
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (err) {
      throw new SettingsError(`${name} ${file} cannot be read: ${(err as Error).message}`);
    }
  };
  const crt = read('TEMPORAL_TLS_CERT');
  const key = read('TEMPORAL_TLS_KEY');
  if (Boolean(crt) !== Boolean(key)) throw new SettingsError('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (a client certificate and its private key)');
  const ca = read('TEMPORAL_TLS_CA');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME || undefined;
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  // An API key is only sent over TLS (Temporal Cloud requires it); TEMPORAL_TLS=1 asks for TLS with no client certificate.
  const tlsWanted = Boolean(crt || ca || serverName || apiKey || env.TEMPORAL_TLS === '1');
  if (!tlsWanted) return {};
  return {
    tls: {
      ...(crt && key ? { clientCertPair: { crt, key } } : {}),
      ...(ca ? { serverRootCACertificate: ca } : {}),
      ...(serverName ? { serverNameOverride: serverName } : {}),
    },
    ...(apiKey ? { apiKey } : {}),
  };
}

/**
 * Workflow executions the worker keeps in memory (sticky cache); past it the least recently used is
 * evicted and its next task replays its history. WORKER_MAX_CACHED_WORKFLOWS; default the SDK's.
 */
export function workerMaxCachedWorkflows(env: Env = process.env): number | undefined {
  const raw = env.WORKER_MAX_CACHED_WORKFLOWS;
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new SettingsError(`WORKER_MAX_CACHED_WORKFLOWS must be a whole number, got "${raw}"`);
  return value;
}

/**
 * How long the answer to a request with an Idempotency-Key is kept for its retries (IDEMPOTENCY_RETENTION,
 * ISO-8601, default PT24H): it holds a whole answer, personal data included, so no longer than a client
 * retry can come. In milliseconds.
 */
export function idempotencyRetentionMs(env: Env = process.env): number {
  const raw = env.IDEMPOTENCY_RETENTION || 'PT24H';
  const ms = isDuration(raw) ? addDuration(0, raw).getTime() : NaN;
  if (!(ms >= 1000)) throw new SettingsError(`IDEMPOTENCY_RETENTION must be an ISO-8601 duration of at least a second (e.g. PT24H), got "${raw}"`);
  return ms;
}

/** The pathway policy: defaults, overridden by the JSON file named by PATHWAY_POLICY_FILE. */
export function pathwayPolicy(env: Env = process.env): PathwayPolicy {
  const file = env.PATHWAY_POLICY_FILE;
  if (!file) return parsePolicy({});
  let overrides: unknown;
  try {
    overrides = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SettingsError(`PATHWAY_POLICY_FILE ${file} cannot be read as JSON: ${(err as Error).message}`);
  }
  try {
    return parsePolicy(overrides);
  } catch (err) {
    if (err instanceof PolicyError) throw new SettingsError(`PATHWAY_POLICY_FILE ${file}: ${err.problems.join('; ')}`);
    throw err;
  }
}

export function httpPort(env: Env = process.env): number {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SettingsError(`PORT must be a port number, got "${env.PORT}"`);
  return port;
}

/** Runs an app's main, turning a start-up failure into one clear line and exit code 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`${name}: ${message}\n`);
    if (!(err instanceof SettingsError) && process.env.DEBUG) console.error(err);
    process.exit(1);
  });
}
