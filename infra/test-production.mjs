// `npm run test:production`: the production shape on this machine, long form (issue 17). Obtains what it
// needs once (the real Temporal server built from go.temporal.io/server, HAProxy from Debian, the
// `temporal` CLI), builds dist/, then runs test/e2e/production-shape.spec.ts against the real Temporal
// server on PostgreSQL, and prints the figures of the run: the first build, each component's start-up,
// the story, the kills and restarts. `npm test` runs the same spec on the dev server (the short form).
//   PRODUCTION_SHAPE_PATHWAYS=<n>  pathways in the story (default 8)
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { buildDist, ROOT } = require('./build.cjs');
const { packageBin } = require('./processes.cjs');
const { leftoversOf } = require('./leftovers.cjs');
const { temporalCliPath } = require('./tools.cjs');
const { haproxyBinary } = require('./haproxy.cjs');
const { temporalServerBinaries, TEMPORAL_SERVER_VERSION } = require('./temporal-server.cjs');

const startedAt = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line) => console.log(`[test:production] ${line}`);
const fail = (message) => {
  console.error(`[test:production] error: ${message} (after ${seconds(startedAt)})`);
  process.exit(1);
};

// Every process of this run carries its mark, so that what it left running can be told apart (and killed).
const RUN_MARK = ['CARE_PATHWAYS_TEST_RUN', randomUUID()];
const figuresFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-figures-')), 'figures.json');
const env = { ...process.env, [RUN_MARK[0]]: RUN_MARK[1], PRODUCTION_SHAPE_TEMPORAL: 'server', PRODUCTION_SHAPE_FIGURES: figuresFile };
// The long form walks more pathways than npm test's short one (4, the spec's default).
env.PRODUCTION_SHAPE_PATHWAYS = process.env.PRODUCTION_SHAPE_PATHWAYS || '8';

let build;
try {
  env.TEMPORAL_CLI_PATH = temporalCliPath();
  let since = Date.now();
  const haproxy = haproxyBinary();
  say(`HAProxy ${haproxy.version}: ${path.relative(ROOT, haproxy.binary)} (${seconds(since)})`);
  since = Date.now();
  build = await temporalServerBinaries({ log: (line) => say(`[temporal-server] ${line}`) });
  say(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${path.relative(ROOT, build.server)} (${build.builtInMs ? `built now in ${seconds(since)}` : `already built; first build: ${build.builtBefore ?? 'unknown'}`})`);
  since = Date.now();
  buildDist();
  say(`built dist/ in ${seconds(since)}`);
} catch (err) {
  fail(err.message);
}

const jest = packageBin('jest');
const child = spawn(process.execPath, [jest, '-c', 'test/jest.config.js', 'test/e2e/production-shape.spec.ts'], { cwd: ROOT, env, stdio: 'inherit', detached: true });
// Jest runs in a process group of its own: Ctrl-C is passed on to it, and its services' orphan guards
// stop them if it dies; we wait for it, then look for anything left.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  });
}
child.on('error', (err) => fail(`could not run Jest: ${err.message}`));
child.on('exit', async (code, signal) => {
  const leftovers = await leftoversOf(RUN_MARK.join('='), { waitMs: 15_000, kill: true });
  for (const leftover of leftovers) console.error(`[test:production] error: left running by this run (killed): pid ${leftover.pid} ${leftover.command}`);
  if (fs.existsSync(figuresFile)) printFigures(JSON.parse(fs.readFileSync(figuresFile, 'utf8')));
  fs.rmSync(path.dirname(figuresFile), { recursive: true, force: true });
  const passed = code === 0 && leftovers.length === 0;
  const why = code !== 0 ? (signal ? `signal ${signal}` : `exit code ${code}`) : `${leftovers.length} process(es) left running`;
  say(`${passed ? 'passed' : `failed (${why})`} in ${seconds(startedAt)}`);
  process.exit(passed ? 0 : code || 1);
});

function printFigures(figures) {
  const rows = [
    ['Temporal server build', build?.builtInMs ? `${(build.builtInMs / 1000).toFixed(0)} s (this run)` : `${build?.builtBefore ?? 'unknown'} the first time; reused since`],
    ...Object.entries(figures.startupSeconds ?? {}).map(([name, s]) => [`start-up: ${name}`, `${s.toFixed(1)} s`]),
    ['story', `${figures.pathways} pathways, ${figures.steps} steps in ${figures.storySeconds.toFixed(1)} s`],
    ...figures.kills.map((k) => [`killed ${k.what}`, `at ${k.atSeconds.toFixed(1)} s, back ${k.backInSeconds.toFixed(1)} s later (API healthy / worker polling)`]),
    ['client', `${figures.client.requests} requests, ${figures.client.retries} retries ${JSON.stringify(figures.client.transient)}, ${figures.client.inProgressWaits} answered by their effect, ${figures.client.newKeys} new keys`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(['─'.repeat(72), ' Production shape: figures of this run', ...rows.map(([label, value]) => `   ${label.padEnd(width)}  ${value}`), '─'.repeat(72)].join('\n'));
}
