// @ts-check
// HAProxy, the load balancer of the production-shape test, from Debian's own package, without
// installing anything system-wide: `apt-get download` then `dpkg -x` into the ignored .tools/ folder
// (once; reused after), with the shared libraries the machine lacks fetched the same way and found
// through LD_LIBRARY_PATH. Then `startLoadBalancer()` runs infra/deploy/haproxy.cfg, the deployment's file.
//
//   node infra/haproxy.cjs    → obtains it (if needed) and prints the binary's path
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { spawnService, waitForService } = require('./processes.cjs');

const ROOT = path.resolve(__dirname, '..');
const CONFIG = path.join(ROOT, 'infra', 'deploy', 'haproxy.cfg');
const PACKAGE = 'haproxy';
/** Debian package of each library Debian's haproxy links that a machine without it lacks (bookworm). */
const LIBRARY_PACKAGES = {
  'liblua5.3.so.0': 'liblua5.3-0',
  'libopentracing-c-wrapper.so.0': 'libopentracing-c-wrapper0',
  'libopentracing.so.1': 'libopentracing1',
};

/** @param {string} command @param {string[]} args @param {string} [cwd] @param {NodeJS.ProcessEnv} [env] */
function run(command, args, cwd, env = process.env) {
  return execFileSync(command, args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The version apt would install (e.g. 2.6.12-1+deb12u4), after `apt-get update` if its lists are empty. */
function candidateVersion() {
  const read = () => /Candidate:\s*(\S+)/.exec(run('apt-cache', ['policy', PACKAGE]))?.[1];
  let version = read();
  if (!version || version === '(none)') {
    process.stderr.write('[haproxy] apt has no package lists: apt-get update\n');
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'inherit', 'inherit'] });
    version = read();
  }
  if (!version || version === '(none)') throw new Error(`apt knows no "${PACKAGE}" package: add a Debian mirror to its sources`);
  return version;
}

/** Downloads `packages` (.deb files, into `dir`) and unpacks each into `into`. @param {string[]} packages @param {string} dir @param {string} into */
function downloadAndUnpack(packages, dir, into) {
  const result = spawnSync('apt-get', ['download', ...packages], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`apt-get download ${packages.join(' ')} failed: ${(result.stderr || '').trim().split('\n').at(-1)}`);
  for (const deb of fs.readdirSync(dir).filter((name) => name.endsWith('.deb'))) {
    run('dpkg', ['-x', path.join(dir, deb), into]);
    fs.rmSync(path.join(dir, deb));
  }
}

/** @param {string} target */
function paths(target) {
  return { binary: path.join(target, 'usr', 'sbin', 'haproxy'), libraryPath: path.join(target, 'usr', 'lib', 'x86_64-linux-gnu') };
}

/** Libraries `binary` needs that neither the system nor `libraryPath` has. @param {string} binary @param {string} libraryPath */
function missingLibraries(binary, libraryPath) {
  const out = run('ldd', [binary], undefined, { ...process.env, LD_LIBRARY_PATH: libraryPath }).split('\n');
  return out.filter((line) => line.includes('=> not found')).map((line) => line.trim().split(/\s+/)[0]);
}

/**
 * Path of HAProxy and the library folder to run it with; obtained once into .tools/haproxy-<version>/
 * (unpacked aside and renamed into place, so a failed or parallel attempt leaves nothing half-made).
 * @returns {{ binary: string, libraryPath: string, version: string }}
 */
function haproxyBinary() {
  const tools = path.join(ROOT, '.tools');
  const existing = fs.existsSync(tools) ? fs.readdirSync(tools).filter((name) => name.startsWith('haproxy-') && fs.existsSync(path.join(tools, name, '.installed'))) : [];
  const version = existing.length ? existing.sort().at(-1)?.slice('haproxy-'.length) ?? '' : candidateVersion();
  const target = path.join(tools, `haproxy-${version}`);
  if (!fs.existsSync(path.join(target, '.installed'))) {
    process.stderr.write(`[haproxy] obtaining Debian's haproxy ${version} into ${path.relative(ROOT, target)} (once)\n`);
    fs.mkdirSync(tools, { recursive: true });
    const staging = fs.mkdtempSync(`${target}.tmp-`);
    const downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-haproxy-'));
    try {
      downloadAndUnpack([`${PACKAGE}=${version}`], downloads, staging);
      const { binary, libraryPath } = paths(staging);
      for (let round = 0; round < 3; round += 1) {
        const missing = missingLibraries(binary, libraryPath);
        if (!missing.length) break;
        const unknown = missing.filter((lib) => !(lib in LIBRARY_PACKAGES));
        if (unknown.length) throw new Error(`haproxy needs ${unknown.join(', ')}, which infra/haproxy.cjs does not know the Debian package of`);
        downloadAndUnpack(missing.map((lib) => /** @type {Record<string, string>} */ (LIBRARY_PACKAGES)[lib]), downloads, staging);
      }
      fs.writeFileSync(path.join(staging, '.installed'), `${PACKAGE}=${version}\n`);
      fs.rmSync(target, { recursive: true, force: true });
      try {
        fs.renameSync(staging, target);
      } catch (err) {
        if (!fs.existsSync(path.join(target, '.installed'))) throw err; // else another process put its copy there first
      }
    } finally {
      fs.rmSync(staging, { recursive: true, force: true });
      fs.rmSync(downloads, { recursive: true, force: true });
    }
  }
  const found = paths(target);
  const check = spawnSync(found.binary, ['-v'], { encoding: 'utf8', env: { ...process.env, LD_LIBRARY_PATH: found.libraryPath } });
  if (check.status !== 0) throw new Error(`${found.binary} does not run: ${(check.stderr || '').trim()}`);
  return { ...found, version };
}

/**
 * @typedef {object} LoadBalancer
 * @property {string} url  http://127.0.0.1:<port>
 * @property {number | undefined} pid
 * @property {Promise<import('./processes.cjs').ExitStatus>} exited
 * @property {() => Promise<void>} stop
 */

/**
 * Runs infra/deploy/haproxy.cfg on 127.0.0.1:`port` in front of `backends` (two host:port), checking
 * each with GET `healthPath`. Resolves once the balancer answers its own /lb-health.
 * @param {{ port: number, backends: [string, string], healthPath?: string, log?: (line: string) => void }} options
 * @returns {Promise<LoadBalancer>}
 */
async function startLoadBalancer({ port, backends, healthPath = '/health/ready', log }) {
  const { binary, libraryPath } = haproxyBinary();
  const env = {
    ...process.env,
    LD_LIBRARY_PATH: libraryPath,
    LB_BIND: `127.0.0.1:${port}`,
    API1_ADDR: backends[0],
    API2_ADDR: backends[1],
    API_HEALTH_PATH: healthPath,
  };
  // -db: stay in the foreground, logs to stderr; -Ws is not needed (no reloads here).
  const service = spawnService('HAProxy', binary, ['-db', '-f', CONFIG], { env, onLine: log, stopSignal: 'SIGTERM' });
  const url = `http://127.0.0.1:${port}`;
  await waitForService(service, () => answers(`${url}/lb-health`), { timeoutMs: 15_000, notReadyMessage: `HAProxy did not answer on ${url}` }).catch(async (err) => {
    await service.stop({ graceMs: 2000 });
    throw err;
  });
  return { url, pid: service.pid, exited: service.exited, stop: async () => void (await service.stop({ graceMs: 5000 })) };
}

/** @param {string} url */
function answers(url) {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 1000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

module.exports = { haproxyBinary, startLoadBalancer, HAPROXY_CONFIG: CONFIG };

if (require.main === module) console.log(haproxyBinary().binary);
