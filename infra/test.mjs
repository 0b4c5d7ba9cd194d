// `npm test`: every test of every project (lint, typecheck, unit, workflow, end-to-end) through Nx.
// Extra arguments go to `nx run-many`, e.g. `npm test -- --projects=e2e`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { temporalCliPath, temporalTestServerPath } = require('./tools.cjs');
const { buildDist, ROOT } = require('./build.cjs');
const { packageBin } = require('./processes.cjs');
const { chromiumPath } = require('./chromium.cjs');
const { leftoversOf } = require('./leftovers.cjs');
const { haproxyBinary } = require('./haproxy.cjs');

const startedAt = Date.now();
const elapsed = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;

function fail(message) {
  console.error(`[test] error: ${message} (after ${elapsed()})`);
  process.exit(1);
}

// Every process of this run carries the run's mark in its environment, so that at the end we can tell
// what this run left running from what other runs on the machine (or `npm start`) are running.
const RUN_MARK = `CARE_PATHWAYS_TEST_RUN=${randomUUID()}`;
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', [RUN_MARK.split('=')[0]]: RUN_MARK.split('=')[1] };

// The Temporal binaries and the browser are resolved (installed or unpacked on first use) once, here,
// then handed to every test process through the environment: parallel test runs must not race for them.
try {
  env.TEMPORAL_CLI_PATH = temporalCliPath();
  env.TEMPORAL_TEST_SERVER_PATH = temporalTestServerPath();
  haproxyBinary(); // the load balancer of test/e2e/production-shape.spec.ts, from Debian's package (once)
} catch (err) {
  fail(`could not install the Temporal binaries: ${err.message}`);
}
try {
  env.CHROMIUM_PATH = await chromiumPath();
} catch (err) {
  fail(`no browser for the browser tests: ${err.message}`);
}

// The end-to-end tests run the built apps from dist/.
try {
  buildDist({ web: true }); // the API serves the web app; the browser tests (test/e2e/web-*.spec.ts) use it
  console.log(`[test] built dist/ and apps/web/dist in ${elapsed()}`);
} catch (err) {
  fail(err.message);
}

const nx = packageBin('nx');
const args = ['run-many', '-t', 'lint', 'typecheck', 'test', '--outputStyle=stream', '--parallel=2', ...process.argv.slice(2)];
const child = spawn(process.execPath, [nx, ...args], { cwd: ROOT, env, stdio: 'inherit', detached: true });

// Nx runs in a process group of its own (so the watchdog below can end it with all its test processes):
// Ctrl-C is passed on to that group, and we wait for it so the summary line still prints.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  });
}

// A run that hangs (a test waiting on something that never comes) is ended, not waited for forever.
const timeoutMinutes = Number(process.env.TEST_TIMEOUT_MINUTES || 60);
let timedOut = false;
const watchdog = setTimeout(() => {
  timedOut = true;
  console.error(`[test] error: still running after ${timeoutMinutes} min (TEST_TIMEOUT_MINUTES): stopping it`);
  try {
    process.kill(-child.pid, 'SIGKILL'); // Nx and every test process it started
  } catch {
    /* already gone */
  }
}, timeoutMinutes * 60_000);

child.on('error', (err) => fail(`could not run Nx: ${err.message}`));
child.on('exit', async (code, signal) => {
  clearTimeout(watchdog);
  // What the tests started must have stopped with them. The orphan guards of infra/processes.cjs need
  // up to about 11 s to stop a service whose test process died, so give them that before judging.
  const leftovers = await leftoversOf(RUN_MARK, { waitMs: 15_000, kill: true });
  for (const leftover of leftovers) console.error(`[test] error: left running by this run (killed): pid ${leftover.pid} ${leftover.command}`);
  const passed = code === 0 && !timedOut && leftovers.length === 0;
  const why = timedOut ? 'timed out' : code !== 0 ? (signal ? `signal ${signal}` : `exit code ${code}`) : `${leftovers.length} process(es) left running`;
  console.log(`[test] ${passed ? 'all passed' : `failed (${why})`} in ${elapsed()}`);
  process.exit(passed ? 0 : code || 1);
});
