// @ts-check
// The real Temporal server (not the dev server) for the production-shape test: the Go module
// go.temporal.io/server, pinned, built once into the ignored .tools/temporal-server-<version>/ with its
// SQL schema tool and the module's PostgreSQL schemas; then started on PostgreSQL with the deployment's
// own config (infra/deploy/temporal/config.yaml), its namespace created and the project's search
// attributes registered with the `temporal` CLI.
//
//   node infra/temporal-server.cjs   → builds it (if needed; about 12 min on one free core) and prints its path
'use strict';
const { execFile, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');
const { spawnService, waitForService, lastErrorLine } = require('./processes.cjs');
const { temporalCliPath } = require('./tools.cjs');

const ROOT = path.resolve(__dirname, '..');
/** The newest release whose toolchain requirement (go 1.26.8) is the Go installed here (1.32.2+ need 1.26.10). */
const TEMPORAL_SERVER_VERSION = '1.32.1';
const MODULE = 'go.temporal.io/server';
const TARGET = path.join(ROOT, '.tools', `temporal-server-${TEMPORAL_SERVER_VERSION}`);
const DEPLOY = path.join(ROOT, 'infra', 'deploy', 'temporal');
const SEARCH_ATTRIBUTES = path.join(ROOT, 'infra', 'search-attributes.json');
const run = promisify(execFile);

/**
 * @typedef {object} TemporalServerBinaries
 * @property {string} server     temporal-server
 * @property {string} sqlTool    temporal-sql-tool
 * @property {string} schemaDir  the module's schema/postgresql/v12 (temporal/ and visibility/)
 * @property {number | undefined} builtInMs  set when this call built them
 * @property {string} [builtBefore]  otherwise what the first build recorded, e.g. "built in 700 s"
 */

/** @param {string} dir */
function binariesIn(dir) {
  return {
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema', 'postgresql', 'v12'),
  };
}

/**
 * The pinned server and schema tool, built once with `go build` in a throw-away module that requires
 * the pinned version (GOFLAGS=-mod=mod: go.sum is resolved there, not committed here), then renamed
 * into place. Later calls find them and return at once.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<TemporalServerBinaries>}
 */
async function temporalServerBinaries({ log = (line) => process.stderr.write(`[temporal-server] ${line}\n`) } = {}) {
  const installed = path.join(TARGET, '.installed');
  if (fs.existsSync(installed)) return { ...binariesIn(TARGET), builtInMs: undefined, builtBefore: /built in \d+ s/.exec(fs.readFileSync(installed, 'utf8'))?.[0] };
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) throw new Error(`building the Temporal server needs Go (go 1.26.8 or newer on PATH): ${go.error?.message ?? go.stderr}`);
  const since = Date.now();
  log(`building ${MODULE} v${TEMPORAL_SERVER_VERSION} (cmd/server, cmd/tools/sql) with ${go.stdout.trim()} into ${path.relative(ROOT, TARGET)}: once, about 12 min on one free core`);
  fs.mkdirSync(path.dirname(TARGET), { recursive: true });
  const staging = fs.mkdtempSync(`${TARGET}.tmp-`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-temporal-build-'));
  try {
    fs.writeFileSync(path.join(work, 'go.mod'), `module build\n\ngo 1.26.8\n\nrequire ${MODULE} v${TEMPORAL_SERVER_VERSION}\n`);
    const env = { ...process.env, GOFLAGS: '-mod=mod' };
    const binaries = binariesIn(staging);
    fs.mkdirSync(path.dirname(binaries.server), { recursive: true });
    await goStep(['mod', 'download', `${MODULE}@v${TEMPORAL_SERVER_VERSION}`], work, env, log, 'downloading the module and its dependencies');
    for (const [output, pkg] of [
      [binaries.server, `${MODULE}/cmd/server`],
      [binaries.sqlTool, `${MODULE}/cmd/tools/sql`],
    ]) {
      await goStep(['build', '-o', output, pkg], work, env, log, `go build ${pkg}`);
    }
    const moduleDir = (await run('go', ['list', '-m', '-f', '{{.Dir}}', MODULE], { cwd: work, env })).stdout.trim();
    fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), binaries.schemaDir, { recursive: true });
    execFileChmod(staging);
    const version = spawnSync(binaries.server, ['--version'], { encoding: 'utf8' }).stdout.trim();
    if (!version.includes(TEMPORAL_SERVER_VERSION)) throw new Error(`the built server reports "${version}", not ${TEMPORAL_SERVER_VERSION}`);
    const builtInMs = Date.now() - since;
    fs.writeFileSync(path.join(staging, '.installed'), `${MODULE}@v${TEMPORAL_SERVER_VERSION}\n${version}\nbuilt in ${Math.round(builtInMs / 1000)} s\n`);
    fs.rmSync(TARGET, { recursive: true, force: true });
    fs.renameSync(staging, TARGET);
    log(`built in ${(builtInMs / 1000).toFixed(0)} s: ${version}`);
    return { ...binariesIn(TARGET), builtInMs };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The module cache is read-only; the copied schema files must be readable by whoever runs the tool. @param {string} dir */
function execFileChmod(dir) {
  spawnSync('chmod', ['-R', 'u+w,a+rX', dir]);
}

/**
 * One `go` command, its output passed to `log` line by line, with a line every 30 s while it runs
 * (a build prints nothing for minutes). Stopped with this process (processes.cjs).
 * @param {string[]} args @param {string} cwd @param {NodeJS.ProcessEnv} env @param {(line: string) => void} log @param {string} what
 */
async function goStep(args, cwd, env, log, what) {
  const since = Date.now();
  log(`${what} ...`);
  const step = spawnService('go', 'go', args, { cwd, env, onLine: (line) => log(`  ${line}`) });
  const ticker = setInterval(() => log(`  ... ${what}: ${((Date.now() - since) / 1000).toFixed(0)} s`), 30_000);
  const status = await step.exited.finally(() => clearInterval(ticker));
  if (status.code !== 0) throw new Error(`go ${args.join(' ')} failed: ${lastErrorLine(step.recentLines())}`);
  log(`${what}: done in ${((Date.now() - since) / 1000).toFixed(0)} s`);
}

/**
 * @typedef {object} TemporalServer
 * @property {string} address    127.0.0.1:<frontend port>
 * @property {string} namespace
 * @property {number | undefined} pid
 * @property {Promise<import('./processes.cjs').ExitStatus>} exited
 * @property {() => Promise<void>} stop
 */

/**
 * @typedef {object} TemporalServerOptions
 * @property {{ host: string, port: number, user: string, password: string }} database  a PostgreSQL the server owns databases in
 * @property {{ frontend: number, frontendHttp: number, frontendMembership: number, history: number, historyMembership: number, matching: number, matchingMembership: number, worker: number, workerMembership: number }} ports
 * @property {string} namespace
 * @property {number} [historyShards]  4
 * @property {string} [retention]  the namespace's retention of closed workflows (72h)
 * @property {(line: string) => void} [log]
 * @property {number} [timeoutMs]
 */

/**
 * Creates (or upgrades) the server's two databases with the schema tool, starts the server with
 * infra/deploy/temporal/config.yaml, then creates the namespace and registers infra/search-attributes.json
 * on it. Resolves once a visibility query naming the project's attributes succeeds.
 * @param {TemporalServerOptions} options
 * @returns {Promise<TemporalServer>}
 */
async function startTemporalServer({ database, ports, namespace, historyShards = 4, retention = '72h', log = () => undefined, timeoutMs = 120_000 }) {
  const binaries = await temporalServerBinaries({ log });
  const databases = { temporal: 'temporal', visibility: 'temporal_visibility' };
  for (const [schema, name] of Object.entries(databases)) await setUpSchema(binaries, database, name, schema, log);

  const env = {
    ...process.env,
    TEMPORAL_DB_HOST: database.host,
    TEMPORAL_DB_PORT: String(database.port),
    TEMPORAL_DB_USER: database.user,
    TEMPORAL_DB_PASSWORD: database.password,
    TEMPORAL_DB_NAME: databases.temporal,
    TEMPORAL_VISIBILITY_DB_NAME: databases.visibility,
    TEMPORAL_NUM_HISTORY_SHARDS: String(historyShards),
    TEMPORAL_BIND_ADDRESS: '127.0.0.1',
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    TEMPORAL_DYNAMIC_CONFIG_FILE: path.join(DEPLOY, 'dynamicconfig.yaml'),
  };
  const server = spawnService('Temporal server', binaries.server, ['--config-file', path.join(DEPLOY, 'config.yaml'), '--allow-no-auth', 'start'], { env, onLine: log });
  const address = `127.0.0.1:${ports.frontend}`;
  const stop = async () => void (await server.stop({ graceMs: 15_000 }));
  try {
    const cli = temporalCliPath();
    /** @param {string[]} args */
    const temporal = (args) => run(cli, [...args, '--address', address], { timeout: 20_000 });
    const ready = (/** @type {string[]} */ args) => () => temporal(args).then(() => true, () => false);
    await waitForService(server, ready(['operator', 'cluster', 'health']), { timeoutMs, intervalMs: 500, notReadyMessage: `the Temporal server did not serve on ${address}` });
    const exists = await temporal(['operator', 'namespace', 'describe', '--namespace', namespace]).then(() => true, () => false);
    if (!exists) await temporal(['operator', 'namespace', 'create', '--namespace', namespace, '--retention', retention]);
    await waitForService(server, ready(['operator', 'namespace', 'describe', '--namespace', namespace]), { timeoutMs, intervalMs: 500, notReadyMessage: `namespace ${namespace} did not appear` });
    // `describe` reads the namespace from the database; the operator service answers from the server's
    // namespace registry, refreshed every few seconds: a new namespace is "not found" there for a while.
    const listAttributes = ['operator', 'search-attribute', 'list', '--namespace', namespace];
    await waitForService(server, ready(listAttributes), { timeoutMs, intervalMs: 1000, notReadyMessage: `namespace ${namespace} did not reach the server's registry` });
    const attributes = /** @type {Record<string, string>} */ (JSON.parse(fs.readFileSync(SEARCH_ATTRIBUTES, 'utf8')));
    const registered = (await temporal(listAttributes)).stdout;
    const missing = Object.entries(attributes).filter(([name]) => !new RegExp(`\\b${name}\\b`).test(registered));
    if (missing.length) {
      await temporal(['operator', 'search-attribute', 'create', '--namespace', namespace, ...missing.flatMap(([name, type]) => ['--name', name, '--type', type])]);
    }
    // The frontend caches namespaces and search attributes: a query naming every attribute is the proof.
    const query = Object.keys(attributes)
      .map((name) => `${name} IS NULL`)
      .join(' AND ');
    await waitForService(server, ready(['workflow', 'count', '--namespace', namespace, '--query', query]), {
      timeoutMs,
      intervalMs: 1000,
      notReadyMessage: `the search attributes were not usable in namespace ${namespace}`,
    });
    return { address, namespace, pid: server.pid, exited: server.exited, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * `temporal-sql-tool`: the database if absent, then its schema at the newest version of the module's
 * versioned/ folder (a no-op when it is there already).
 * @param {Omit<TemporalServerBinaries, 'builtInMs'>} binaries
 * @param {TemporalServerOptions['database']} database
 * @param {string} name
 * @param {string} schema  temporal | visibility
 * @param {(line: string) => void} log
 */
async function setUpSchema(binaries, database, name, schema, log) {
  const connection = ['--plugin', 'postgres12', '--endpoint', database.host, '--port', String(database.port), '--user', database.user, '--password', database.password];
  const tool = async (/** @type {string[]} */ args) => {
    try {
      const { stdout, stderr } = await run(binaries.sqlTool, [...connection, ...args], { timeout: 120_000 });
      for (const line of `${stdout}${stderr}`.split('\n').filter(Boolean)) log(`[sql-tool] ${line}`);
    } catch (err) {
      const e = /** @type {{ stderr?: string, message: string }} */ (err);
      throw new Error(`temporal-sql-tool ${args.join(' ')} failed: ${lastErrorLine((e.stderr ?? e.message).split('\n'))}`);
    }
  };
  await tool(['--database', name, 'create-database']).catch((err) => {
    if (!/already exists/.test(err.message)) throw err;
  });
  await tool(['--database', name, 'setup-schema', '--version', '0.0']).catch((err) => {
    if (!/already exists|schema_version/.test(err.message)) throw err;
  });
  await tool(['--database', name, 'update-schema', '--schema-dir', path.join(binaries.schemaDir, schema, 'versioned')]);
}

module.exports = { temporalServerBinaries, startTemporalServer, TEMPORAL_SERVER_VERSION };

if (require.main === module) {
  temporalServerBinaries().then(
    (binaries) => console.log(binaries.server),
    (err) => {
      console.error(`[temporal-server] error: ${err.message}`);
      process.exit(1);
    },
  );
}
