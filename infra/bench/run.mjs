// `npm run bench [-- --clients C --ops M --open N --cold K --serial S]`: starts a private stack (PostgreSQL,
// Temporal dev server, worker, API from dist/, like test/support/stack.ts) and measures, in one run,
// the product beside the raw floor on the same server: the floor is a minimal workflow with one Update
// and a timer (infra/bench/floor/), driven by the Temporal client directly, on a worker of its own. So
// every figure is a ratio that holds on any machine (the table):
//   one client: a step (eligibility, consent, assessment) and the assignment, through the API, p50;
//   C clients: steps per second and step p50 / p95, through the API and from the Temporal client;
//   out of the worker's cache (WORKER_MAX_CACHED_WORKFLOWS=0 for both workers), K steps 10 at once;
//   the worker's memory per cached pathway (N more open pathways); GET /pathways/{id} p50 at one client
//   (from the projection, and live from the workflow); the multi-year story with time skipping.
// Prints the table and writes tmp/bench-results.json. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { apiClient, inBatches, lat, machine, ROOT, round, rssMb, sleep, startBenchStack, startFloorWorker, temporalClient, token } from './support.mjs';

const require = createRequire(import.meta.url);
const { packageBin } = require('../processes.cjs');
const { buildDist } = require('../build.cjs');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CLIENTS = option('clients', 50);
const OPS = option('ops', 500); // pathways stepped at C clients, per side
const OPEN = option('open', 2000);
const COLD = option('cold', 100);
const SERIAL = option('serial', 40); // pathways walked by one client

const log = (m) => console.log(`[bench] ${m}`);
const TERRITORY = 'T75-EST';
const intake = token({ sub: 'bench-intake', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'bench-sup', roles: ['supervisor'], territory: TERRITORY });
const admin = token({ sub: 'bench-admin', roles: ['admin'] });
const CM = 'cm-bench';
const caseManager = token({ sub: CM, roles: ['case_manager'], territory: TERRITORY });
const referralBody = () => ({
  patient: { externalId: `NIR-${randomUUID()}`, firstName: 'Jeanne', lastName: 'Martin', birthDate: '1943-05-02', territory: TERRITORY },
  referral: { source: 'Dr Durand (GP)', referredAt: new Date(Date.now() - 3_600_000).toISOString(), diagnosis: 'Alzheimer disease, moderate' },
  physician: { name: 'Dr Durand', email: 'dr.durand@cabinet.example' },
  caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'daughter' },
});
const ELIGIBILITY = { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } };

async function timed(values, fn) {
  const t = performance.now();
  const result = await fn();
  values.push(performance.now() - t);
  return result;
}

/** `count` operations at `width` clients: throughput and latency. */
async function atClients(count, width, op) {
  const latencies = [];
  const errors = [];
  const t0 = performance.now();
  await inBatches(count, width, async (i) => {
    try {
      await timed(latencies, () => op(i));
    } catch (err) {
      errors.push(String(err.message ?? err).slice(0, 200));
    }
  });
  const secs = (performance.now() - t0) / 1000;
  return { perSec: round(latencies.length / secs), latencyMs: lat(latencies), failed: errors.length, firstError: errors[0] };
}

async function main() {
  buildDist();
  const results = { machine: machine(), loadAtStart: fs.readFileSync('/proc/loadavg', 'utf8').trim(), params: { CLIENTS, OPS, OPEN, COLD, SERIAL } };
  log(`load at start: ${results.loadAtStart}`);
  const stack = await startBenchStack();
  let floorWorker;
  try {
    const call = apiClient(stack.apiUrl);
    const post = (p, tok, body) => call('POST', p, tok, body);
    await post('/api/v1/case-managers', admin, { id: CM, name: 'Bench', email: 'cm-bench@dac.example', territory: TERRITORY, capacity: 1000 });
    const client = await temporalClient(stack);
    const wf = require(path.join(ROOT, 'dist/libs/workflows/src'));
    const { pathwayPolicy } = require(path.join(ROOT, 'dist/libs/config/src'));
    const policy = pathwayPolicy(stack.env);
    floorWorker = await startFloorWorker(stack);

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
    const floorStart = async () => {
      const id = `floor-${randomUUID()}`;
      await client.workflow.start('floorWorkflow', { workflowId: id, taskQueue: 'bench-floor' });
      return id;
    };
    const floorStep = (id) => client.workflow.getHandle(id).executeUpdate('step');
    const refer = async () => (await post('/api/v1/pathways', intake, referralBody())).id;

    // warm-up: the first tasks load the workflow bundles and fill the connection pools
    for (let i = 0; i < 20; i++) {
      await post(`/api/v1/pathways/${await refer()}/eligibility`, intake, ELIGIBILITY);
      await floorStep(await floorStart());
    }

    // ---- one client ----
    const serial = { step: [], assignment: [], floor: [], getProjection: [], getLive: [] };
    for (let i = 0; i < SERIAL; i++) {
      const id = await refer();
      await timed(serial.step, () => post(`/api/v1/pathways/${id}/eligibility`, intake, ELIGIBILITY));
      await timed(serial.assignment, () => post(`/api/v1/pathways/${id}/assignment`, supervisor, { caseManagerId: CM }));
      await timed(serial.step, () => post(`/api/v1/pathways/${id}/consent`, caseManager, { given: true, at: new Date().toISOString() }));
      await timed(serial.step, () => post(`/api/v1/pathways/${id}/assessments`, caseManager, { performedAt: new Date().toISOString(), mmse: 18, gir: 4, zarit: 30, summary: 'moderate decline' }));
      for (let k = 0; k < 3; k++) await timed(serial.getProjection, () => call('GET', `/api/v1/pathways/${id}`, supervisor));
      await timed(serial.getLive, () => call('GET', `/api/v1/pathways/${id}?consistency=live`, supervisor));
      const floorId = await floorStart();
      for (let k = 0; k < 4; k++) await timed(serial.floor, () => floorStep(floorId));
    }
    results.oneClient = Object.fromEntries(Object.entries(serial).map(([k, v]) => [k, lat(v)]));
    log(`one client: ${JSON.stringify(results.oneClient)}`);

    // ---- C clients: each of OPS pathways (floor workflows) gets one step ----
    // Opened beforehand, 10 at a time (what is measured is the step); one that fails to open is left out.
    const apiIds = [];
    const rawIds = [];
    const floorIds = [];
    const opening = async (ids, open) => ids.push(await open().catch(() => undefined));
    await inBatches(OPS, 10, () => Promise.all([opening(apiIds, refer), opening(rawIds, rawStart), opening(floorIds, floorStart)]));
    for (const ids of [apiIds, rawIds, floorIds]) ids.splice(0, ids.length, ...ids.filter(Boolean));
    results.clients = {
      api: await atClients(apiIds.length, CLIENTS, (i) => post(`/api/v1/pathways/${apiIds[i]}/eligibility`, intake, ELIGIBILITY)),
      client: await atClients(rawIds.length, CLIENTS, (i) => rawStep(rawIds[i])),
      floor: await atClients(floorIds.length, CLIENTS, (i) => floorStep(floorIds[i])),
    };
    log(`${CLIENTS} clients: ${JSON.stringify(results.clients)}`);

    // ---- memory per cached pathway: N more open pathways, all in the worker's cache ----
    await sleep(2000);
    const rssBefore = rssMb(stack.worker.pid);
    const openIds = [];
    await inBatches(OPEN, 10, async () => openIds.push(await rawStart().catch(() => undefined)));
    await sleep(3000);
    const rssAfter = rssMb(stack.worker.pid);
    results.memory = { openedPathways: OPEN, rssBeforeMb: round(rssBefore), rssAfterMb: round(rssAfter), kbPerCachedPathway: round(((rssAfter - rssBefore) * 1024) / OPEN), projectedRssFor40kMb: round(rssBefore + ((rssAfter - rssBefore) / OPEN) * 40_000) };
    log(`memory: ${JSON.stringify(results.memory)}`);

    // ---- out of the cache: both workers cache nothing, every task replays its history ----
    const coldIds = openIds.filter(Boolean).slice(0, COLD);
    const coldFloor = floorIds.slice(0, COLD);
    await stack.restartWorker({ WORKER_MAX_CACHED_WORKFLOWS: '0' });
    await floorWorker.stop({ graceMs: 10_000 });
    floorWorker = await startFloorWorker(stack, 0);
    await sleep(3000);
    const coldProduct = await atClients(coldIds.length, 10, (i) => rawStep(coldIds[i]));
    const coldFloorRun = await atClients(coldFloor.length, 10, (i) => floorStep(coldFloor[i]));
    const lengths = await Promise.all(coldIds.slice(0, 20).map(async (id) => Number((await client.workflow.getHandle(wf.pathwayWorkflowId(id)).describe()).historyLength)));
    results.outOfCache = { product: coldProduct, floor: coldFloorRun, concurrency: 10, historyLengthAfterStep: { min: Math.min(...lengths), max: Math.max(...lengths) } };
    log(`out of cache: ${JSON.stringify(results.outOfCache)}`);
    await client.connection.close();
  } finally {
    await floorWorker?.stop({ graceMs: 10_000 }).catch(() => undefined);
    await stack.stop();
  }
  results.loadAtEnd = fs.readFileSync('/proc/loadavg', 'utf8').trim();

  // the multi-year story under time skipping (its own test environment; the stack is stopped)
  const story = path.join(ROOT, 'libs/workflows/src/long-story.workflow.spec.ts');
  if (fs.existsSync(story) && !args.includes('--no-story')) {
    const t0 = performance.now();
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [packageBin('jest'), '-c', 'libs/workflows/jest.config.js', '--runInBand', story], { cwd: ROOT, stdio: 'ignore' });
      child.on('exit', resolve);
    });
    results.longStory = { seconds: round((performance.now() - t0) / 1000), passed: code === 0, includesJestStartup: true };
  }

  fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'tmp/bench-results.json'), JSON.stringify(results, null, 2));
  const r = results;
  const x = (product, floor) => `${round(product / floor, 1)} ×`;
  const share = (product, floor) => `${Math.round((100 * product) / floor)} %`;
  const c = r.clients;
  const rows = [
    ['one client, a step (eligibility, consent, assessment), p50', `${r.oneClient.floor.p50} ms`, `${r.oneClient.step.p50} ms through the API`, x(r.oneClient.step.p50, r.oneClient.floor.p50)],
    ['one client, the assignment step, p50', `${r.oneClient.floor.p50} ms`, `${r.oneClient.assignment.p50} ms`, x(r.oneClient.assignment.p50, r.oneClient.floor.p50)],
    [`${CLIENTS} clients, steps per second`, `${c.floor.perSec} / s`, `${c.api.perSec} / s through the API (${c.client.perSec} / s from the client)`, `${share(c.api.perSec, c.floor.perSec)} (${share(c.client.perSec, c.floor.perSec)})`],
    [`${CLIENTS} clients, step p50 / p95`, `${c.floor.latencyMs.p50} / ${c.floor.latencyMs.p95} ms`, `${c.api.latencyMs.p50} / ${c.api.latencyMs.p95} ms (client ${c.client.latencyMs.p50} / ${c.client.latencyMs.p95})`, x(c.api.latencyMs.p50, c.floor.latencyMs.p50)],
    ['out of the worker\'s cache, 10 at once, step p50', `${r.outOfCache.floor.latencyMs.p50} ms`, `${r.outOfCache.product.latencyMs.p50} ms (${r.outOfCache.historyLengthAfterStep.min}–${r.outOfCache.historyLengthAfterStep.max}-event histories)`, x(r.outOfCache.product.latencyMs.p50, r.outOfCache.floor.latencyMs.p50)],
    ['worker memory per cached pathway', '', `${r.memory.kbPerCachedPathway} kB (40,000 cached ≈ ${round(r.memory.projectedRssFor40kMb / 1024, 1)} GB)`, ''],
    ['GET /pathways/{id}, one client, p50 (projection / live)', `${r.oneClient.floor.p50} ms (a step)`, `${r.oneClient.getProjection.p50} ms / ${r.oneClient.getLive.p50} ms`, x(r.oneClient.getProjection.p50, r.oneClient.floor.p50)],
  ];
  console.log(`\nmachine: ${r.machine.cpus} × ${r.machine.cpu}, ${r.machine.memoryGb} GB, Node ${r.machine.node}; load ${r.loadAtStart} → ${r.loadAtEnd}\n`);
  console.log('| measure | raw floor | this product | ratio |\n| --- | --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
  if (r.longStory) console.log(`\nmulti-year story, time skipping: ${r.longStory.seconds} s (${r.longStory.passed ? 'passed' : 'FAILED'}, Jest start-up included)`);
  const failed = c.api.failed + c.client.failed + c.floor.failed + r.outOfCache.product.failed + r.outOfCache.floor.failed;
  if (failed) console.log(`\n${failed} operations failed; first: ${c.api.firstError ?? c.client.firstError ?? c.floor.firstError ?? r.outOfCache.product.firstError}`);
  console.log('written: tmp/bench-results.json');
}

main().catch((err) => {
  console.error(`[bench] failed: ${err.stack ?? err}`);
  process.exit(1);
});
