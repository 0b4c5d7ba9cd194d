// @ts-check
// Locates (or installs, pinned, into the ignored .tools/ folder) a real Prometheus server, for the test
// that scrapes the apps' metrics (test/e2e/observability-metrics.spec.ts). It is Debian's package, fetched
// with `apt-get download` (no root install, no service: `dpkg -x` unpacks it), the same way
// infra/tools.cjs fetches the Temporal binaries: once, then reused. Debian's binary is static but for libc.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
/** Debian 12 (bookworm)'s prometheus: Prometheus 2.42.0. */
const PROMETHEUS_DEB_VERSION = '2.42.0+ds-5+deb12u1';
const PROMETHEUS_VERSION = PROMETHEUS_DEB_VERSION.split('+')[0];
const TARGET = path.join(ROOT, '.tools', `prometheus-${PROMETHEUS_VERSION}`);
const BINARY = path.join(TARGET, 'usr', 'bin', 'prometheus');

/** @param {string} dir */
function download(dir) {
  execFileSync('apt-get', ['download', `prometheus=${PROMETHEUS_DEB_VERSION}`], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Path of the prometheus binary, installed once into .tools/prometheus-<version>/. */
function prometheusPath() {
  const marker = path.join(TARGET, '.installed');
  if (fs.existsSync(marker)) return BINARY;
  process.stderr.write(`installing Debian's prometheus ${PROMETHEUS_DEB_VERSION} into ${path.relative(ROOT, TARGET)} (once)\n`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-deb-'));
  try {
    fs.chmodSync(work, 0o755); // apt's download user must be able to write there when we are root
    try {
      download(work);
    } catch {
      // Empty package lists (a fresh container): fetch them once, then try again.
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
      download(work);
    }
    const deb = fs.readdirSync(work).find((file) => file.endsWith('.deb'));
    if (!deb) throw new Error(`apt-get download prometheus=${PROMETHEUS_DEB_VERSION} left no .deb`);
    // Unpacked beside the target and renamed into place: two test runs installing at once do not mix files.
    const unpacked = path.join(work, 'root');
    execFileSync('dpkg', ['-x', path.join(work, deb), unpacked]);
    execFileSync(path.join(unpacked, 'usr', 'bin', 'prometheus'), ['--version'], { stdio: 'ignore' }); // it runs here
    fs.writeFileSync(path.join(unpacked, '.installed'), `prometheus=${PROMETHEUS_DEB_VERSION}\n`);
    fs.mkdirSync(path.dirname(TARGET), { recursive: true });
    try {
      fs.renameSync(unpacked, TARGET);
    } catch (err) {
      if (!fs.existsSync(marker)) throw err; // another run installed it first
    }
  } catch (err) {
    throw new Error(`could not install Prometheus from Debian's package (apt-get and dpkg are needed): ${/** @type {Error} */ (err).message}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return BINARY;
}

module.exports = { prometheusPath, PROMETHEUS_VERSION, PROMETHEUS_DEB_VERSION };

if (require.main === module) console.log(prometheusPath());
