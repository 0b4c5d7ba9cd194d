/**
 * The environment both apps run on, read and checked once at start-up. A broken setting ends start-up
 * with one line naming it (SettingsError), never a stack trace.
 */
import { readFileSync } from 'node:fs';
import { parsePolicy, PathwayPolicy, PolicyError } from '@pathway/domain';
import { SettingName, Settings, settingsSchema } from './schema';

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

/**
 * The named settings, read from `env` through the schema; the first refused one ends it with a
 * SettingsError naming the variable. Only those named are read, so each part of an app checks its own
 * (and a start-up refusal names the same variable as before the schema).
 */
export function readSettings<K extends SettingName>(names: readonly K[], env: Env = process.env): Pick<Settings, K> {
  const settings: Partial<Settings> = {};
  for (const name of names) {
    const result = settingsSchema.shape[name].safeParse(env[name]);
    if (!result.success) throw new SettingsError(`${name} ${result.error.issues[0].message}`);
    Object.assign(settings, { [name]: result.data });
  }
  return settings as Pick<Settings, K>;
}

export function databaseUrl(env: Env = process.env): string {
  return readSettings(['DATABASE_URL'], env).DATABASE_URL;
}

/**
 * Where the migrations run: MIGRATION_DATABASE_URL, the owner of the tables, when the apps connect
 * (DATABASE_URL) as the least-privileged role `care_app` that may not change the schema; else DATABASE_URL.
 */
export function migrationDatabaseUrl(env: Env = process.env): string {
  return readSettings(['MIGRATION_DATABASE_URL'], env).MIGRATION_DATABASE_URL ?? databaseUrl(env);
}

/** APP_DATABASE_PASSWORD: the password `migrate` gives the role `care_app` (unset: left as it is). */
export function appDatabasePassword(env: Env = process.env): string | undefined {
  return readSettings(['APP_DATABASE_PASSWORD'], env).APP_DATABASE_PASSWORD;
}

export function temporalSettings(env: Env = process.env): TemporalSettings {
  const { TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE } = readSettings(['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE'], env);
  return { address: TEMPORAL_ADDRESS, namespace: TEMPORAL_NAMESPACE, taskQueue: TEMPORAL_TASK_QUEUE, ...temporalTransport(env) };
}

/** TEMPORAL_TLS_CERT + TEMPORAL_TLS_KEY (files, mTLS), TEMPORAL_TLS_CA, TEMPORAL_TLS_SERVER_NAME, TEMPORAL_API_KEY. */
function temporalTransport(env: Env): Pick<TemporalSettings, 'tls' | 'apiKey'> {
  const settings = readSettings(['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_CA', 'TEMPORAL_TLS_SERVER_NAME', 'TEMPORAL_TLS', 'TEMPORAL_API_KEY'], env);
  const read = (name: 'TEMPORAL_TLS_CERT' | 'TEMPORAL_TLS_KEY' | 'TEMPORAL_TLS_CA'): Buffer | undefined => {
    const file = settings[name];
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
  const serverName = settings.TEMPORAL_TLS_SERVER_NAME;
  const apiKey = settings.TEMPORAL_API_KEY;
  // An API key is only sent over TLS (Temporal Cloud requires it); TEMPORAL_TLS=1 asks for TLS with no client certificate.
  const tlsWanted = Boolean(crt || ca || serverName || apiKey || settings.TEMPORAL_TLS === '1');
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
  return readSettings(['WORKER_MAX_CACHED_WORKFLOWS'], env).WORKER_MAX_CACHED_WORKFLOWS;
}

/**
 * How long the answer to a request with an Idempotency-Key is kept for its retries (IDEMPOTENCY_RETENTION,
 * ISO-8601, default PT24H): it holds a whole answer, personal data included, so no longer than a client
 * retry can come. In milliseconds.
 */
export function idempotencyRetentionMs(env: Env = process.env): number {
  return readSettings(['IDEMPOTENCY_RETENTION'], env).IDEMPOTENCY_RETENTION;
}

/** The pathway policy: defaults, overridden by the JSON file named by PATHWAY_POLICY_FILE. */
export function pathwayPolicy(env: Env = process.env): PathwayPolicy {
  const file = readSettings(['PATHWAY_POLICY_FILE'], env).PATHWAY_POLICY_FILE;
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
  return readSettings(['PORT'], env).PORT;
}

/**
 * The observability listeners and exporter (README "Operating it"): the API's and the worker's /metrics,
 * the Temporal SDK's own Prometheus exporter in the worker, and the OTLP endpoint of traces. Each is off
 * while unset.
 */
export interface TelemetrySettings {
  metricsAddress?: string;
  workerMetricsAddress?: string;
  workerTemporalMetricsAddress?: string;
  otlpEndpoint?: string;
}

export function telemetrySettings(env: Env = process.env): TelemetrySettings {
  const s = readSettings(['METRICS_ADDRESS', 'WORKER_METRICS_ADDRESS', 'WORKER_TEMPORAL_METRICS_ADDRESS', 'OTEL_EXPORTER_OTLP_ENDPOINT'], env);
  return {
    metricsAddress: s.METRICS_ADDRESS,
    workerMetricsAddress: s.WORKER_METRICS_ADDRESS,
    workerTemporalMetricsAddress: s.WORKER_TEMPORAL_METRICS_ADDRESS,
    otlpEndpoint: s.OTEL_EXPORTER_OTLP_ENDPOINT,
  };
}

/** HOST: the address to listen on (loopback by default; 0.0.0.0 in a container). */
export function listenHost(env: Env = process.env): string {
  return readSettings(['HOST'], env).HOST;
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
