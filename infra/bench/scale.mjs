// `npm run bench:scale [-- --pathways 40000 --clients 50 --morning 60 --cache 2000 --checkpoints 1000,10000]`
// A whole territory's caseload on one machine, with real workflows: starts a private stack whose worker
// caches at most `--cache` workflows (as in production, docs/SCALING.md), imports N open pathways through
// the import (POST /api/v1/imports/pathways, the CSV template; every row a workflow started mid-course,
// a fifth of the follow-ups with their reassessment overdue), and at each checkpoint (1,000, 10,000, ...,
// N) measures: import rate, Temporal server and worker RSS, then a working morning of `--morning` seconds:
// steps from C clients (contacts; crises whose 3-minute action clock falls due with its reminder during
// the morning, policy file below), steps on pathways in the cache (warm: stepped again) and out of it
// (cold: first touched since their import), supervisors' stuck list and indicators, and the timers that
// fell due and the reminders they queued. Failed workflow tasks (must be 0): Temporal's
// TemporalReportedProblems and the worker's log. Prints a table; writes tmp/bench-scale.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import pg from 'pg';
import { apiClient, inBatches, lat, machine, pct, ROOT, round, rssMb, sleep, startBenchStack, temporalClient, token } from './support.mjs';

const require = createRequire(import.meta.url);
const { buildDist } = require('../build.cjs');
const { values: opts } = parseArgs({
  options: {
    pathways: { type: 'string', default: '40000' },
    clients: { type: 'string', default: '50' },
    morning: { type: 'string', default: '60' },
    cache: { type: 'string', default: '2000' },
    checkpoints: { type: 'string' },
    chunk: { type: 'string', default: '100' },
    parallel: { type: 'string', default: '1' },
  },
});
const N = Number(opts.pathways);
const CLIENTS = Number(opts.clients);
const MORNING_S = Number(opts.morning);
const CACHE = Number(opts.cache);
const CHECKPOINTS = [...new Set([...(opts.checkpoints ? opts.checkpoints.split(',').map(Number) : [1000, 10000, 40000]).filter((c) => c < N), N])].sort((a, b) => a - b);
const PER_TERRITORY = 2000;
const PER_CM = 40;
const log = (m) => console.log(`[bench:scale ${new Date().toISOString().slice(11, 19)}] ${m}`);

const day = (daysAgo) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const HEADER = fs.readFileSync(path.join(ROOT, 'docs/import/modele-import-parcours.csv'), 'utf8').split(/\r?\n/)[0];
const COLUMNS = HEADER.split(';');
const territoryOf = (i) => `T-${String(Math.floor(i / PER_TERRITORY) + 1).padStart(2, '0')}`;
const cmOf = (i) => `cm-${territoryOf(i)}-${Math.floor((i % PER_TERRITORY) / PER_CM)}`;

/** Row i: stages in turn like a territory's caseload; a fifth of the follow-ups with their reassessment past. */
function row(i) {
  const v = { identifiant: `SCALE-${i}`, nom: 'Martin', prenom: 'Jeanne', date_naissance: '1941-04-12', territoire: territoryOf(i), medecin_nom: 'Dr Durand', medecin_email: 'dr.durand@cabinet.example', aidant_nom: 'Claire Martin', aidant_email: 'claire@example.org' };
  const assigned = { ...v, gestionnaire: cmOf(i), date_orientation: day(120), date_affectation: day(110) };
  const kind = i % 10;
  const values =
    kind === 0 ? { ...v, etape: 'attente_affectation', date_orientation: day(3) }
    : kind === 1 ? { ...assigned, etape: 'evaluation', date_dernier_contact: day(15) }
    : kind === 2 ? { ...assigned, etape: 'planification', date_derniere_evaluation: day(12) }
    : kind === 3 ? { ...assigned, etape: 'validation_plan', date_derniere_evaluation: day(12), date_dernier_plan: day(4) }
    : kind === 4 ? { ...assigned, etape: 'suivi', date_orientation: day(330), date_affectation: day(320), date_derniere_evaluation: day(300), date_dernier_plan: day(290), date_accuse_plan: day(285), date_dernier_contact: day(9) }
    : { ...assigned, etape: 'suivi', date_derniere_evaluation: day(100), date_dernier_plan: day(95), date_accuse_plan: day(90), date_dernier_contact: day(6), ...(kind === 9 ? { apa_depot: day(20) } : {}) };
  return COLUMNS.map((c) => values[c] ?? '').join(';');
}

async function main() {
  buildDist();
  const policyFile = path.join(os.tmpdir(), `bench-scale-policy-${process.pid}.json`);
  // A crisis opened in the morning is due 3 minutes later (reminder 1 minute before): timers falling due while measuring.
  fs.writeFileSync(policyFile, JSON.stringify({ crisisActionDue: 'PT3M', crisisActionDueReminderBefore: 'PT1M' }));
  const results = { machine: machine(), uptimeAtStart: fs.readFileSync('/proc/loadavg', 'utf8').trim(), params: { N, CLIENTS, MORNING_S, CACHE, CHECKPOINTS }, checkpoints: [] };
  log(`machine load ${results.uptimeAtStart}; ${N} pathways, checkpoints ${CHECKPOINTS.join(', ')}, worker cache ${CACHE}`);
  const stack = await startBenchStack({ env: { PATHWAY_POLICY_FILE: policyFile }, workerEnv: { WORKER_MAX_CACHED_WORKFLOWS: String(CACHE) } });
  const db = new pg.Client({ connectionString: stack.env.DATABASE_URL });
  try {
    await db.connect();
    const call = apiClient(stack.apiUrl);
    const admin = token({ sub: 'bench-admin', roles: ['admin'] });
    const territories = [...new Set(Array.from({ length: N }, (_, i) => territoryOf(i)))];
    const cms = [...new Set(Array.from({ length: N }, (_, i) => (i % 10 === 0 ? undefined : cmOf(i))).filter(Boolean))];
    await inBatches(cms.length, 8, (k) => call('POST', '/api/v1/case-managers', admin, { id: cms[k], name: `Gestionnaire ${cms[k]}`, email: `${cms[k]}@dac.example`, territory: cms[k].split('-').slice(1, 3).join('-'), capacity: PER_CM + 5 }));
    for (const t of territories) {
      for (const role of ['supervisor', 'intake']) await call('PUT', `/api/v1/territories/${t}/contacts/${role}`, admin, { name: `${role} ${t}`, email: `${role}.${t}@dac.example` });
    }
    const client = await temporalClient(stack);
    const imported = []; // { i, pathwayId, stage }
    let done = 0;
    const stuckP95 = [];
    for (const checkpoint of CHECKPOINTS) {
      // ---- import up to the checkpoint, in chunks (each answered well within the HTTP server's 5-minute request timeout), `parallel` at a time ----
      const size = Number(opts.chunk);
      const chunks = [];
      for (let from = done; from < checkpoint; from += size) chunks.push([from, Math.min(from + size, checkpoint)]);
      const t0 = performance.now();
      let failed = 0;
      let resumed = 0;
      let firstError;
      await inBatches(chunks.length, Number(opts.parallel), async (k) => {
        const [from, to] = chunks[k];
        const csv = [HEADER, ...Array.from({ length: to - from }, (_, j) => row(from + j))].join('\r\n');
        const supervisor = token({ sub: `sup-${territoryOf(from)}`, roles: ['supervisor'], territory: territoryOf(from) });
        // Rows not imported for now (a start that timed out on the loaded machine) are resumed: the same
        // chunk again, which skips what is already in (that is what a re-run of the import does).
        let report;
        for (let attempt = 1; ; attempt++) {
          report = await call('POST', '/api/v1/imports/pathways', supervisor, csv);
          if (attempt === 3 || !report.errors.some((e) => e.messages.some((m) => m.startsWith("non importé pour l'instant")))) break;
          resumed += 1;
        }
        failed += report.failed;
        firstError ??= report.errors[0];
        for (const p of report.pathways) imported.push({ i: from + p.line - 2, pathwayId: p.pathwayId });
        if (k % 5 === 4 || k === chunks.length - 1) log(`imported ${imported.length} / ${checkpoint} (${round(((imported.length - done) * 1000) / (performance.now() - t0))} rows/s)`);
      });
      const importSecs = (performance.now() - t0) / 1000;
      const rate = round((checkpoint - done) / importSecs);
      done = checkpoint;
      if (failed) log(`${failed} rows refused, first: ${JSON.stringify(firstError)}`);
      // Let the import's own wake-ups (overdue deadlines, reminders) settle before measuring memory.
      await sleep(5000);
      const memory = { workerRssMb: round(rssMb(stack.worker.pid)), temporalRssMb: round(rssMb(stack.temporal.pid)) };

      // ---- the working morning ----
      const cutoff = new Date().toISOString();
      const active = imported.filter((p) => p.i % 10 !== 0 && p.i % 10 !== 3); // assigned, not waiting for the physician
      const hot = active.slice(-Math.min(100, Math.floor(CACHE / 4))); // the last imported: in the cache
      const touched = new Set();
      const warm = [];
      const cold = [];
      const errors = [];
      let crises = 0;
      const stepOn = async (p, kind) => {
        const cm = token({ sub: cmOf(p.i), roles: ['case_manager'], territory: territoryOf(p.i) });
        const crisis = kind === 'cold' && !touched.has(p.pathwayId) && p.i % 10 >= 5 && Math.random() < 0.1;
        const t = performance.now();
        try {
          if (crisis) await call('POST', `/api/v1/pathways/${p.pathwayId}/crises`, cm, { at: new Date().toISOString(), kind: 'CAREGIVER_EXHAUSTION' });
          else await call('POST', `/api/v1/pathways/${p.pathwayId}/contacts`, cm, { at: new Date().toISOString(), channel: 'PHONE' });
          (kind === 'warm' ? warm : cold).push(performance.now() - t);
          if (crisis) crises += 1;
        } catch (err) {
          errors.push(String(err.message).slice(0, 200));
        }
        touched.add(p.pathwayId);
      };
      // Warm the hot set once (those are in the cache from their import; this makes sure).
      await inBatches(hot.length, 10, (k) => stepOn(hot[k], 'warm-up'));
      warm.length = 0;
      cold.length = 0;
      const coldPool = active.filter((p) => !hot.includes(p)).sort(() => Math.random() - 0.5);
      const end = Date.now() + MORNING_S * 1000;
      const supervisorCalls = { stuck: [], indicators: [] };
      const t1 = performance.now();
      await Promise.all([
        ...Array.from({ length: CLIENTS }, async (_, c) => {
          for (let n = 0; Date.now() < end; n++) {
            // One client in five works on its usual (cached) pathways, the others across the caseload.
            if (c % 5 === 0) await stepOn(hot[(c * 7 + n) % hot.length], 'warm');
            else if (coldPool.length) await stepOn(coldPool.pop(), 'cold');
          }
        }),
        (async () => {
          const sup = token({ sub: 'sup-T-01', roles: ['supervisor'], territory: 'T-01' });
          while (Date.now() < end) {
            let t = performance.now();
            await call('GET', '/api/v1/supervision/stuck', sup);
            supervisorCalls.stuck.push(performance.now() - t);
            t = performance.now();
            await call('GET', '/api/v1/supervision/indicators', sup);
            supervisorCalls.indicators.push(performance.now() - t);
            await sleep(500);
          }
        })(),
      ]);
      const morningSecs = (performance.now() - t1) / 1000;
      // Timers due in the morning: the crises' reminders (1 min) and deadlines (3 min) — wait for the last ones.
      const settleUntil = Date.now() + 200_000;
      const dueCounts = async () => (await db.query(`SELECT type, count(*)::int AS n FROM pathway_events WHERE at >= $1 AND type IN ('REMINDER_DUE', 'DEADLINE_PASSED') AND data->>'clock' = 'crisisActionDue' GROUP BY type`, [cutoff])).rows;
      let due = await dueCounts();
      while (Date.now() < settleUntil && (due.find((r) => r.type === 'DEADLINE_PASSED')?.n ?? 0) < crises) {
        await sleep(5000);
        due = await dueCounts();
      }
      const queued = (await db.query(`SELECT count(*)::int AS n FROM reminders WHERE created_at >= $1`, [cutoff])).rows[0].n;
      // The stuck list at this size, alone (100 calls), for its p95.
      const sup = token({ sub: 'sup-T-01', roles: ['supervisor'], territory: 'T-01' });
      const alone = [];
      for (let k = 0; k < 100; k++) {
        const t = performance.now();
        const list = await call('GET', '/api/v1/supervision/stuck', sup);
        alone.push(performance.now() - t);
        if (k === 0) results.stuckListSize = list.length;
      }
      stuckP95.push(pct(alone, 95));
      const problems = Number((await client.workflow.count('TemporalReportedProblems IS NOT NULL')).count);
      const wftFailedLines = stack.logs.worker.filter((l) => /workflow task failed|nondetermin|TMPRL1100/i.test(l)).length;
      const cp = {
        pathways: checkpoint,
        importRowsPerSec: rate,
        importSeconds: round(importSecs),
        refusedRows: failed,
        chunksResumed: resumed,
        memoryAfterImport: memory,
        memoryAfterMorning: { workerRssMb: round(rssMb(stack.worker.pid)), temporalRssMb: round(rssMb(stack.temporal.pid)) },
        morning: {
          seconds: round(morningSecs),
          steps: warm.length + cold.length,
          stepsPerSec: round((warm.length + cold.length) / morningSecs),
          warmStepMs: lat(warm),
          coldStepMs: lat(cold),
          errors: errors.length,
          firstError: errors[0],
          crisesOpened: crises,
          timersFallenDue: Object.fromEntries(due.map((r) => [r.type, r.n])),
          remindersQueued: queued,
          stuckListMs: lat(supervisorCalls.stuck),
          indicatorsMs: lat(supervisorCalls.indicators),
        },
        stuckListAloneMs: lat(alone),
        stuckListEntries: results.stuckListSize,
        failedWorkflowTasks: { temporalReportedProblems: problems, workerLogLines: wftFailedLines },
        load: fs.readFileSync('/proc/loadavg', 'utf8').trim(),
      };
      results.checkpoints.push(cp);
      log(`checkpoint ${checkpoint}: ${JSON.stringify(cp)}`);
    }
    await client.connection.close();
  } finally {
    await db.end().catch(() => undefined);
    await stack.stop();
    fs.rmSync(policyFile, { force: true });
  }
  fs.mkdirSync(path.join(ROOT, 'tmp'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'tmp/bench-scale.json'), JSON.stringify(results, null, 2));
  const rows = [
    ['open pathways (real workflows)', (c) => c.pathways.toLocaleString('en')],
    ['import rate (rows/s, that segment)', (c) => c.importRowsPerSec],
    ['worker RSS after import / morning (MB)', (c) => `${c.memoryAfterImport.workerRssMb} / ${c.memoryAfterMorning.workerRssMb}`],
    ['Temporal server RSS after import / morning (MB)', (c) => `${c.memoryAfterImport.temporalRssMb} / ${c.memoryAfterMorning.temporalRssMb}`],
    [`morning: steps/s (${CLIENTS} clients)`, (c) => c.morning.stepsPerSec],
    ['warm step p50 / p95 (ms)', (c) => `${c.morning.warmStepMs.p50} / ${c.morning.warmStepMs.p95}`],
    ['cold step p50 / p95 (ms)', (c) => `${c.morning.coldStepMs.p50} / ${c.morning.coldStepMs.p95}`],
    ['stuck list p95: alone / during the morning (ms)', (c) => `${c.stuckListAloneMs.p95} / ${c.morning.stuckListMs.p95} (${c.stuckListEntries} entries)`],
    ['indicators p95 during the morning (ms)', (c) => c.morning.indicatorsMs.p95],
    ['timers fallen due (reminders, deadlines) / reminders queued', (c) => `${c.morning.timersFallenDue.REMINDER_DUE ?? 0}, ${c.morning.timersFallenDue.DEADLINE_PASSED ?? 0} of ${c.morning.crisesOpened} crises / ${c.morning.remindersQueued}`],
    ['failed workflow tasks (reported problems, worker log)', (c) => `${c.failedWorkflowTasks.temporalReportedProblems}, ${c.failedWorkflowTasks.workerLogLines}`],
    ['step errors / refused rows', (c) => `${c.morning.errors} / ${c.refusedRows}`],
    ['load average (1, 5, 15 min)', (c) => c.load.split(' ').slice(0, 3).join(' ')],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  console.log(`\nmachine: ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGb} GB, Node ${results.machine.node}; worker cache ${CACHE}\n`);
  console.log(`${'measure'.padEnd(w)}  ${results.checkpoints.map((c) => String(c.pathways).padStart(30)).join(' |')}`);
  for (const [k, f] of rows) console.log(`${k.padEnd(w)}  ${results.checkpoints.map((c) => String(f(c)).padStart(30)).join(' |')}`);
  const last = results.checkpoints[results.checkpoints.length - 1];
  if (N < 40_000) console.log(`\nat the last rate (${last.importRowsPerSec} rows/s), importing 40,000 would take ${round(40_000 / last.importRowsPerSec / 60)} min`);
  console.log('written: tmp/bench-scale.json');
}

main().catch((err) => {
  console.error(`[bench:scale] failed: ${err.stack ?? err}`);
  process.exit(1);
});
