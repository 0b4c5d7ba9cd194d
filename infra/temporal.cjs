// @ts-check
// Local Temporal: the official CLI's dev server (`temporal server start-dev`, SQLite, one process, Web UI
// included) with the project's custom search attributes registered at start.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { execFile } = require('node:child_process');
const { temporalCliPath } = require('./tools.cjs');
const { assertPortFree } = require('./ports.cjs');
const { spawnService, waitForService } = require('./processes.cjs');

const SEARCH_ATTRIBUTES_FILE = path.join(__dirname, 'search-attributes.json');

/** The project's custom search attributes, name → type, e.g. { PathwayStage: 'Keyword' }. */
/** @returns {Record<string, string>} */
function projectSearchAttributes() {
  return JSON.parse(fs.readFileSync(SEARCH_ATTRIBUTES_FILE, 'utf8'));
}

// Client commands of the CLI ignore the caller's TEMPORAL_* variables and config profile: they must
// talk to the server we started, not to whatever TEMPORAL_ADDRESS points at.
const CLIENT_FLAGS = ['--disable-config-env', '--disable-config-file'];

/**
 * @typedef {object} TemporalDevServer
 * @property {string} address      127.0.0.1:<port>
 * @property {string} namespace
 * @property {string | undefined} uiUrl  http://127.0.0.1:<uiPort>, undefined when headless
 * @property {number | undefined} pid
 * @property {string | undefined} logFile  where its output goes when no `log` function was given
 * @property {Promise<import('./processes.cjs').ExitStatus>} exited  settles when the server exits, for whatever reason
 * @property {() => Promise<void>} stop  SIGTERM, SIGKILL after 10 s; idempotent
 */

/**
 * Starts `temporal server start-dev` on 127.0.0.1 and resolves once it serves `namespace` with the
 * search attributes registered. Rejects with one clear line if a port is taken, the server exits, or
 * it does not answer within `timeoutMs`.
 * @param {object} options
 * @param {string} [options.dbFile]   SQLite file to persist to; in memory when omitted
 * @param {number} options.port       gRPC frontend port
 * @param {number} [options.uiPort]   Web UI port (default port + 1000)
 * @param {string} [options.namespace]
 * @param {Record<string, string>} [options.searchAttributes]  default: infra/search-attributes.json
 * @param {boolean} [options.headless]  no Web UI
 * @param {(line: string) => void} [options.log]  server output; by default appended to temporal.log beside dbFile
 * @param {number} [options.timeoutMs]
 * @returns {Promise<TemporalDevServer>}
 */
async function startTemporalDevServer({
  dbFile,
  port,
  uiPort = port + 1000,
  namespace = 'default',
  searchAttributes = projectSearchAttributes(),
  headless = false,
  log,
  timeoutMs = 60_000,
}) {
  await assertPortFree(port, 'Temporal');
  if (!headless) await assertPortFree(uiPort, 'Temporal Web UI');
  const cli = temporalCliPath();
  const address = `127.0.0.1:${port}`;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  args.push(...(headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (dbFile) {
    dbFile = path.resolve(dbFile);
    fs.mkdirSync(path.dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  // On a persisted database the attributes are already there: registering them again is a no-op (and a
  // changed type is silently ignored, which verifySearchAttributes below turns into an error).
  for (const [name, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${name}=${type}`);

  const logPath = !log && dbFile ? dbFile.replace(/\.[^./]+$/, '') + '.log' : undefined; // temporal.sqlite → temporal.log
  const logFile = logPath ? fs.createWriteStream(logPath, { flags: 'a' }).on('error', () => undefined) : undefined;
  const server = spawnService('Temporal', cli, args, {
    onLine: log ?? ((line) => logFile?.write(`${line}\n`)),
    stopSignal: 'SIGTERM',
  });
  const stop = async () => {
    await server.stop({ graceMs: 10_000 });
    logFile?.end();
  };

  try {
    await waitForService(server, () => isServing(cli, address), {
      timeoutMs,
      intervalMs: 250,
      notReadyMessage: `Temporal dev server did not answer on ${address}`,
    });
    await verifySearchAttributes(cli, address, namespace, searchAttributes, dbFile);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    address,
    namespace,
    uiUrl: headless ? undefined : `http://127.0.0.1:${uiPort}`,
    pid: server.pid,
    logFile: logPath,
    exited: server.exited,
    stop,
  };
}

/**
 * Runs the CLI and resolves with its stdout; rejects with its first error line.
 * @param {string} cli
 * @param {string[]} args
 * @returns {Promise<string>}
 */
function runCli(cli, args) {
  return new Promise((resolve, reject) => {
    execFile(cli, [...args, ...CLIENT_FLAGS], { timeout: 10_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || err.message).trim().split('\n')[0]));
      else resolve(stdout);
    });
  });
}

/**
 * @param {string} cli
 * @param {string} address
 */
async function isServing(cli, address) {
  try {
    const out = await runCli(cli, ['operator', 'cluster', 'health', '--address', address, '--command-timeout', '2s']);
    return out.includes('SERVING');
  } catch {
    return false;
  }
}

const TYPE_NAMES = /** @type {Record<string, string>} */ ({
  INDEXED_VALUE_TYPE_TEXT: 'Text',
  INDEXED_VALUE_TYPE_KEYWORD: 'Keyword',
  INDEXED_VALUE_TYPE_INT: 'Int',
  INDEXED_VALUE_TYPE_DOUBLE: 'Double',
  INDEXED_VALUE_TYPE_BOOL: 'Bool',
  INDEXED_VALUE_TYPE_DATETIME: 'Datetime',
  INDEXED_VALUE_TYPE_KEYWORD_LIST: 'KeywordList',
});

/**
 * The dev server silently keeps an attribute's first type when a persisted database is started with
 * another one; the workflows would then fail at upsert time. Catch that here, with the way out.
 * @param {string} cli
 * @param {string} address
 * @param {string} namespace
 * @param {Record<string, string>} expected
 * @param {string | undefined} dbFile
 */
async function verifySearchAttributes(cli, address, namespace, expected, dbFile) {
  const listed = JSON.parse(await runCli(cli, ['operator', 'search-attribute', 'list', '--address', address, '--namespace', namespace, '--output', 'json']));
  /** @type {Record<string, string>} */
  const registered = listed.customAttributes ?? {};
  for (const [name, type] of Object.entries(expected)) {
    const actual = registered[name] && (TYPE_NAMES[registered[name]] ?? registered[name]);
    if (actual === type) continue;
    const where = dbFile ? ` in ${dbFile}` : '';
    throw new Error(
      actual
        ? `search attribute ${name} is registered as ${actual}${where} but infra/search-attributes.json says ${type}; delete ${dbFile ?? 'the database'} (drops local workflows) or rename the attribute`
        : `search attribute ${name}=${type} is not registered in namespace ${namespace} (the dev server allows at most 3 Datetime, 10 Keyword, 3 KeywordList per namespace)`,
    );
  }
}

/**
 * For an external TEMPORAL_ADDRESS: resolves if a Temporal server answers there and knows `namespace`,
 * else rejects with one line saying which of the two is wrong.
 * @param {string} address  host:port
 * @param {string} namespace
 * @param {number} [timeoutMs]
 */
async function checkTemporalServer(address, namespace, timeoutMs = 5000) {
  const match = /^(\[[^\]]+\]|[^:/\s]+):(\d{1,5})$/.exec(address);
  if (!match) throw new Error(`TEMPORAL_ADDRESS must be host:port (got "${address}")`);
  const [, host, port] = match;
  await new Promise((resolve, reject) => {
    const socket = net.connect({ host: host.replace(/^\[|\]$/g, ''), port: Number(port), timeout: timeoutMs });
    socket.once('connect', () => socket.end(() => resolve(undefined)));
    socket.once('timeout', () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.once('error', (err) => reject(new Error(`TEMPORAL_ADDRESS ${address} is unreachable: ${err.message}`)));
  });
  // Loaded only here: the gRPC client takes a few hundred ms to load and only this check needs it.
  const { Connection } = require('@temporalio/client');
  let connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
  } catch {
    throw new Error(`TEMPORAL_ADDRESS ${address} accepts connections but does not answer as a Temporal server (gRPC, no TLS)`);
  }
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (err) {
    const code = /** @type {{ code?: number }} */ (err).code;
    throw new Error(
      code === 5 // gRPC NOT_FOUND
        ? `namespace "${namespace}" does not exist on ${address}; create it or set TEMPORAL_NAMESPACE`
        : `Temporal at ${address} failed to describe namespace "${namespace}": ${/** @type {Error} */ (err).message}`,
    );
  } finally {
    await connection.close();
  }
}

module.exports = { startTemporalDevServer, checkTemporalServer, projectSearchAttributes, SEARCH_ATTRIBUTES_FILE };

if (require.main === module) {
  // `node infra/temporal.cjs [dbFile] [port]`: run a dev server by hand until Ctrl-C.
  const [dbFile, port = '7233'] = process.argv.slice(2);
  startTemporalDevServer({ dbFile, port: Number(port), log: (line) => console.log(line) }).then(
    (server) => {
      console.log(`ready: ${server.address}, Web UI ${server.uiUrl}`);
      for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.once(signal, () => void server.stop());
    },
    (err) => {
      console.error(err.message);
      process.exitCode = 1;
    },
  );
}
