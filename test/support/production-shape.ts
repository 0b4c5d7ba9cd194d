// The production shape on this machine (issue 17): an application PostgreSQL reached as an external
// DATABASE_URL, a Temporal cluster, a real OpenID provider, a mail server, the migrations, two workers,
// two API replicas and HAProxy in front of them, every app with NODE_ENV=production and the settings of
// the deployment's env files (infra/deploy/*.env.example), the local values replacing only what names a
// real region. Temporal is either the real server on its own PostgreSQL (`npm run test:production`,
// infra/temporal-server.cjs) or the dev server (the short form in `npm test`); everything else is the same.
//
// Every process goes through infra/processes.cjs (stopped by stop(), by the leak guard, or by its orphan
// guard when this process dies, e.g. on Ctrl-C).
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { startLoadBalancer } from '../../infra/haproxy.cjs';
import { isPortFree } from '../../infra/ports.cjs';
import { startPostgres } from '../../infra/postgres.cjs';
import { describeExit, lastErrorLine, pollUntil, spawnService } from '../../infra/processes.cjs';
import type { ServiceProcess } from '../../infra/processes.cjs';
import { startSmtpCatcher } from '../../infra/smtp-catcher.cjs';
import type { SmtpCatcher } from '../../infra/smtp-catcher.cjs';
import { startTemporalDevServer } from '../../infra/temporal.cjs';
import { startTemporalServer } from '../../infra/temporal-server.cjs';
import { temporalCliPath } from '../../infra/tools.cjs';
import { freshDataDir } from './stack';

const run = promisify(execFile);

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const DEPLOY = path.join(ROOT, 'infra', 'deploy');
const OIDC_PROVIDER = path.join(ROOT, 'test', 'e2e', 'web-oidc-provider.mjs');
const SCRIPTS = { migrate: 'apps/worker/src/migrate.js', worker: 'apps/worker/src/main.js', api: 'apps/api/src/main.js' } as const;
const NAMESPACE = 'care-pathways-local';
export const AUDIENCE = 'care-pathways-api';
const RESOURCE = 'https://api.care-pathways.test';
const APP_ROLE = 'care_app';

export type TemporalKind = 'server' | 'dev';

/** A person of the story as the OpenID provider knows them: a client that gets tokens by client credentials. */
export interface Identity {
  id: string;
  roles: string[];
  territory?: string;
  email?: string;
  /** A care-team professional's national identifier (Pro Santé Connect's claim), with no roles. */
  SubjectNameID?: string;
}

export interface ProductionShapeOptions {
  temporal: TemporalKind;
  identities: Identity[];
  /** Overrides of the pathway policy (PATHWAY_POLICY_FILE), e.g. short deadlines so reminders come due. */
  policy: Record<string, string>;
}

export interface ProductionShape {
  /** The load balancer: the only address the story talks to. */
  url: string;
  temporalAddress: string;
  namespace: string;
  /** The owner's URL, for reading what the apps wrote. */
  databaseUrl: string;
  catcher: SmtpCatcher;
  /** A fresh access token of the provider for `identity` (cached until shortly before it expires). */
  token(identityId: string): Promise<string>;
  /** Seconds each component took to start, in start order. */
  startup: Record<string, number>;
  killApi(replica: 0 | 1): Promise<void>;
  startApi(replica: 0 | 1): Promise<number>;
  killWorker(replica: 0 | 1): Promise<void>;
  /** Starts a worker; resolves with the seconds until Temporal lists it among the task queue's pollers. */
  startWorker(replica: 0 | 1): Promise<number>;
  logs: Record<string, string[]>;
  stop(): Promise<void>;
}

/**
 * The settings a deployment's env file sets, with each `<placeholder>` value (and the region's hosts)
 * replaced by `local`. A placeholder left without a local value, or a local value for a variable the file
 * does not set, fails: the file and this test cannot drift apart. `unset` names variables the local
 * cluster has no use for (e.g. its mTLS files: it serves plain gRPC on loopback).
 */
export function deploymentEnv(file: string, local: Record<string, string>, unset: string[] = []): Record<string, string> {
  const text = fs.readFileSync(path.join(DEPLOY, file), 'utf8');
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) env[match[1]] = match[2];
  }
  for (const name of [...Object.keys(local), ...unset]) {
    if (!(name in env)) throw new Error(`infra/deploy/${file} does not set ${name}; the production-shape test gives it a local value`);
  }
  for (const name of unset) delete env[name];
  Object.assign(env, local);
  const placeholders = Object.entries(env).filter(([, value]) => /<[a-z][a-z0-9 -]*>/.test(value));
  if (placeholders.length) throw new Error(`infra/deploy/${file}: ${placeholders.map(([name]) => name).join(', ')} still a placeholder: give it a local value in test/support/production-shape.ts`);
  return env;
}

export async function startProductionShape(options: ProductionShapeOptions): Promise<ProductionShape> {
  for (const script of Object.values(SCRIPTS)) {
    if (!fs.existsSync(path.join(DIST, script))) throw new Error(`dist/${script} is missing: build first (node infra/build.cjs)`);
  }
  const dataDir = freshDataDir('care-pathways-production-');
  const logs: Record<string, string[]> = {};
  const logTo = (name: string) => {
    const lines = (logs[name] = logs[name] ?? []);
    return (line: string) => {
      lines.push(line);
      if (lines.length > 5000) lines.shift();
      if (process.env.E2E_LOGS === '1') process.stdout.write(`[${name}] ${line}\n`);
    };
  };
  const stops: Array<() => Promise<unknown>> = [];
  const startup: Record<string, number> = {};
  const timed = async <T>(name: string, start: () => Promise<T>): Promise<T> => {
    const since = Date.now();
    const result = await start();
    startup[name] = (Date.now() - since) / 1000;
    return result;
  };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      for (const stopOne of stops.reverse()) await stopOne().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    })());

  try {
    const ports = await distinctFreePorts(24);
    const port = () => ports.shift() as number;

    // The application's PostgreSQL, used as an external DATABASE_URL; Temporal's is another server.
    const appPostgres = await timed('application PostgreSQL', () =>
      startPostgres({ dataDir: path.join(dataDir, 'app-postgres'), port: port(), log: logTo('app-postgres'), serverFlags: THROWAWAY_DATA }),
    );
    stops.push(() => appPostgres.stop());

    const temporal = await startTemporal(options.temporal, dataDir, port, logTo, timed, stops);

    const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'production-shape', alg: 'RS256', use: 'sig' };
    const secrets = new Map(options.identities.map((identity) => [identity.id, randomBytes(24).toString('base64url')]));
    const issuer = await timed('OpenID provider', () => startOidcProvider(signingKey, options.identities, secrets, logTo('oidc'), stops));

    const catcher = await timed('mail server', () => startSmtpCatcher({ port: 0, dir: path.join(dataDir, 'mail') }));
    stops.push(() => catcher.stop());

    const policyFile = path.join(dataDir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify(options.policy));
    const appPassword = randomBytes(18).toString('base64url');
    const appDatabaseUrl = Object.assign(new URL(appPostgres.url), { username: APP_ROLE, password: appPassword }).toString();
    const keyId = 'k-production-shape';
    const lbPort = port(); // taken now: the plan links in the e-mails point at the load balancer
    const shared = {
      ACKNOWLEDGEMENT_LINK_SECRET: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: `http://127.0.0.1:${lbPort}`,
      DATABASE_URL: appDatabaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      PAYLOAD_ENCRYPTION_KEYS: `${keyId}:${randomBytes(32).toString('base64')}`,
      PAYLOAD_ENCRYPTION_KEY_ID: keyId,
    };
    const base = { PATH: process.env.PATH ?? '', ...(process.env.CARE_PATHWAYS_TEST_RUN ? { CARE_PATHWAYS_TEST_RUN: process.env.CARE_PATHWAYS_TEST_RUN } : {}) };
    const temporalTls = ['TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY'];
    const apiEnv: Record<string, string> = {
      ...base,
      ...deploymentEnv('api.env.example', { ...shared, AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_ISSUER: issuer, AUTH_AUDIENCE: AUDIENCE }, temporalTls),
      PATHWAY_POLICY_FILE: policyFile,
    };
    const workerEnv: Record<string, string> = {
      ...base,
      ...deploymentEnv('worker.env.example', { ...shared, SMTP_URL: catcher.url }, temporalTls),
      PATHWAY_POLICY_FILE: policyFile,
      // Tuning for a test of minutes, not a region's defaults: the outbox polled every second, and a
      // reminder left "sending" by a killed worker taken over after 10 s rather than 2 min.
      REMINDER_POLL_MS: '1000',
      REMINDER_LEASE_MS: '10000',
    };

    const spawnApp = (name: string, script: keyof typeof SCRIPTS, env: Record<string, string>) =>
      spawnService(name, process.execPath, ['--enable-source-maps', path.join(DIST, SCRIPTS[script])], { cwd: ROOT, env, onLine: logTo(name) });

    await timed('migrations', async () => {
      const migrate = spawnApp('migrate', 'migrate', { ...workerEnv, MIGRATION_DATABASE_URL: appPostgres.url, APP_DATABASE_PASSWORD: appPassword });
      stops.push(() => migrate.stop());
      const status = await migrate.exited;
      if (status.code !== 0) throw new Error(`migrations failed (${describeExit(status)}): ${lastErrorLine(migrate.recentLines())}`);
    });

    // Each replica listens on ports of its own here (in a region each is a pod, and the files' fixed ports do).
    const listeners = (names: string[]) => [0, 1].map(() => Object.fromEntries(names.map((name) => [name, name.endsWith('_PORT') ? String(port()) : `127.0.0.1:${port()}`])));
    const workerListeners = listeners(['WORKER_HEALTH_PORT', 'WORKER_METRICS_ADDRESS', 'WORKER_TEMPORAL_METRICS_ADDRESS']);
    const apiListeners = listeners(['METRICS_ADDRESS']);
    const workers: (ServiceProcess | undefined)[] = [undefined, undefined];
    const startWorker = async (replica: 0 | 1) => {
      if (workers[replica]?.isRunning()) throw new Error(`worker ${replica + 1} is running`);
      const since = Date.now();
      const worker = spawnApp(`worker-${replica + 1}`, 'worker', { ...workerEnv, HOST: '127.0.0.1', ...workerListeners[replica] });
      workers[replica] = worker;
      // Ready once the server has seen it poll: its pollers are named <pid>@<host> (the SDK's default identity).
      await pollUntil(() => pollsTaskQueue(temporal, workerEnv.TEMPORAL_TASK_QUEUE ?? 'care-pathways', `${worker.pid}@`), {
        timeoutMs: 90_000,
        intervalMs: 500,
        timeoutMessage: `worker ${replica + 1} did not poll its task queue within 90 s`,
        failIf: () => (worker.isRunning() ? undefined : `worker ${replica + 1} exited: ${lastErrorLine(worker.recentLines())}`),
      });
      return (Date.now() - since) / 1000;
    };
    stops.push(async () => Promise.all(workers.map((worker) => worker?.stop({ graceMs: 15_000 }))));
    const apiPorts = [port(), port()];
    const apis: (ServiceProcess | undefined)[] = [undefined, undefined];
    const startApi = async (replica: 0 | 1) => {
      if (apis[replica]?.isRunning()) throw new Error(`API ${replica + 1} is running`);
      const since = Date.now();
      const api = spawnApp(`api-${replica + 1}`, 'api', { ...apiEnv, PORT: String(apiPorts[replica]), HOST: '127.0.0.1', ...apiListeners[replica] });
      apis[replica] = api;
      let last: number | undefined;
      await pollUntil(async () => (last = await httpStatus(`http://127.0.0.1:${apiPorts[replica]}/health/ready`)) === 200, {
        timeoutMs: 90_000,
        intervalMs: 250,
        timeoutMessage: () => `API ${replica + 1} did not report healthy within 90 s (last: ${last ?? 'no answer'})`,
        failIf: () => (api.isRunning() ? undefined : `API ${replica + 1} exited: ${lastErrorLine(api.recentLines())}`),
      });
      return (Date.now() - since) / 1000;
    };
    stops.push(async () => Promise.all(apis.map((api) => api?.stop({ graceMs: 15_000 }))));

    const [worker1, worker2, api1, api2] = await Promise.all([startWorker(0), startWorker(1), startApi(0), startApi(1)]);
    Object.assign(startup, { 'worker 1 (polling)': worker1, 'worker 2 (polling)': worker2, 'API 1 (healthy)': api1, 'API 2 (healthy)': api2 });
    const lb = await timed('HAProxy', () =>
      startLoadBalancer({ port: lbPort, backends: [`127.0.0.1:${apiPorts[0]}`, `127.0.0.1:${apiPorts[1]}`], log: logTo('haproxy') }),
    );
    stops.push(() => lb.stop());

    const tokens = new Map<string, { token: string; until: number }>();
    const token = async (identityId: string) => {
      const cached = tokens.get(identityId);
      if (cached && cached.until > Date.now()) return cached.token;
      const secret = secrets.get(identityId);
      if (!secret) throw new Error(`no identity ${identityId} at the OpenID provider`);
      const fresh = await clientCredentialsToken(issuer, identityId, secret);
      tokens.set(identityId, { token: fresh.token, until: Date.now() + (fresh.expiresIn - 60) * 1000 });
      return fresh.token;
    };

    return {
      url: lb.url,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      databaseUrl: appPostgres.url,
      catcher,
      token,
      startup,
      killApi: async (replica) => void (await apis[replica]?.stop({ signal: 'SIGKILL' })),
      startApi,
      killWorker: async (replica) => void (await workers[replica]?.stop({ signal: 'SIGKILL' })),
      startWorker,
      logs,
      stop,
    };
  } catch (err) {
    await stop();
    const message = err instanceof Error ? err.message : String(err);
    const tails = Object.entries(logs)
      .filter(([name]) => /^(api|worker|migrate)/.test(name))
      .map(([name, lines]) => `\n--- last ${name} output ---\n${lines.slice(-10).join('\n')}`)
      .join('');
    throw new Error(`the production shape did not start: ${message}${tails}`);
  }
}

/** Throw-away data: no fsync (the machine is shared; durability across a power cut is not under test). */
const THROWAWAY_DATA = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

type Timed = <T>(name: string, start: () => Promise<T>) => Promise<T>;

/** The real server on a PostgreSQL of its own, or the dev server; either serves NAMESPACE with the project's search attributes. */
async function startTemporal(kind: TemporalKind, dataDir: string, port: () => number, logTo: (name: string) => (line: string) => void, timed: Timed, stops: Array<() => Promise<unknown>>) {
  if (kind === 'dev') {
    const dev = await timed('Temporal dev server', () => startTemporalDevServer({ port: port(), headless: true, namespace: NAMESPACE, log: logTo('temporal') }));
    stops.push(() => dev.stop());
    return { address: dev.address, namespace: NAMESPACE };
  }
  const temporalPostgres = await timed("Temporal's PostgreSQL", () =>
    startPostgres({ dataDir: path.join(dataDir, 'temporal-postgres'), port: port(), log: logTo('temporal-postgres'), serverFlags: THROWAWAY_DATA }),
  );
  stops.push(() => temporalPostgres.stop());
  const membership = [await quietPort(), await quietPort(), await quietPort(), await quietPort()];
  const server = await timed('Temporal server (schema, start, namespace, search attributes)', () =>
    startTemporalServer({
      database: { host: '127.0.0.1', port: temporalPostgres.port, user: 'postgres', password: 'postgres' },
      ports: {
        frontend: port(),
        frontendHttp: port(),
        frontendMembership: membership[0],
        history: port(),
        historyMembership: membership[1],
        matching: port(),
        matchingMembership: membership[2],
        worker: port(),
        workerMembership: membership[3],
      },
      namespace: NAMESPACE,
      log: logTo('temporal'),
    }),
  );
  stops.push(() => server.stop());
  return { address: server.address, namespace: server.namespace };
}

/** An access token for the API from the provider, by the client-credentials grant of `identityId`'s client. */
export async function clientCredentialsToken(issuer: string, identityId: string, secret: string): Promise<{ token: string; expiresIn: number }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: identityId, client_secret: secret, resource: RESOURCE, scope: 'pathways' });
  const answer = await fetch(`${issuer}/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  const body = (await answer.json()) as { access_token?: string; expires_in?: number; error?: string };
  if (!answer.ok || !body.access_token) throw new Error(`the OpenID provider refused a token for ${identityId}: ${answer.status} ${body.error ?? ''}`);
  return { token: body.access_token, expiresIn: body.expires_in ?? 600 };
}

/** test/e2e/web-oidc-provider.mjs with one client-credentials client per identity; resolves with its issuer URL. */
export async function startOidcProvider(signingKey: Record<string, unknown>, identities: Identity[], secrets: Map<string, string>, log: (line: string) => void, stops: Array<() => Promise<unknown>>): Promise<string> {
  const machineClients = Object.fromEntries(identities.map(({ id, roles, territory, email, SubjectNameID }) => [id, { secret: secrets.get(id), roles, territory, email, SubjectNameID }]));
  let issuer: string | undefined;
  const provider = spawnService('oidc-provider', process.execPath, [OIDC_PROVIDER], {
    env: { PATH: process.env.PATH ?? '', OIDC_PROVIDER_OPTIONS: JSON.stringify({ signingKey, audience: AUDIENCE, resource: RESOURCE, accessTokenTtl: 3600, machineClients }) },
    onLine: (line) => {
      log(line);
      issuer ??= /^READY (\S+)/.exec(line)?.[1];
    },
  });
  stops.push(() => provider.stop());
  await pollUntil(() => issuer, {
    timeoutMs: 20_000,
    timeoutMessage: 'the OpenID provider did not start within 20 s',
    failIf: () => (provider.isRunning() ? undefined : `the OpenID provider exited: ${lastErrorLine(provider.recentLines())}`),
  });
  return issuer as string;
}

/**
 * A free port below the ephemeral range (the OS hands those out from 32768 for outgoing connections):
 * one picked there early can be taken by a connection of the Temporal server or a client before its
 * service binds it. A Temporal service's membership (ringpop) port must be below 32768 anyway: the
 * server stores it in a PostgreSQL smallint (cluster_membership.rpc_port).
 */
const portsTaken = new Set<number>();
async function quietPort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const candidate = 20_000 + Math.floor(Math.random() * 12_000);
    if (portsTaken.has(candidate) || !(await isPortFree(candidate))) continue;
    portsTaken.add(candidate);
    return candidate;
  }
  throw new Error('no free port between 20000 and 32000');
}

/** Whether Temporal lists a poller of `taskQueue` whose identity starts with `identityPrefix` (workflow tasks). */
async function pollsTaskQueue(temporal: { address: string; namespace: string }, taskQueue: string, identityPrefix: string): Promise<boolean> {
  const args = ['task-queue', 'describe', '--task-queue', taskQueue, '--address', temporal.address, '--namespace', temporal.namespace, '-o', 'json', '--disable-config-env', '--disable-config-file'];
  try {
    const { stdout } = await run(temporalCliPath(), args, { timeout: 15_000 });
    return stdout.includes(`"${identityPrefix}`);
  } catch {
    return false;
  }
}

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await quietPort());
  return ports;
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
