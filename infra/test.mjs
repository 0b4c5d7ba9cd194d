// `npm test`: every test of every project (lint, typecheck, unit, workflow, end-to-end) through Nx.
// Extra arguments go to `nx run-many`, e.g. `npm test -- --projects=e2e`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { temporalCliPath, temporalTestServerPath } = require('./tools.cjs');
const { buildDist, buildWeb, ROOT } = require('./build.cjs');
const { packageBin } = require('./processes.cjs');

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`[test] error: ${message} (after ${elapsed()})`);
  process.exit(1);
}

// The Temporal binaries are resolved (and installed on first use) once, here, then handed to every test
// process through the environment: parallel test runs must not race to install them.
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
try {
  env.TEMPORAL_CLI_PATH = temporalCliPath();
  env.TEMPORAL_TEST_SERVER_PATH = temporalTestServerPath();
} catch (err) {
  fail(`could not install the Temporal binaries: ${err.message}`);
}

// The end-to-end tests run the built apps from dist/.
try {
  buildDist();
  buildWeb(); // the API serves it; the browser tests (test/e2e/web-*.spec.ts) use it
  console.log(`[test] built dist/ and apps/web/dist in ${elapsed()}`);
} catch (err) {
  fail(err.message);
}

const nx = packageBin('nx');
const args = ['run-many', '-t', 'lint', 'typecheck', 'test', '--outputStyle=stream', '--parallel=2', ...process.argv.slice(2)];
const child = spawn(process.execPath, [nx, ...args], { cwd: ROOT, env, stdio: 'inherit' });

// Ctrl-C reaches Nx through the terminal as well; we only wait for it so the summary line still prints.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));

child.on('error', (err) => fail(`could not run Nx: ${err.message}`));
child.on('exit', (code, signal) => {
  const result = code === 0 ? 'all passed' : `failed (${signal ? `signal ${signal}` : `exit code ${code}`})`;
  console.log(`[test] ${result} in ${elapsed()}`);
  process.exit(code ?? 1);
});
