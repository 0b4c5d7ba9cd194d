// `npm run bench [-- --open N --clients C --ops M]`: starts a private stack (PostgreSQL, Temporal dev
// server, worker, API from dist/, like test/support/stack.ts) and measures, in one run:
//   (a) pathway starts/s and step latency p50/p95/p99 through the API at C concurrent clients;
//   (b) the same operations with the Temporal client directly (same workflow, worker, server): the raw baseline;
//   (c) the worker's RSS per open pathway with N open pathways;
//   (d) the multi-year story of the workflow tests under time skipping (its Jest file, timed);
//   (e) step latency on pathways out of the worker's cache (WORKER_MAX_CACHED_WORKFLOWS=0: every task
//       replays the whole history) and the history length per run it depends on.
// Prints a table and writes tmp/bench-results.json. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const { freePort } = require('../ports.cjs');
const { startPostgres } = require('../postgres.cjs');
const { startTemporalDevServer } = require('../temporal.cjs');
const { spawnService, pollUntil, packageBin } = require('../processes.cjs');
const { buildDist } = require('../build.cjs');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CLIENTS = option('clients', 50);
const OPS = option('ops', 500); // pathways started (and stepped) per side, API and raw
const OPEN = option('open', 2000);
const COLD = option('cold', 100);

const log = (m) => console.log(`[bench] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
const lat = (values) => ({ p50: round(pct(values, 50)), p95: round(pct(values, 95)), p99: round(pct(values, 99)), n: values.length });
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

async function inBatches(count, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await work(next++);
  }));
}

function token(claims) {
  const secret = process.env.AUTH_JWT_SECRET ?? 'care-pathway-local-development-secret';
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...claims, iat: now, exp: now + 7200 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
const TERRITORY = 'T75-EST';
const intake = token({ sub: 'bench-intake', roles: ['intake'], territory: TERRITORY });
const admin = token({ sub: 'bench-admin', roles: ['admin'] });
const referralBody = () => ({
  patient: { externalId: `NIR-${randomUUID()}`, firstName: 'Jeanne', lastName: 'Martin', birthDate: '1943-05-02', territory: TERRITORY },
  referral: { source: 'Dr Durand (GP)', referredAt: new Date(Date.now() - 3_600_000).toISOString(), diagnosis: 'Alzheimer disease, moderate' },
  physician: { name: 'Dr Durand', email: 'dr.durand@cabinet.example' },
  caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'daughter' },
});
const ELIGIBILITY = { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } };

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function main() {
  buildDist();
  const results = { machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()}` }, params: { CLIENTS, OPS, OPEN, COLD } };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const stops = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [pgPort, tPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const quiet = () => undefined;
    const pg = await startPostgres({ dataDir: path.join(dataDir, 'pg'), port: pgPort, log: quiet, serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] });
    stops.push(() => pg.stop());
    const temporal = await startTemporalDevServer({ dbFile: path.join(dataDir, 'temporal.sqlite'), port: tPort, headless: true, log: quiet });
    stops.push(() => temporal.stop());
    const env = { ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, PORT: String(apiPort), STEP_RATE_LIMIT_BURST: '1000000', STEP_RATE_LIMIT_PER_MINUTE: '1000000' };
    const app = (name, script, extra = {}) =>
      spawnService(name, process.execPath, [path.join(ROOT, 'dist', script)], { cwd: ROOT, env: { ...env, ...extra }, onLine: (l) => process.env.BENCH_LOGS && console.log(`[${name}] ${l}`) });
    const migrate = app('migrate', 'apps/worker/src/migrate.js');
    if ((await migrate.exited).code !== 0) throw new Error('migrations failed');
    let worker = app('worker', 'apps/worker/src/main.js');
    stops.push(() => worker.stop({ graceMs: 10_000 }));
    const api = app('api', 'apps/api/src/main.js');
    stops.push(() => api.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await pollUntil(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, intervalMs: 250, timeoutMessage: () => 'API not healthy' });
    const post = async (p, tok, body) => {
      const r = await fetch(`${apiUrl}${p}`, { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await r.text();
      if (r.status >= 300) throw new Error(`POST ${p}: ${r.status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    };

    const { Client, Connection } = require('@temporalio/client');
    const wf = require(path.join(ROOT, 'dist/libs/workflows/src'));
    const { AesGcmPayloadCodec } = require(path.join(ROOT, 'dist/libs/payload-codec/src'));
    const { pathwayPolicy } = require(path.join(ROOT, 'dist/libs/config/src'));
    const client = new Client({
      connection: await Connection.connect({ address: temporal.address }),
      namespace: temporal.namespace,
      dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(env)], failureConverterPath: wf.failureConverterPath },
    });
    const policy = pathwayPolicy(env);
    const rawStart = async () => {
      const pathwayId = randomUUID();
      const handle = await client.workflow.start(wf.pathwayWorkflow, {
        workflowId: wf.pathwayWorkflowId(pathwayId), taskQueue: 'care-pathways', workflowIdConflictPolicy: 'FAIL',
        args: [{ pathwayId, policy, referral: referralBody(), actor: 'bench-intake' }],
      });
      await handle.executeUpdate(wf.referralRecorded);
      return pathwayId;
    };
    const rawStep = (pathwayId) =>
      client.workflow.getHandle(wf.pathwayWorkflowId(pathwayId)).executeUpdate(wf.stepUpdates.decideEligibility, { args: [{ actor: 'bench-intake', command: { type: 'decideEligibility', ...ELIGIBILITY } }] });

    // warm-up: the first tasks load the workflow bundle and fill the connection pools
    for (let i = 0; i < 20; i++) await post(`/api/v1/pathways/${(await post('/api/v1/pathways', intake, referralBody())).id}/eligibility`, intake, ELIGIBILITY);

    async function measure(label, start, step) {
      const ids = new Array(OPS);
      const startLat = [];
      const errors = [];
      let t0 = performance.now();
      await inBatches(OPS, CLIENTS, async (i) => {
        const t = performance.now();
        try {
          ids[i] = await start();
          startLat.push(performance.now() - t);
        } catch (err) {
          errors.push(String(err.message ?? err).slice(0, 200));
        }
      });
      const startSecs = (performance.now() - t0) / 1000;
      const stepLat = [];
      t0 = performance.now();
      await inBatches(OPS, CLIENTS, async (i) => {
        if (!ids[i]) return;
        const t = performance.now();
        try {
          await step(ids[i]);
          stepLat.push(performance.now() - t);
        } catch (err) {
          errors.push(String(err.message ?? err).slice(0, 200));
        }
      });
      const stepSecs = (performance.now() - t0) / 1000;
      const r = { startsPerSec: round(startLat.length / startSecs), failed: errors.length, firstError: errors[0], startLatencyMs: lat(startLat), stepsPerSec: round(stepLat.length / stepSecs), stepLatencyMs: lat(stepLat) };
      log(`${label}: ${JSON.stringify(r)}`);
      return r;
    }
    results.api = await measure('API', async () => (await post('/api/v1/pathways', intake, referralBody())).id, (id) => post(`/api/v1/pathways/${id}/eligibility`, intake, ELIGIBILITY));
    results.raw = await measure('raw Temporal client', rawStart, rawStep);
    results.ratio = { starts: round(results.api.startsPerSec / results.raw.startsPerSec, 2), steps: round(results.api.stepsPerSec / results.raw.stepsPerSec, 2) };

    // (c) memory per open pathway: N more pathways opened (raw, fast), all in the worker's cache (default 10,000 here? the SDK sizes it from memory)
    await sleep(2000);
    const rssBefore = rssMb(worker.pid);
    const openIds = [];
    let t0 = performance.now();
    await inBatches(OPEN, CLIENTS, async () => openIds.push(await rawStart().catch(() => undefined)));
    const openSecs = (performance.now() - t0) / 1000;
    await sleep(3000);
    global.gc?.();
    const rssAfter = rssMb(worker.pid);
    results.memory = { openedPathways: OPEN, openedPerSec: round(OPEN / openSecs), totalOpenInWorker: OPEN + 2 * OPS + 20, rssBeforeMb: round(rssBefore), rssAfterMb: round(rssAfter), kbPerOpenPathway: round(((rssAfter - rssBefore) * 1024) / OPEN), projectedRssFor40kMb: round(rssBefore + ((rssAfter - rssBefore) / OPEN) * 40_000) };
    log(`memory: ${JSON.stringify(results.memory)}`);

    // (e) out of cache: a worker that caches nothing replays the whole history for every task
    const coldIds = openIds.filter(Boolean).slice(0, COLD);
    await worker.stop({ graceMs: 10_000 });
    worker = app('worker', 'apps/worker/src/main.js', { WORKER_MAX_CACHED_WORKFLOWS: '0' });
    await sleep(3000);
    const coldLat = [];
    await inBatches(COLD, 10, async (i) => {
      const t = performance.now();
      await rawStep(coldIds[i]);
      coldLat.push(performance.now() - t);
    });
    const lengths = await Promise.all(coldIds.slice(0, 20).map(async (id) => Number((await client.workflow.getHandle(wf.pathwayWorkflowId(id)).describe()).historyLength)));
    results.outOfCache = { stepLatencyMs: lat(coldLat), concurrency: 10, historyLengthAfterStep: { min: Math.min(...lengths), max: Math.max(...lengths) } };
    log(`out of cache: ${JSON.stringify(results.outOfCache)}`);
    await client.connection.close();
  } finally {
    await stopAll();
  }

  // (d) the multi-year story under time skipping (its own test environment; the stack is stopped)
  const story = path.join(ROOT, 'libs/workflows/src/long-story.workflow.spec.ts');
  if (fs.existsSync(story)) {
    const t0 = performance.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [packageBin('jest'), '-c', 'libs/workflows/jest.config.js', '--runInBand', story], { cwd: ROOT, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    results.longStory = { seconds: round((performance.now() - t0) / 1000), passed: code === 0, includesJestStartup: true };
    log(`multi-year story: ${JSON.stringify(results.longStory)}`);
  }

  const outDir = path.join(ROOT, 'tmp');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'bench-results.json'), JSON.stringify(results, null, 2));
  const r = results;
  const rows = [
    ['pathway starts/s (API | raw | ratio)', `${r.api.startsPerSec} | ${r.raw.startsPerSec} | ${Math.round(r.ratio.starts * 100)} %`],
    ['start latency p50/p95/p99 ms (API)', `${r.api.startLatencyMs.p50} / ${r.api.startLatencyMs.p95} / ${r.api.startLatencyMs.p99}`],
    ['start latency p50/p95/p99 ms (raw)', `${r.raw.startLatencyMs.p50} / ${r.raw.startLatencyMs.p95} / ${r.raw.startLatencyMs.p99}`],
    ['steps/s (API | raw | ratio)', `${r.api.stepsPerSec} | ${r.raw.stepsPerSec} | ${Math.round(r.ratio.steps * 100)} %`],
    [`step latency p50/p95/p99 ms (API, ${CLIENTS} clients)`, `${r.api.stepLatencyMs.p50} / ${r.api.stepLatencyMs.p95} / ${r.api.stepLatencyMs.p99}`],
    [`step latency p50/p95/p99 ms (raw, ${CLIENTS} clients)`, `${r.raw.stepLatencyMs.p50} / ${r.raw.stepLatencyMs.p95} / ${r.raw.stepLatencyMs.p99}`],
    [`worker RSS, +${OPEN} open pathways (MB)`, `${r.memory.rssBeforeMb} → ${r.memory.rssAfterMb} (${r.memory.kbPerOpenPathway} kB each; 40k ≈ ${r.memory.projectedRssFor40kMb} MB)`],
    ['out-of-cache step p50/p95/p99 ms', `${r.outOfCache.stepLatencyMs.p50} / ${r.outOfCache.stepLatencyMs.p95} / ${r.outOfCache.stepLatencyMs.p99}`],
    ['history length per run (those pathways)', `${r.outOfCache.historyLengthAfterStep.min}–${r.outOfCache.historyLengthAfterStep.max} events`],
    ['multi-year story, time skipping (s)', r.longStory ? `${r.longStory.seconds} (${r.longStory.passed ? 'passed' : 'FAILED'}, Jest start-up included)` : 'n/a'],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nmachine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, Node ${r.machine.node}\n`);
  for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  console.log(`\nwritten: tmp/bench-results.json`);
}

main().catch((err) => {
  console.error(`[bench] failed: ${err.stack ?? err}`);
  process.exit(1);
});
