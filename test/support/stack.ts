// The whole product, started for one end-to-end suite: its own PostgreSQL and Temporal dev server on free
// ports with data in a fresh temporary directory, the migrations, then the built worker and API from
// dist/. Nothing is shared with a dev stack (`npm start`) or another suite, and stop() throws it all away.
//
// Usage:
//   let stack: Stack;
//   beforeAll(async () => { stack = await startStack(); });
//   afterAll(() => stack?.stop());
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../infra/ports.cjs';
import { startPostgres } from '../../infra/postgres.cjs';
import { startTemporalDevServer } from '../../infra/temporal.cjs';
import { spawnService, pollUntil, describeExit, lastErrorLine } from '../../infra/processes.cjs';
import type { ServiceProcess } from '../../infra/processes.cjs';

const ROOT = path.resolve(__dirname, '../..');
/** The application role (libs/persistence migration AppRole) and its password on these throw-away servers. */
const APP_ROLE = 'care_app';
const APP_PASSWORD = 'care_app';
const DIST = path.join(ROOT, 'dist');
const SCRIPTS = {
  migrate: 'apps/worker/src/migrate.js',
  worker: 'apps/worker/src/main.js',
  api: 'apps/api/src/main.js',
} as const;

export type StackService = 'postgres' | 'temporal' | 'migrate' | 'worker' | 'api';

export interface StackOptions {
  /** Extra environment for the migrations, worker and API (e.g. PATHWAY_POLICY_FILE, SMTP_URL). */
  env?: Record<string, string>;
  /**
   * The SMTP server the worker e-mails reminders to (SMTP_URL), e.g. a catcher the test started with
   * infra/smtp-catcher.cjs. Absent: the worker's reminder delivery is off and the outbox keeps them.
   */
  smtpUrl?: string;
}

export interface Stack {
  /** Origin of the API, e.g. http://127.0.0.1:41234 (routes are under /api/v1, health at /health). */
  apiUrl: string;
  /** The owner's URL (`postgres`, superuser): what the migrations run as, and what a test uses to inspect or rig the schema. */
  databaseUrl: string;
  /** What the API and the worker connect as: the least-privileged role care_app (migration AppRole). */
  appDatabaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  /** The environment the apps run with. */
  env: Record<string, string>;
  /** Output of each service so far, one entry per line. */
  logs: Record<StackService, string[]>;
  /**
   * Stops the worker and starts a new one with the same settings (e.g. to test a worker crash:
   * `{ signal: 'SIGKILL' }` kills it without letting it finish anything).
   */
  restartWorker(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Stops the worker (SIGTERM and a 15 s grace by default; SIGKILL to crash it) and leaves it stopped. */
  stopWorker(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Starts a worker again after stopWorker(); `env` adds to the stack's environment for this worker only. */
  startWorker(options?: { env?: Record<string, string> }): void;
  /** Stops the API (SIGTERM by default) and leaves it stopped. */
  stopApi(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Starts the API again on the same port; resolves once it answers HTTP (whatever /health says). */
  startApi(): Promise<void>;
  /** stopApi() then startApi(). */
  restartApi(options?: { signal?: NodeJS.Signals }): Promise<void>;
  /** Stops the Temporal dev server; its SQLite file is kept for startTemporal(). */
  stopTemporal(): Promise<void>;
  /** Starts the Temporal dev server again on the same port and file (workflows persisted so far resume). */
  startTemporal(): Promise<void>;
  /** Stops PostgreSQL (fast shutdown); its data directory is kept for startPostgres(). */
  stopPostgres(): Promise<void>;
  /** Starts PostgreSQL again on the same port and data directory. */
  startPostgres(): Promise<void>;
  /** Stops the API, the worker, Temporal and Postgres, and deletes their data. Idempotent. */
  stop(): Promise<void>;
}

/** Echo every service's output to stdout while tests run: `E2E_LOGS=1 npm test -- --projects=e2e`. */
const echoLogs = process.env.E2E_LOGS === '1';

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  assertBuilt();
  const logs: Record<StackService, string[]> = { postgres: [], temporal: [], migrate: [], worker: [], api: [] };
  const logTo = (service: StackService) => (line: string) => {
    logs[service].push(line);
    if (echoLogs) process.stdout.write(`[${service}] ${line}\n`);
  };

  const dataDir = freshDataDir(DATA_DIR_PREFIX);
  const stops: Array<() => Promise<unknown>> = []; // in start order; stop() runs them backwards
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    })());

  try {
    const [postgresPort, temporalPort, apiPort] = await distinctFreePorts(3);
    // Postgres and Temporal do not depend on each other: start them side by side.
    // Started again by startPostgres()/startTemporal() on the same port and data (fault tests).
    const launchPostgres = () =>
      startPostgres({
        dataDir: path.join(dataDir, 'postgres'),
        port: postgresPort,
        log: logTo('postgres'),
        serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'], // throw-away data
      });
    const launchTemporal = () => startTemporalDevServer({ dbFile: path.join(dataDir, 'temporal.sqlite'), port: temporalPort, headless: true, log: logTo('temporal') });
    const [postgresStart, temporalStart] = await Promise.allSettled([launchPostgres(), launchTemporal()]);
    // Whichever of the two started is stopped if the other did not, before anything else is looked at.
    // (The stop closures read these variables, which startPostgres()/startTemporal() below replace.)
    let postgres = postgresStart.status === 'fulfilled' ? postgresStart.value : undefined;
    let temporal = temporalStart.status === 'fulfilled' ? temporalStart.value : undefined;
    stops.push(() => postgres?.stop() ?? Promise.resolve());
    stops.push(() => temporal?.stop() ?? Promise.resolve());
    if (postgresStart.status === 'rejected') throw postgresStart.reason;
    if (temporalStart.status === 'rejected') throw temporalStart.reason;
    if (!postgres || !temporal) throw new Error('unreachable: both servers started');

    // The migrations run as the owner and give care_app its (local, throw-away) password; the apps connect as care_app.
    const appDatabaseUrl = Object.assign(new URL(postgres.url), { username: APP_ROLE, password: APP_PASSWORD }).toString();
    const env: Record<string, string> = {
      ...definedOnly(process.env),
      DATABASE_URL: appDatabaseUrl,
      MIGRATION_DATABASE_URL: postgres.url,
      APP_DATABASE_PASSWORD: APP_PASSWORD,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      PORT: String(apiPort),
      ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
      ...options.env,
    };
    const spawnApp = (name: keyof typeof SCRIPTS, extraEnv: Record<string, string> = {}) =>
      spawnService(name, process.execPath, ['--enable-source-maps', path.join(DIST, SCRIPTS[name])], {
        cwd: ROOT,
        env: { ...env, ...extraEnv },
        onLine: logTo(name),
      });

    const migrate = spawnApp('migrate');
    stops.push(() => migrate.stop());
    const migrated = await migrate.exited;
    if (migrated.code !== 0) throw new Error(`migrations failed (${describeExit(migrated)}): ${lastErrorLine(logs.migrate)}`);

    let worker = spawnApp('worker');
    stops.push(() => worker.stop({ graceMs: 15_000 }));
    let api = spawnApp('api');
    stops.push(() => api.stop());

    const apiUrl = `http://127.0.0.1:${apiPort}`;
    let lastHealth: number | undefined;
    await pollUntil(async () => (lastHealth = await httpStatus(`${apiUrl}/health`)) === 200, {
      timeoutMs: 60_000,
      intervalMs: 250,
      timeoutMessage: () => `GET /health did not answer 200 within 60 s (last: ${lastHealth ?? 'no answer'})`,
      failIf: () => exitedEarly(api) ?? exitedEarly(worker),
    });

    const stopApi = async (options: { signal?: NodeJS.Signals } = {}) => {
      await api.stop({ graceMs: 15_000, signal: options.signal });
    };
    const startApi = async () => {
      if (api.isRunning()) throw new Error('the API is running: stopApi() first');
      api = spawnApp('api');
      await pollUntil(async () => (await httpStatus(`${apiUrl}/health`)) !== undefined, {
        timeoutMs: 60_000,
        intervalMs: 100,
        timeoutMessage: () => 'the restarted API did not answer HTTP within 60 s',
        failIf: () => exitedEarly(api),
      });
    };

    return {
      apiUrl,
      databaseUrl: postgres.url,
      appDatabaseUrl,
      temporalAddress: temporal.address,
      temporalNamespace: temporal.namespace,
      env,
      logs,
      restartWorker: async (restart = {}) => {
        await worker.stop({ graceMs: 15_000, signal: restart.signal });
        worker = spawnApp('worker');
      },
      stopWorker: async (options = {}) => {
        await worker.stop({ graceMs: 15_000, signal: options.signal });
      },
      startWorker: (options = {}) => {
        if (worker.isRunning()) throw new Error('the worker is running: stopWorker() first');
        worker = spawnApp('worker', options.env);
      },
      stopApi,
      startApi,
      restartApi: async (options = {}) => {
        await stopApi(options);
        await startApi();
      },
      stopTemporal: async () => {
        await temporal?.stop();
      },
      startTemporal: async () => {
        temporal = await launchTemporal();
      },
      stopPostgres: async () => {
        await postgres?.stop();
      },
      startPostgres: async () => {
        postgres = await launchPostgres();
      },
      stop,
    };
  } catch (err) {
    await stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`the end-to-end stack did not start: ${message}${tails(logs)}`);
  }
}

const DATA_DIR_PREFIX = 'care-pathways-e2e-';
const OWNER_FILE = 'owner.pid';

/**
 * A new data directory `<tmp>/<prefix>XXXXXX` owned by this process, which other users can enter (as
 * root, Postgres runs as `postgres`). An aborted test run leaves no process behind (the orphan guards of
 * infra/processes.cjs stop them) but cannot delete its data: the directories of `prefix` whose owning
 * process is gone are deleted first.
 */
export function freshDataDir(prefix: string): string {
  removeAbandonedDataDirs(prefix);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.writeFileSync(path.join(dataDir, OWNER_FILE), String(process.pid));
  fs.chmodSync(dataDir, 0o755);
  return dataDir;
}

function removeAbandonedDataDirs(prefix: string): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(prefix)) continue;
    const dir = path.join(os.tmpdir(), name);
    try {
      const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
      if (isAlive(owner)) continue;
    } catch {
      if (Date.now() - fs.statSync(dir).mtimeMs < 3_600_000) continue; // being created, or by an older stack.ts
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The built apps are a precondition: `npm test` builds them first; running Jest alone does not. */
function assertBuilt(): void {
  for (const script of Object.values(SCRIPTS)) {
    if (!fs.existsSync(path.join(DIST, script))) {
      throw new Error(`dist/${script} is missing: build first (npm test does; or run \`node infra/build.cjs\`)`);
    }
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

function exitedEarly(service: ServiceProcess): string | undefined {
  return service.isRunning() ? undefined : `${service.name} exited during start-up: ${lastErrorLine(service.recentLines())}`;
}

function httpStatus(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The last lines of each app's output, to make a failed start-up diagnosable from the test report. */
function tails(logs: Record<StackService, string[]>): string {
  return (['migrate', 'worker', 'api'] as const)
    .filter((service) => logs[service].length > 0)
    .map((service) => `\n--- last ${service} output ---\n${logs[service].slice(-15).join('\n')}`)
    .join('');
}
