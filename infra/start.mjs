// `npm start`: the whole stack on this machine. Builds dist/, starts PostgreSQL and the Temporal dev
// server (unless DATABASE_URL / TEMPORAL_ADDRESS point at existing ones), runs the migrations, then the
// worker and the API, and prints where everything is. Ctrl-C (or SIGTERM) stops the API, the worker,
// Temporal and Postgres in that order and exits 0. Any failure stops what was started and exits 1 with
// one line naming the problem.
// `npm run demo` (--demo): the same stack on its own data directory (.data/demo unless DATA_DIR is set),
// with the compressed clocks of infra/demo/policy.json (unless PATHWAY_POLICY_FILE is set), then seeds a
// demo territory over the API (infra/demo/seed.cjs) and says as whom to sign in.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { buildDist, DIST, ROOT } = require('./build.cjs');
const { assertPortFree, portSetting } = require('./ports.cjs');
const { startPostgres, checkDatabaseUrl, redactPassword } = require('./postgres.cjs');
const { startTemporalDevServer, checkTemporalServer } = require('./temporal.cjs');
const { startSmtpCatcher } = require('./smtp-catcher.cjs');
const { spawnService, describeExit, pollUntil, lastErrorLine } = require('./processes.cjs');
const { temporalCliPath } = require('./tools.cjs');

const startedAt = Date.now();
const demo = process.argv.includes('--demo');
const seeding = new AbortController(); // --demo: a shutdown stops the seeding first
const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const PREFIXES = { start: paint('1', '[start]'), migrate: paint('33', '[migrate]'), worker: paint('35', '[worker]'), api: paint('36', '[api]'), demo: paint('32', '[demo]') };
const say = (message) => console.log(`${PREFIXES.start} ${message}`);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const shortPath = (file) => (file.startsWith(ROOT + path.sep) ? path.relative(ROOT, file) : file);
process.stdout.on('error', () => undefined); // e.g. `npm start | head`: keep running, stop cleanly later
process.stderr.on('error', () => undefined);

// What was started. Stopped by rank, highest first: the API, the worker, Temporal, then Postgres (the
// two servers start side by side, so their start order says nothing).
const RANK = { Postgres: 0, Temporal: 1, 'mail catcher': 1, migrations: 2, worker: 3, api: 4 };
const started = new Map(); // name → stop()
const starting = new Set(); // start-up steps in flight, awaited before stopping
let stopping = false;

/** Stops everything started and exits; `problem` is the one line explaining an abnormal end. */
async function shutdown(exitCode, problem) {
  if (stopping) return; // Ctrl-C arrives twice under npm (from the terminal, and forwarded by npm)
  stopping = true;
  seeding.abort(new Error('stopping'));
  if (problem) console.error(`${PREFIXES.start} ${paint('31', `error: ${problem}`)}`);
  await Promise.allSettled([...starting]);
  const order = [...started.keys()].sort((a, b) => RANK[b] - RANK[a]);
  if (order.length) say(`stopping ${order.join(', ')} ...`);
  for (const name of order) {
    try {
      await started.get(name)?.();
    } catch (err) {
      console.error(`${PREFIXES.start} stopping ${name} failed: ${err.message}`);
    }
  }
  if (!problem) say('stopped');
  process.exit(exitCode);
}

/** Runs a start-up step so that a shutdown meanwhile waits for it (and then stops what it started). */
async function step(promise) {
  starting.add(promise);
  try {
    return await promise;
  } finally {
    starting.delete(promise);
  }
}

/**
 * Registers a started service; if it ends on its own before we stop it, the whole stack goes down.
 * `explain()` says where to look (its last output line, or its log file).
 */
function track(name, { stop, exited }, explain) {
  started.set(name, stop);
  void exited.then((status) => {
    started.delete(name);
    if (!stopping) void shutdown(1, `${name} exited unexpectedly (${describeExit(status)}): ${explain()}`);
  });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(0));
// npm runs us through `sh -c`, and on SIGTERM npm signals that shell, which dies without passing it on.
// Being re-parented means whoever started us is gone: stop everything rather than run on unattended.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid === parentPid || stopping) return;
  say('the process that started us has gone; stopping');
  void shutdown(0);
}, 1000).unref();
process.on('uncaughtException', (err) => void shutdown(1, err.message));
process.on('unhandledRejection', (err) => void shutdown(1, err instanceof Error ? err.message : String(err)));

function readSettings(env) {
  const dataDir = path.resolve(ROOT, env.DATA_DIR || (demo ? '.data/demo' : '.data'));
  return {
    dataDir,
    apiPort: portSetting(env.PORT, 3000, 'PORT'),
    databaseUrl: env.DATABASE_URL || undefined,
    postgresPort: portSetting(env.POSTGRES_PORT, 5432, 'POSTGRES_PORT'),
    temporalAddress: env.TEMPORAL_ADDRESS || undefined,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    temporalPort: portSetting(env.TEMPORAL_PORT, 7233, 'TEMPORAL_PORT'),
    temporalUiPort: portSetting(env.TEMPORAL_UI_PORT, 8233, 'TEMPORAL_UI_PORT'),
    smtpUrl: env.SMTP_URL || undefined,
    smtpPort: portSetting(env.SMTP_PORT, 1025, 'SMTP_PORT'),
  };
}

/** Every setting checked before anything starts: ports free, external servers reachable. */
async function checkSettings(settings) {
  await assertPortFree(settings.apiPort, 'API', 'PORT');
  if (!settings.databaseUrl) await assertPortFree(settings.postgresPort, 'Postgres', 'POSTGRES_PORT');
  if (!settings.temporalAddress) {
    await assertPortFree(settings.temporalPort, 'Temporal', 'TEMPORAL_PORT');
    await assertPortFree(settings.temporalUiPort, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }
  if (!settings.smtpUrl) await assertPortFree(settings.smtpPort, 'mail catcher', 'SMTP_PORT');
  if (settings.databaseUrl) await checkDatabaseUrl(settings.databaseUrl);
  if (settings.temporalAddress) await checkTemporalServer(settings.temporalAddress, settings.namespace);
}

/**
 * The apps never connect as the tables' owner (issue 15): on the embedded server `migrate` runs as
 * `postgres` and gives the role care_app (created by migration AppRole) a local password, and the worker
 * and the API connect as care_app. With an external DATABASE_URL it is used as given: DATABASE_URL is
 * the app's role, MIGRATION_DATABASE_URL the owner's (README, Configuration).
 */
function appDatabaseSettings(settings, url) {
  if (settings.databaseUrl) return { DATABASE_URL: url };
  const appUrl = new URL(url);
  appUrl.username = 'care_app';
  appUrl.password = 'care_app'; // a local development server bound to 127.0.0.1, like postgres/postgres
  return { DATABASE_URL: appUrl.toString(), MIGRATION_DATABASE_URL: url, APP_DATABASE_PASSWORD: 'care_app' };
}

async function startDatabase(settings) {
  if (settings.databaseUrl) {
    say(`using DATABASE_URL ${redactPassword(settings.databaseUrl)}`);
    return settings.databaseUrl;
  }
  const since = Date.now();
  const pg = await startPostgres({ dataDir: path.join(settings.dataDir, 'postgres'), port: settings.postgresPort });
  track('Postgres', pg, () => `see ${shortPath(pg.logFile)}`);
  say(`Postgres ready on 127.0.0.1:${pg.port} in ${seconds(since)} (log: ${shortPath(pg.logFile)})`);
  return pg.url;
}

async function startTemporal(settings) {
  if (settings.temporalAddress) {
    say(`using TEMPORAL_ADDRESS ${settings.temporalAddress}, namespace ${settings.namespace}`);
    return { address: settings.temporalAddress, uiUrl: undefined };
  }
  const since = Date.now();
  const temporal = await startTemporalDevServer({
    dbFile: path.join(settings.dataDir, 'temporal.sqlite'),
    port: settings.temporalPort,
    uiPort: settings.temporalUiPort,
    namespace: settings.namespace,
  });
  track('Temporal', temporal, () => `see ${shortPath(temporal.logFile)}`);
  say(`Temporal dev server ready on ${temporal.address} in ${seconds(since)} (log: ${shortPath(temporal.logFile)})`);
  return temporal;
}

/**
 * Where reminders are e-mailed: SMTP_URL when set, else a local catcher that keeps every message as a
 * .eml file under the data directory (nothing leaves the machine), so a person can read what was sent.
 */
async function startMail(settings) {
  if (settings.smtpUrl) {
    say(`using SMTP_URL ${redactPassword(settings.smtpUrl)} for reminders`);
    return { url: settings.smtpUrl, dir: undefined };
  }
  const catcher = await startSmtpCatcher({ port: settings.smtpPort, dir: path.join(settings.dataDir, 'mail') });
  started.set('mail catcher', () => catcher.stop());
  say(`Mail catcher: ${catcher.url}, messages in ${catcher.dir}`);
  return { url: catcher.url, dir: catcher.dir };
}

/** Runs one of the dist/ apps as a child process, its output prefixed with its name. */
function spawnApp(name, script, env) {
  const plain = `[${name}]`;
  const prefixed = (line) => (line.startsWith(plain) ? PREFIXES[name] + line.slice(plain.length) : `${PREFIXES[name]} ${line}`);
  return spawnService(name, process.execPath, ['--enable-source-maps', path.join(DIST, script)], {
    cwd: ROOT,
    env,
    onLine: (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`${prefixed(line)}\n`),
  });
}

async function runMigrations(env) {
  const since = Date.now();
  const migrate = spawnApp('migrate', 'apps/worker/src/migrate.js', env);
  started.set('migrations', () => migrate.stop());
  const status = await migrate.exited;
  started.delete('migrations');
  if (stopping) return;
  if (status.code !== 0) throw new Error(`database migrations failed (${describeExit(status)}): ${lastErrorLine(migrate.recentLines())}`);
  say(`migrations applied in ${seconds(since)}`);
}

/** Status code of GET url, or undefined if nothing answers. */
function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
  });
}

async function main() {
  const settings = readSettings(process.env);
  await checkSettings(settings);

  if (!settings.temporalAddress) temporalCliPath(); // installs the pinned CLI on first use (a line says so)
  let since = Date.now();
  buildDist({ web: true });
  for (const script of ['apps/worker/src/migrate.js', 'apps/worker/src/main.js', 'apps/api/src/main.js']) {
    if (!fs.existsSync(path.join(DIST, script))) throw new Error(`dist/${script} is missing after the build; is apps/ complete?`);
  }
  say(`built dist/ and the web app in ${seconds(since)}`);

  // Postgres and Temporal do not depend on each other: start them side by side.
  fs.mkdirSync(settings.dataDir, { recursive: true });
  const [database, temporal] = await step(Promise.allSettled([startDatabase(settings), startTemporal(settings)]));
  if (database.status === 'rejected') throw database.reason;
  if (temporal.status === 'rejected') throw temporal.reason;
  if (stopping) return;
  const mail = await step(startMail(settings));
  if (stopping) return;

  const appEnv = {
    ...process.env,
    ...appDatabaseSettings(settings, database.value),
    TEMPORAL_ADDRESS: temporal.value.address,
    TEMPORAL_NAMESPACE: settings.namespace,
    PORT: String(settings.apiPort),
    SMTP_URL: mail.url,
    ...(demo && !process.env.PATHWAY_POLICY_FILE ? { PATHWAY_POLICY_FILE: require('./demo/seed.cjs').POLICY_FILE } : {}),
    ...(color && !process.env.FORCE_COLOR ? { FORCE_COLOR: '1' } : {}),
    // The apps log JSON lines unless told otherwise: readable lines for this terminal.
    ...(process.stdout.isTTY && !process.env.LOG_FORMAT ? { LOG_FORMAT: 'pretty' } : {}),
  };
  await runMigrations(appEnv); // not a step(): shutdown stops a running migration instead of waiting
  if (stopping) return;

  since = Date.now();
  for (const [name, script] of [['worker', 'apps/worker/src/main.js'], ['api', 'apps/api/src/main.js']]) {
    const app = spawnApp(name, script, appEnv);
    track(name, app, () => lastErrorLine(app.recentLines()));
  }
  const apiBase = `http://127.0.0.1:${settings.apiPort}`;
  let lastStatus;
  await pollUntil(async () => (lastStatus = await httpStatus(`${apiBase}/health`)) === 200, {
    timeoutMs: 60_000,
    intervalMs: 250,
    timeoutMessage: () => `the API did not report healthy within 60 s (GET /health ${lastStatus ? `answered ${lastStatus}` : 'got no answer'}); see the [api] lines above`,
    failIf: () => (stopping ? 'stopping' : undefined),
  }).catch((err) => {
    if (!stopping) throw err;
  });
  if (stopping) return;

  const rows = [
    ['Web app', `${apiBase}/`],
    ['API', `${apiBase}/api/v1`],
    ['OpenAPI UI', `${apiBase}/docs`],
    ['Temporal Web UI', temporal.value.uiUrl ?? '(external Temporal: use its own Web UI)'],
    ['Temporal', `${temporal.value.address}, namespace ${settings.namespace}`],
    ['Postgres', settings.databaseUrl ? redactPassword(database.value) : database.value],
    ['Mail', mail.dir ? `catcher ${mail.url}, messages in ${mail.dir}` : redactPassword(mail.url)],
    ['Data', settings.dataDir],
    ...(appEnv.PATHWAY_POLICY_FILE ? [['Policy', shortPath(appEnv.PATHWAY_POLICY_FILE)]] : []),
  ];
  const line = '─'.repeat(72);
  console.log(
    [
      line,
      paint('1;32', ` Care-pathway orchestrator is up (API healthy ${seconds(since)} after launch, ${seconds(startedAt)} in all)`),
      ...rows.map(([label, value]) => `   ${label.padEnd(16)} ${value}`),
      ' Ctrl-C stops everything.',
      line,
    ].join('\n'),
  );
  if (demo) await seedTerritory(apiBase);
}

/** --demo: seeds the demo territory over the API, then says as whom to sign in. */
async function seedTerritory(apiBase) {
  const { seedDemo, signInLines } = require('./demo/seed.cjs');
  const log = (text) => console.log(`${PREFIXES.demo} ${text}`);
  let report;
  try {
    report = await seedDemo({ apiUrl: apiBase, log, signal: seeding.signal });
  } catch (err) {
    if (stopping) return;
    throw new Error(`seeding the demo territory failed: ${err.message}`);
  }
  const line = '─'.repeat(72);
  console.log([line, paint('1;32', ` Demo territory seeded in ${report.seconds.toFixed(1)} s`), ...signInLines(apiBase, report).map((l) => ` ${l}`)].join('\n'));
  if (report.failures.length) console.log(paint('33', ` ${report.failures.length} pathway(s) could not be seeded (see the [demo] lines above); the rest is up.`));
  console.log([' Ctrl-C stops everything.', line].join('\n'));
}

main().catch((err) => void shutdown(1, err.message));
