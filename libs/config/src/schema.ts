/**
 * Every environment variable of the project, in one zod schema: its type, its default and the check it
 * must pass. The apps read their settings through `readSettings` (settings.ts) (plain code: the worker is no Nest
 * app); the README's Configuration table lists exactly these variables (schema.spec.ts compares them).
 * A message is written after the variable's name, which `readSettings` puts first: one line naming it.
 */
import { z } from 'zod';
import { addDuration, isDuration } from '@pathway/domain';

/** Unset or empty: the fallback; otherwise `parse` turns it into the setting or returns why it is refused. */
function variable<T>(fallback: T, parse: (raw: string) => T | { refused: string }) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      if (raw === undefined || raw.trim() === '') return fallback;
      const value = parse(raw.trim());
      if (value !== null && typeof value === 'object' && 'refused' in value) {
        ctx.addIssue({ code: 'custom', message: value.refused });
        return z.NEVER;
      }
      return value as T;
    });
}

/** Read as given (a name, a file, a URL the component it is handed to checks); unset or empty: undefined. */
const text = z
  .string()
  .optional()
  .transform((raw) => raw || undefined);

const wholeNumberOfAtLeast1 = (fallback: number) =>
  variable(fallback, (raw) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= 1 ? value : { refused: `must be a whole number of at least 1, got "${raw}"` };
  });

/** `host:port` to listen on (e.g. `0.0.0.0:9464`); unset or empty: undefined (that listener is off). */
const listenAddress = text.refine((address) => address === undefined || /^[\w.-]+:\d+$/.test(address), {
  error: (issue) => `must be host:port, got "${String(issue.input)}"`,
});

export const settingsSchema = z.object({
  DATABASE_URL: z
    .string({ error: 'is not set (npm start sets it for the embedded PostgreSQL)' })
    .min(1, { error: 'is not set (npm start sets it for the embedded PostgreSQL)' })
    .refine((url) => /^postgres(ql)?:\/\//.test(url), { error: (issue) => `must be a postgres:// URL, got "${String(issue.input).slice(0, 20)}..."` }),
  /** The owner of the tables, for `migrate`, when the apps connect as `care_app` (unset: DATABASE_URL). */
  MIGRATION_DATABASE_URL: text.refine((url) => url === undefined || /^postgres(ql)?:\/\//.test(url), {
    error: (issue) => `must be a postgres:// URL, got "${String(issue.input).slice(0, 20)}..."`,
  }),
  /** The password `migrate` gives the role `care_app` (unset: left as it is). */
  APP_DATABASE_PASSWORD: text,
  // `??`, not `||`, as before: an empty TEMPORAL_ADDRESS is a mistake to name, not the local default.
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .transform((raw) => raw ?? '127.0.0.1:7233')
    .refine((address) => /^[\w.-]+:\d+$/.test(address), { error: (issue) => `must be host:port, got "${String(issue.input ?? '')}"` }),
  TEMPORAL_NAMESPACE: text.transform((raw) => raw ?? 'default'),
  TEMPORAL_TASK_QUEUE: text.transform((raw) => raw ?? 'care-pathways'),
  /** Files (mTLS client certificate and key, CA); read, and checked to go together, by temporalSettings. */
  TEMPORAL_TLS_CERT: text,
  TEMPORAL_TLS_KEY: text,
  TEMPORAL_TLS_CA: text,
  TEMPORAL_TLS_SERVER_NAME: text,
  TEMPORAL_TLS: text,
  TEMPORAL_API_KEY: text,
  // `??` and Number(''), as before: an empty PORT is 0, a port the system picks.
  PORT: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const port = Number(raw ?? 3000);
      if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
      ctx.addIssue({ code: 'custom', message: `must be a port number, got "${raw}"` });
      return z.NEVER;
    }),
  /** The address the API (and the worker's health endpoint) listen on: loopback locally; a container needs 0.0.0.0. */
  HOST: variable('127.0.0.1', (raw) => (/^[\w.:-]+$/.test(raw) ? raw : { refused: `must be a host name or an IP address, got "${raw}"` })),
  /** The worker's health endpoint (GET /health/live, /health/ready); unset: none (the local stack needs none). */
  WORKER_HEALTH_PORT: variable<number | undefined>(undefined, (raw) => {
    const port = Number(raw);
    return Number.isInteger(port) && port >= 0 && port <= 65535 ? port : { refused: `must be a port number, got "${raw}"` };
  }),
  /**
   * On SIGTERM the API answers /health/ready 503 for this long before it stops accepting connections, so a
   * load balancer stops sending it requests first (its readiness period and more); then it drains. In ms.
   */
  SHUTDOWN_DELAY_MS: variable(0, (raw) => {
    const ms = Number(raw);
    return Number.isInteger(ms) && ms >= 0 && ms <= 120_000 ? ms : { refused: `must be a whole number of milliseconds between 0 and 120000, got "${raw}"` };
  }),
  /** `json` (one object a line: what a log platform reads) or `pretty` (for a terminal); unset: pretty on a terminal, else json. */
  LOG_FORMAT: variable<'json' | 'pretty' | undefined>(undefined, (raw) => (raw === 'json' || raw === 'pretty' ? raw : { refused: `must be json or pretty, got "${raw}"` })),
  LOG_LEVEL: variable('info', (raw) =>
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(raw) ? raw : { refused: `must be one of fatal, error, warn, info, debug, trace, silent; got "${raw}"` },
  ),
  PATHWAY_POLICY_FILE: text,
  WORKER_MAX_CACHED_WORKFLOWS: variable<number | undefined>(undefined, (raw) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= 0 ? value : { refused: `must be a whole number, got "${raw}"` };
  }),
  /** In milliseconds. */
  IDEMPOTENCY_RETENTION: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const duration = raw || 'PT24H';
      const ms = isDuration(duration) ? addDuration(0, duration).getTime() : NaN;
      if (ms >= 1000) return ms;
      ctx.addIssue({ code: 'custom', message: `must be an ISO-8601 duration of at least a second (e.g. PT24H), got "${duration}"` });
      return z.NEVER;
    }),
  /** The Temporal Web UI origins allowed to call /codec (the dev server's by default); trailing slashes dropped. */
  CODEC_CORS_ORIGINS: variable(['http://127.0.0.1:8233', 'http://localhost:8233'], (raw) =>
    raw
      .split(',')
      .map((origin) => origin.trim().replace(/\/$/, ''))
      .filter(Boolean),
  ),
  /** Prometheus scrape endpoints (GET /metrics), each on a listener of its own: off unless set. */
  METRICS_ADDRESS: listenAddress,
  WORKER_METRICS_ADDRESS: listenAddress,
  WORKER_TEMPORAL_METRICS_ADDRESS: listenAddress,
  /** OTLP/HTTP base URL (traces go to `<it>/v1/traces`); unset: no tracing. */
  OTEL_EXPORTER_OTLP_ENDPOINT: text.refine((url) => url === undefined || /^https?:\/\//.test(url), {
    error: (issue) => `must be an http(s):// URL, got "${String(issue.input).slice(0, 40)}"`,
  }),
  STEP_RATE_LIMIT_BURST: wholeNumberOfAtLeast1(200),
  STEP_RATE_LIMIT_PER_MINUTE: wholeNumberOfAtLeast1(120),
  CODEC_RATE_LIMIT_BURST: wholeNumberOfAtLeast1(100),
  CODEC_RATE_LIMIT_PER_MINUTE: wholeNumberOfAtLeast1(60),
  // Read and checked where they are used (the auth module, the reminders, the worker, the test scripts):
  // declared here so the schema is the whole list the README documents.
  AUTH_JWT_SECRET: text,
  AUTH_JWKS_URL: text,
  AUTH_ISSUER: text,
  AUTH_AUDIENCE: text,
  AUTH_CLIENT_ID: text,
  AUTH_SCOPES: text,
  /** The one-click plan links (plan-links.ts): checked there, refused in production when unset or short. */
  ACKNOWLEDGEMENT_LINK_SECRET: text,
  PUBLIC_BASE_URL: text.refine((url) => url === undefined || /^https?:\/\/[^\s/]+/.test(url), { error: (issue) => `must be an http(s):// URL, got "${String(issue.input).slice(0, 30)}"` }),
  SMTP_URL: text,
  SMTP_FROM: text,
  ACTIVITY_FAILURE_STUCK_ATTEMPTS: text,
  WORKER_FAULTS: text,
  DATA_DIR: text,
  POSTGRES_PORT: text,
  TEMPORAL_PORT: text,
  TEMPORAL_UI_PORT: text,
  TEMPORAL_CLI_PATH: text,
  TEMPORAL_TEST_SERVER_PATH: text,
  CHROMIUM_PATH: text,
  TEST_TIMEOUT_MINUTES: text,
  IMPORT_TOKEN: text,
  IMPORT_REPORT_JSON: text,
  PRODUCTION_SHAPE_PATHWAYS: text,
  // Read and checked where they are used too, and documented since environment.spec.ts holds the README to
  // every variable the code reads: production mode, the payload keys, the reminder dispatcher, the web app.
  NODE_ENV: text,
  DEBUG: text,
  PAYLOAD_ENCRYPTION_KEYS: text,
  PAYLOAD_ENCRYPTION_KEY_ID: text,
  SECURE_MESSAGING_WEBHOOK_URL: text,
  REMINDER_CHANNELS: text,
  REMINDER_POLL_MS: text,
  REMINDER_BATCH_SIZE: text,
  REMINDER_LEASE_MS: text,
  REMINDER_RETRY_INITIAL_MS: text,
  REMINDER_RETRY_MAX_MS: text,
  REMINDER_MAX_ATTEMPTS: text,
  REMINDER_TIME_ZONE: text,
  REMINDER_DIGEST_HOUR: text,
  REMINDER_TEMPLATES_DIR: text,
  WEB_DIST_DIR: text,
  SMTP_PORT: text,
});

export type Settings = z.output<typeof settingsSchema>;
export type SettingName = keyof Settings;
