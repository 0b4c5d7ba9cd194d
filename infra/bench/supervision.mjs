// `npm run bench:supervision [-- --pathways 40000 --territories 20 --overdue-share 0.2 --sample 200 --calls 200
//                                  --indicator-calls 50 --concurrency 8 --explain --hold SECONDS]`
//
// How fast the supervisor's reads are at national scale: GET /api/v1/supervision/stuck and
// GET /api/v1/supervision/indicators with N open pathways (default 40,000: 1,000 case managers × 40).
//
// It starts a private stack (PostgreSQL, Temporal dev server, worker and API from dist/, like
// test/support/stack.ts), or uses an existing one with --api-url and --database-url (it then writes its
// data under territories named BENCH-*). A sample of the pathways (--sample, default 200) goes through the
// real workflow, over the API: referral, eligibility, assignment, and a quarter of them left unassigned until
// their assignment deadline (30 s on the private stack's policy) makes them overdue through the workflow.
// Opening 40,000 workflows through the API would take this 2-core machine hours (200 take ~50 s) and measure
// Temporal, not the supervisor's reads: the rest are BULK-INSERTED directly into PostgreSQL as the
// workflow's activities would have written them (patients, projection rows with a realistic summary,
// timeline events, caseload slots, sent reminders, a few activity failures). The supervision queries
// read only those tables, so what is measured is what a supervisor gets with that many pathways.
//
// Then it measures, over HTTP with a supervisor's token (one territory per call, round-robin): the stuck
// list's latency (sequential calls, then --concurrency supervisors at once) and the indicators' latency
// (30-day and 1-year periods), and the SQL alone with EXPLAIN ANALYZE, with and without the supervision
// indexes (migration Supervision1795460000000; --explain prints the plans). Prints a table, the JSON,
// and writes tmp/bench-supervision.json. Not a test: nothing fails, it reports.
import { randomUUID, createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const { freePort } = require('../ports.cjs');
const { startPostgres } = require('../postgres.cjs');
const { startTemporalDevServer } = require('../temporal.cjs');
const { spawnService, pollUntil } = require('../processes.cjs');
const { buildDist } = require('../build.cjs');
const { Client: PgClient } = require('pg');

// ---- options ------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const has = (name) => argv.includes(`--${name}`);
const value = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};
const number = (name, fallback) => {
  const n = Number(value(name, fallback));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a number, got "${value(name, fallback)}"`);
  return n;
};
if (has('help')) {
  const lines = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.slice(3)).join('\n'));
  process.exit(0);
}
const N = Math.round(number('pathways', 40_000));
const T = Math.max(1, Math.round(number('territories', 20)));
const CAPACITY = 40;
const M = Math.max(T, Math.round(number('case-managers', Math.ceil(N / CAPACITY))));
const OVERDUE_SHARE = number('overdue-share', 0.2);
const CLOSED_SHARE = number('closed-share', 0.15);
const SAMPLE = Math.min(N, Math.round(number('sample', 200)));
const CALLS = Math.round(number('calls', 200));
const INDICATOR_CALLS = Math.round(number('indicator-calls', 50));
const CONCURRENCY = Math.max(1, Math.round(number('concurrency', 8)));
const EXPLAIN = has('explain');
/** Keeps the private stack up this many seconds after measuring (its DATABASE_URL printed), to look at the data by hand. */
const HOLD = number('hold', 0);
const EXTERNAL = { apiUrl: value('api-url', process.env.API_URL), databaseUrl: value('database-url', undefined) };
const ASSIGNMENT_DUE = 'PT30S'; // the private stack's policy: sample pathways left unassigned are overdue after 30 s

const log = (m) => console.log(`[bench:supervision] ${m}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] : NaN;
};
const stats = (values) => ({ n: values.length, p50: round(pct(values, 50)), p95: round(pct(values, 95)), max: round(Math.max(...values)) });
const DAY = 86_400_000;

/** Deterministic pseudo-random numbers (mulberry32), so two runs build the same data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(42);
const between = (lo, hi) => lo + random() * (hi - lo);
const pick = (weighted) => {
  let r = random();
  for (const [item, weight] of weighted) if ((r -= weight) <= 0) return item;
  return weighted[weighted.length - 1][0];
};

function token(claims) {
  const secret = process.env.AUTH_JWT_SECRET ?? 'care-pathway-local-development-secret';
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...claims, iat: now, exp: now + 4 * 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

const TERRITORIES = Array.from({ length: T }, (_, i) => `BENCH-T${String(i + 1).padStart(3, '0')}`);
const CASE_MANAGERS = Array.from({ length: M }, (_, i) => ({
  id: `bench-cm-${String(i + 1).padStart(5, '0')}`,
  territory: TERRITORIES[Math.floor((i * T) / M)],
}));
const cmsOf = (territory) => CASE_MANAGERS.filter((cm) => cm.territory === territory);
const supervisorOf = (territory) => token({ sub: `bench-sup-${territory}`, roles: ['supervisor'], territory });
const intakeOf = (territory) => token({ sub: `bench-intake-${territory}`, roles: ['intake'], territory });
const ALL_CRITERIA = { unstableSituation: true, insufficientCare: true, noCoordinator: true };

// ---- the stack ------------------------------------------------------------------------------------
async function startPrivateStack(dataDir) {
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const [pgPort, tPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const quiet = () => undefined;
    const pg = await startPostgres({ dataDir: path.join(dataDir, 'pg'), port: pgPort, log: quiet, serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] });
    stops.push(() => pg.stop());
    const temporal = await startTemporalDevServer({ dbFile: path.join(dataDir, 'temporal.sqlite'), port: tPort, headless: true, log: quiet });
    stops.push(() => temporal.stop());
    const policyFile = path.join(dataDir, 'policy.json');
    fs.writeFileSync(policyFile, JSON.stringify({ assignmentDue: ASSIGNMENT_DUE }));
    const env = {
      ...process.env,
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      PORT: String(apiPort),
      PATHWAY_POLICY_FILE: policyFile,
      STEP_RATE_LIMIT_BURST: '1000000',
      STEP_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    const app = (name, script) =>
      spawnService(name, process.execPath, [path.join(ROOT, 'dist', script)], { cwd: ROOT, env, onLine: (l) => process.env.BENCH_LOGS && console.log(`[${name}] ${l}`) });
    const migrate = app('migrate', 'apps/worker/src/migrate.js');
    if ((await migrate.exited).code !== 0) throw new Error('migrations failed (BENCH_LOGS=1 shows why)');
    const worker = app('worker', 'apps/worker/src/main.js');
    stops.push(() => worker.stop({ graceMs: 10_000 }));
    const api = app('api', 'apps/api/src/main.js');
    stops.push(() => api.stop());
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await pollUntil(async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.status === 200, {
      timeoutMs: 60_000,
      intervalMs: 250,
      timeoutMessage: () => 'the API did not answer /health within 60 s (BENCH_LOGS=1 shows why)',
    });
    return { apiUrl, databaseUrl: pg.url, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

// ---- HTTP ---------------------------------------------------------------------------------------------
function http(apiUrl) {
  const call = async (method, p, tok, body) => {
    const started = performance.now();
    const r = await fetch(`${apiUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    const ms = performance.now() - started;
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
    return { ms, body: JSON.parse(text), bytes: text.length };
  };
  return { get: (p, tok) => call('GET', p, tok), post: (p, tok, body) => call('POST', p, tok, body) };
}

async function inBatches(count, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

// ---- the sample: real workflows, through the API ------------------------------------------------------
async function openSample(api) {
  const waiting = [];
  const assigned = [];
  const cmCursor = new Map();
  await inBatches(SAMPLE, 8, async (i) => {
    const territory = TERRITORIES[i % T];
    const intake = intakeOf(territory);
    const referral = {
      patient: { externalId: `BENCH-${randomUUID()}`, firstName: 'Jeanne', lastName: 'Martin', birthDate: '1943-05-02', territory },
      referral: { source: 'Dr Durand (GP)', referredAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), diagnosis: 'Alzheimer disease' },
      physician: { name: 'Dr Durand', email: 'dr.durand@cabinet.example' },
      caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'daughter' },
    };
    const { body } = await api.post('/api/v1/pathways', intake, referral);
    await api.post(`/api/v1/pathways/${body.id}/eligibility`, intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
    if (i % 4 === 0) {
      waiting.push({ id: body.id, territory });
      return;
    }
    const cms = cmsOf(territory);
    const at = cmCursor.get(territory) ?? 0;
    cmCursor.set(territory, at + 1);
    const cm = cms[at % cms.length];
    await api.post(`/api/v1/pathways/${body.id}/assignment`, supervisorOf(territory), { caseManagerId: cm.id });
    assigned.push({ id: body.id, territory, cm: cm.id });
  });
  return { waiting, assigned };
}

// ---- the bulk: what the activities would have written for the other pathways ---------------------------
const OVERDUE = {
  AWAITING_ASSIGNMENT: [['case manager assignment overdue', 'assignmentDue']],
  ASSESSMENT: [['assessment overdue', 'assessmentDue'], ['first contact overdue', 'firstContactDue'], ['first home visit overdue', 'firstHomeVisitDue']],
  PLANNING: [['service plan overdue', 'planDue']],
  PLAN_VALIDATION: [['no event for too long', 'inactivityStuckAfter']],
  FOLLOW_UP: [['follow-up contact overdue', 'contactDue'], ['periodic reassessment overdue', 'reassessmentDue'], ['no event for too long', 'inactivityStuckAfter']],
};
const CLOSURE_REASONS = [['DECEASED', 0.3], ['INSTITUTIONALIZED', 0.25], ['REORIENTED', 0.2], ['MOVED', 0.1], ['REFUSED', 0.1], ['OTHER', 0.05]];
const FIRST_NAMES = ['Jeanne', 'Marcel', 'Yvonne', 'Louis', 'Simone', 'André', 'Paulette', 'René', 'Germaine', 'Roger'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau'];

/** A summary like the workflow's (summarize()), about 2.5 kB of JSON: the projection row's real weight. */
function summaryOf(p) {
  return {
    id: p.id,
    stage: p.stage,
    stageSince: p.events[p.events.length - 1].at,
    cycle: p.stage === 'AWAITING_ASSIGNMENT' ? 0 : 1,
    territory: p.territory,
    patient: { externalId: p.externalId, firstName: p.firstName, lastName: p.lastName, birthDate: p.birthDate, territory: p.territory },
    physician: { name: 'Dr Anne Leroy', email: 'dr.leroy@cabinet.example' },
    caregiver: { name: `Claire ${p.lastName}`, email: 'aidant@example.org', phone: '+33 6 12 34 56 78', relationship: 'daughter' },
    referral: { source: 'Dr Anne Leroy (GP)', referredAt: p.referredAt.toISOString(), diagnosis: 'Alzheimer disease, moderate stage' },
    caseManagerId: p.cm,
    deadlines: p.nextDeadlineAt
      ? [{ kind: p.stage === 'FOLLOW_UP' ? 'contactDue' : 'assessmentDue', startedAt: p.referredAt.toISOString(), dueAt: p.nextDeadlineAt.toISOString(), overdue: false }]
      : [],
    episodes: { respites: [], nursingHomeApplications: [], respiteDaysLeft: { 2026: 90 } },
    plan:
      p.stage === 'PLAN_VALIDATION' || p.stage === 'FOLLOW_UP'
        ? {
            version: 1,
            recordedAt: p.referredAt.toISOString(),
            services: [
              { type: 'SSIAD', provider: 'SSIAD du secteur', frequency: 'daily', startsAt: '2026-01-05', status: 'STARTED' },
              { type: 'SAAD', provider: 'Aide à domicile du secteur', frequency: '3 times a week', startsAt: '2026-01-05', status: 'STARTED' },
              { type: 'DAY_CARE', provider: 'Accueil de jour Les Tilleuls', frequency: 'weekly', startsAt: '2026-02-01', status: 'PLANNED' },
            ],
          }
        : undefined,
    latestAssessment:
      p.stage === 'ASSESSMENT' || p.stage === 'AWAITING_ASSIGNMENT'
        ? undefined
        : { performedAt: p.referredAt.toISOString(), mmse: 18, gir: 4, zarit: 42, livingSituation: 'lives alone, daughter nearby', summary: 'moderate cognitive decline; falls; needs help with meals and medication' },
    consent: p.cm ? { given: true, at: p.referredAt.toISOString() } : undefined,
    eligibility: { decision: 'ACCEPTED', criteria: ALL_CRITERIA },
    flags: p.stuckReason === 'inactivityStuckAfter' ? ['INACTIVE'] : [],
    stuck: p.stuckReason ? [{ code: p.stuckReason, reason: p.reason, since: p.overdueSince.toISOString(), clock: p.clock }] : [],
    lastActivityAt: p.lastEventAt.toISOString(),
  };
}

/** One pathway's history, from its referral to now (or its closure). Times only move forward and stay in the past. */
function storyOf(p, now) {
  const events = [];
  let t = p.referredAt.getTime();
  const at = (after) => {
    // Forward by at least a second; never later than an hour ago (by more than a second per event).
    t = Math.max(t + 1000, Math.min(t + Math.max(after, 60_000), now - 3_600_000));
    return new Date(t);
  };
  const add = (after, type, data = {}, actor = 'bench') => events.push({ seq: events.length + 1, at: at(after), type, actor, data });
  add(2 * 3_600_000, 'REFERRAL_RECEIVED', { source: 'GP', referredAt: p.referredAt.toISOString(), territory: p.territory }, 'intake');
  add(between(1, 6) * DAY, 'ELIGIBILITY_DECIDED', { decision: 'ACCEPTED' }, 'intake');
  // How far it went: -1 not assigned, 0 assigned, 1 assessed, 2 planned, 3 in follow-up (a closed one stopped anywhere).
  const reached = p.stage === 'CLOSED' ? p.closedAfter - 1 : ['AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'].indexOf(p.stage) - 1;
  const sent = [];
  if (reached >= 0) {
    add(between(0, 7) * DAY, 'CASE_MANAGER_ASSIGNED', { caseManagerId: p.cm ?? 'bench-cm-closed', stage: 'ASSESSMENT' }, 'supervisor');
    add(between(1, 5) * DAY, 'CONSENT_RECORDED', { given: true });
    if (random() < 0.5) {
      add(between(5, 15) * DAY, 'REMINDER_DUE', { clock: 'assessmentDue', to: ['case_manager'] }, 'system');
      sent.push({ kind: 'assessmentDueReminder', role: 'case_manager', at: new Date(t + 60_000) });
    }
  }
  if (reached >= 1) add(between(5, 30) * DAY, 'ASSESSMENT_RECORDED', { performedAt: new Date(t).toISOString(), summary: 'home visit', cycle: 1, stage: 'PLANNING' });
  if (reached >= 2) {
    add(between(3, 20) * DAY, 'PLAN_RECORDED', { version: 1, services: [{ type: 'SSIAD' }], stage: 'PLAN_VALIDATION', notify: ['physician'] });
    sent.push({ kind: 'planToValidate', role: 'physician', at: new Date(t + 60_000) });
  }
  if (reached >= 3) {
    if (random() < 0.75) add(between(1, 13) * DAY, 'PLAN_ACKNOWLEDGED', { version: 1, stage: 'FOLLOW_UP' }, 'physician');
    else {
      add(7 * DAY, 'REMINDER_DUE', { clock: 'planAcknowledgementDue', to: ['physician'] }, 'system');
      sent.push({ kind: 'planAcknowledgementDueReminder', role: 'physician', at: new Date(t + 60_000) });
      add(7 * DAY, 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED', { stage: 'FOLLOW_UP' }, 'system');
    }
    const contacts = Math.min(8, Math.floor((now - t) / (30 * DAY)));
    for (let c = 0; c < contacts; c++) add(between(20, 30) * DAY, 'CONTACT_LOGGED', { channel: 'PHONE' });
  }
  if (p.stage === 'CLOSED') {
    add(between(1, 60) * DAY, 'PATHWAY_CLOSED', { reason: p.closureReason });
    p.closedAt = events[events.length - 1].at;
  }
  if (p.stuckReason) {
    const [reason, clock] = p.stuckReason;
    add(between(1, 40) * DAY, 'DEADLINE_PASSED', { clock, dueAt: new Date(t).toISOString(), reason, escalate: ['supervisor'] }, 'system');
    // The projection keys a stuck pathway by its code (the clock), the sentence is for display (issue 22).
    p.stuckReason = clock;
    p.reason = reason;
    p.clock = clock;
    p.overdueSince = events[events.length - 1].at;
  }
  p.events = events;
  p.lastEventAt = events[events.length - 1].at;
  p.reminders = sent.filter((r) => r.at.getTime() < now);
}

function buildBulk(slotsLeft, now) {
  const pathways = [];
  const cursor = new Map(TERRITORIES.map((t) => [t, 0]));
  for (let k = 0; k < N - SAMPLE; k++) {
    const territory = TERRITORIES[k % T];
    const cms = cmsOf(territory);
    let cm = null;
    for (let tries = 0; tries < cms.length && !cm; tries++) {
      const at = cursor.get(territory) % cms.length;
      if (slotsLeft.get(cms[at].id) > 0) {
        cm = cms[at].id;
        slotsLeft.set(cm, slotsLeft.get(cm) - 1);
      }
      cursor.set(territory, cursor.get(territory) + 1);
    }
    const stage = cm ? pick([['ASSESSMENT', 0.12], ['PLANNING', 0.08], ['PLAN_VALIDATION', 0.05], ['FOLLOW_UP', 0.75]]) : 'AWAITING_ASSIGNMENT';
    const ageDays = stage === 'FOLLOW_UP' ? between(90, 700) : stage === 'AWAITING_ASSIGNMENT' ? between(2, 20) : between(20, 80);
    const p = { stage, territory, cm, referredAt: new Date(now - ageDays * DAY) };
    if (random() < OVERDUE_SHARE) p.stuckReason = OVERDUE[stage][Math.floor(random() * OVERDUE[stage].length)];
    pathways.push(p);
  }
  for (let k = 0; k < Math.round(N * CLOSED_SHARE); k++) {
    pathways.push({
      stage: 'CLOSED',
      territory: TERRITORIES[k % T],
      cm: null,
      referredAt: new Date(now - between(40, 700) * DAY),
      closureReason: pick(CLOSURE_REASONS),
      closedAfter: Math.floor(random() * 5),
    });
  }
  for (const p of pathways) {
    p.id = randomUUID();
    p.patientId = randomUUID();
    p.externalId = `BENCH-${p.id.slice(0, 13)}`;
    p.firstName = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
    p.lastName = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
    p.birthDate = `19${30 + Math.floor(random() * 25)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    storyOf(p, now);
    p.nextDeadlineAt = p.stage === 'CLOSED' ? null : new Date(now + between(1, 60) * DAY);
  }
  return pathways;
}

async function insertBulk(pg, pathways) {
  const chunks = (rows, size) => Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size));
  const columns = (rows, ...getters) => getters.map((g) => rows.map(g));
  for (const rows of chunks(pathways, 2000)) {
    await pg.query(
      `INSERT INTO patients (id, territory, external_id, first_name, last_name, birth_date)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])`,
      columns(rows, (p) => p.patientId, (p) => p.territory, (p) => p.externalId, (p) => p.firstName, (p) => p.lastName, (p) => p.birthDate),
    );
    await pg.query(
      `INSERT INTO pathways (id, patient_id, territory, stage, case_manager_id, referred_at, closed_at, closure_reason,
                             next_deadline_at, overdue_since, stuck_reason, flags, last_event_at, summary, projection_version)
       SELECT id, patient_id, territory, stage, cm, referred_at, closed_at, closure_reason, next_deadline_at, overdue_since,
              stuck_reason, CASE WHEN stuck_reason = 'inactivityStuckAfter' THEN '{INACTIVE}'::text[] ELSE '{}'::text[] END,
              last_event_at, summary::jsonb, version
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::text[],
                     $9::timestamptz[], $10::timestamptz[], $11::text[], $12::timestamptz[], $13::text[], $14::int[])
           AS p(id, patient_id, territory, stage, cm, referred_at, closed_at, closure_reason, next_deadline_at, overdue_since,
                stuck_reason, last_event_at, summary, version)`,
      columns(
        rows,
        (p) => p.id,
        (p) => p.patientId,
        (p) => p.territory,
        (p) => p.stage,
        (p) => p.cm,
        (p) => p.referredAt,
        (p) => p.closedAt ?? null,
        (p) => p.closureReason ?? null,
        (p) => p.nextDeadlineAt,
        (p) => p.overdueSince ?? null,
        (p) => p.stuckReason ?? null,
        (p) => p.lastEventAt,
        (p) => JSON.stringify(summaryOf(p)),
        (p) => p.events.length,
      ),
    );
    const assigned = rows.filter((p) => p.cm);
    await pg.query(
      `INSERT INTO caseload_assignments (pathway_id, case_manager_id, assigned_at) SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[])`,
      columns(assigned, (p) => p.id, (p) => p.cm, (p) => p.referredAt),
    );
  }
  const events = pathways.flatMap((p) => p.events.map((e) => ({ ...e, pathwayId: p.id })));
  for (const rows of chunks(events, 20_000)) {
    await pg.query(
      `INSERT INTO pathway_events (pathway_id, seq, at, type, actor, data)
       SELECT pathway_id, seq, at, type, actor, data::jsonb FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])
         AS e(pathway_id, seq, at, type, actor, data)`,
      columns(rows, (e) => e.pathwayId, (e) => e.seq, (e) => e.at, (e) => e.type, (e) => e.actor, (e) => JSON.stringify(e.data)),
    );
  }
  const reminders = pathways.flatMap((p) => p.reminders.map((r, i) => ({ ...r, pathwayId: p.id, key: `${p.id}:${r.kind}:${i}` })));
  for (const rows of chunks(reminders, 20_000)) {
    await pg.query(
      `INSERT INTO reminders (dedupe_key, pathway_id, kind, recipient_role, channel, due_at, status, sent_at, attempts, handed_over_at)
       SELECT key, pathway_id, kind, role, 'email', at - interval '1 minute', 'sent', at, 1, at
         FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[]) AS r(key, pathway_id, kind, role, at)`,
      columns(rows, (r) => r.key, (r) => r.pathwayId, (r) => r.kind, (r) => r.role, (r) => r.at),
    );
  }
  // A few activities that keep failing (one pathway in a thousand), as the worker's interceptor records them.
  const failing = pathways.filter((p) => p.stage !== 'CLOSED').filter((_, i) => i % 1000 === 7);
  await pg.query(
    `INSERT INTO activity_failures (pathway_id, activity_type, territory, workflow_id, attempts, last_error, failing_since, last_failed_at)
     SELECT id, 'enqueueNotifications', territory, 'pathway-' || id, 12, 'Error: connect ECONNREFUSED', now() - interval '2 hours', now() - interval '1 minute'
       FROM unnest($1::uuid[], $2::text[]) AS f(id, territory)`,
    columns(failing, (p) => p.id, (p) => p.territory),
  );
  for (const table of ['case_managers', 'patients', 'pathways', 'pathway_events', 'caseload_assignments', 'reminders', 'activity_failures']) {
    await pg.query(`VACUUM (ANALYZE) ${table}`);
  }
  return { events: events.length, reminders: reminders.length, activityFailures: failing.length };
}

// ---- measurements -------------------------------------------------------------------------------------
async function measure(label, calls, width, request) {
  const latencies = [];
  const rows = [];
  let bytes = 0;
  const started = performance.now();
  await inBatches(calls, width, async (i) => {
    const r = await request(i);
    latencies.push(r.ms);
    rows.push(r.rows);
    bytes += r.bytes;
  });
  const seconds = (performance.now() - started) / 1000;
  const result = { label, concurrency: width, ...stats(latencies), perSecond: round(calls / seconds), rowsPerAnswer: round(rows.reduce((a, b) => a + b, 0) / rows.length), kbPerAnswer: round(bytes / calls / 1024) };
  log(`${label}: ${JSON.stringify(result)}`);
  return result;
}

const SUPERVISION_INDEXES = ['pathways_stuck_idx', 'pathway_events_pathway_type_idx', 'reminders_pathway_sent_idx'];

/** EXPLAIN ANALYZE of one statement, with the supervision indexes, then without them (dropped in a rolled-back transaction). */
async function explain(pg, label, text, params) {
  const run = async () => {
    const { rows } = await pg.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) ${text}`, params);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1]);
    return { ms, plan };
  };
  await run(); // warm
  const withIndexes = await run();
  await pg.query('BEGIN');
  let withoutIndexes;
  try {
    for (const index of SUPERVISION_INDEXES) await pg.query(`DROP INDEX ${index}`);
    await run();
    withoutIndexes = await run();
  } finally {
    await pg.query('ROLLBACK');
  }
  log(`EXPLAIN ANALYZE ${label}: ${withIndexes.ms} ms with the supervision indexes, ${withoutIndexes.ms} ms without`);
  if (EXPLAIN) {
    console.log(`\n--- ${label}, with the supervision indexes ---\n${withIndexes.plan.join('\n')}`);
    console.log(`\n--- ${label}, without them ---\n${withoutIndexes.plan.join('\n')}\n`);
  }
  return { withIndexesMs: withIndexes.ms, withoutIndexesMs: withoutIndexes.ms, plan: withIndexes.plan };
}

async function main() {
  if (!EXTERNAL.apiUrl !== !EXTERNAL.databaseUrl) throw new Error('--api-url and --database-url go together (an existing stack), or neither (a private one)');
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30), node: process.version };
  log(`${N} open pathways (${SAMPLE} through the workflow), ${M} case managers, ${T} territories, ${OVERDUE_SHARE * 100} % overdue; machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GB`);
  if (!EXTERNAL.apiUrl) buildDist();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-bench-supervision-'));
  fs.chmodSync(dataDir, 0o755);
  let stack;
  const results = { machine, params: { pathways: N, sample: SAMPLE, caseManagers: M, capacity: CAPACITY, territories: T, overdueShare: OVERDUE_SHARE, closedShare: CLOSED_SHARE, calls: CALLS, indicatorCalls: INDICATOR_CALLS, concurrency: CONCURRENCY } };
  let db;
  // Ctrl-C (or the end of --hold by a signal): stop what was started and delete its data.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`${signal}: stopping the stack`);
      void Promise.resolve(db?.end())
        .catch(() => undefined)
        .then(() => stack?.stop())
        .finally(() => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          process.exit(130);
        });
    });
  }
  try {
    let started = performance.now();
    stack = EXTERNAL.apiUrl ? { apiUrl: EXTERNAL.apiUrl, databaseUrl: EXTERNAL.databaseUrl, stop: async () => undefined } : await startPrivateStack(dataDir);
    db = new PgClient({ connectionString: stack.databaseUrl });
    await db.connect();
    log(`stack ready in ${round((performance.now() - started) / 1000)} s`);
    const api = http(stack.apiUrl);

    started = performance.now();
    await db.query(
      `INSERT INTO case_managers (id, name, email, territory, capacity)
       SELECT id, 'Gestionnaire ' || id, id || '@dac.example', territory, ${CAPACITY} FROM unnest($1::text[], $2::text[]) AS c(id, territory)
       ON CONFLICT (id) DO NOTHING`,
      [CASE_MANAGERS.map((c) => c.id), CASE_MANAGERS.map((c) => c.territory)],
    );
    const sample = await openSample(api);
    const sampleSeconds = (performance.now() - started) / 1000;
    log(`sample through the real workflow: ${SAMPLE} pathways (${sample.assigned.length} assigned, ${sample.waiting.length} left waiting) in ${round(sampleSeconds)} s`);

    started = performance.now();
    const { rows: loads } = await db.query(`SELECT case_manager_id, count(*)::int AS active FROM caseload_assignments GROUP BY 1`);
    const slotsLeft = new Map(CASE_MANAGERS.map((c) => [c.id, CAPACITY]));
    for (const l of loads) if (slotsLeft.has(l.case_manager_id)) slotsLeft.set(l.case_manager_id, CAPACITY - l.active);
    const now = Date.now();
    const bulk = buildBulk(slotsLeft, now);
    const inserted = await insertBulk(db, bulk);
    const bulkSeconds = (performance.now() - started) / 1000;
    const { rows: counts } = await db.query(
      `SELECT count(*) FILTER (WHERE closed_at IS NULL)::int AS open, count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
              count(*) FILTER (WHERE closed_at IS NULL AND stuck_reason IS NOT NULL)::int AS stuck,
              (SELECT count(*)::int FROM pathway_events) AS events, (SELECT count(*)::int FROM reminders) AS reminders,
              (SELECT count(*)::int FROM caseload_assignments) AS assigned,
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM caseload_assignments GROUP BY case_manager_id) l) AS max_caseload,
              pg_size_pretty(pg_total_relation_size('pathways')) AS pathways_size, pg_size_pretty(pg_total_relation_size('pathway_events')) AS events_size
         FROM pathways WHERE territory LIKE 'BENCH-%'`,
    );
    results.data = { ...counts[0], bulkInserted: bulk.length, throughWorkflow: SAMPLE, activityFailures: inserted.activityFailures, sampleSeconds: round(sampleSeconds), bulkSeconds: round(bulkSeconds) };
    log(`bulk-inserted into PostgreSQL (not through the workflow): ${bulk.length} pathways (${bulk.length - Math.round(N * CLOSED_SHARE)} open, ${Math.round(N * CLOSED_SHARE)} closed), ${inserted.events} timeline events, ${inserted.reminders} sent reminders, in ${round(bulkSeconds)} s`);
    log(`in the database: ${JSON.stringify(counts[0])}`);

    // The sample left unassigned becomes overdue through the real workflow (timer → projection): check the API lists it.
    if (!EXTERNAL.apiUrl && sample.waiting.length) {
      started = performance.now();
      const expected = new Set(sample.waiting.map((w) => w.id));
      const byTerritory = [...new Set(sample.waiting.map((w) => w.territory))];
      let seen = 0;
      await pollUntil(
        async () => {
          seen = 0;
          for (const territory of byTerritory) {
            const { body } = await api.get('/api/v1/supervision/stuck', supervisorOf(territory));
            seen += body.filter((e) => expected.has(e.pathwayId) && e.reason === 'case manager assignment overdue').length;
          }
          return seen === expected.size;
        },
        { timeoutMs: 120_000, intervalMs: 1000, timeoutMessage: () => `only ${seen} of ${expected.size} sample pathways became overdue on the stuck list` },
      );
      results.sampleOverdue = { pathways: expected.size, onStuckListAfterSeconds: round((performance.now() - started) / 1000) };
      log(`the ${expected.size} sample pathways left unassigned are on the stuck list, overdue through their workflow (assignmentDue ${ASSIGNMENT_DUE})`);
    }

    const stuck = (i) => {
      const territory = TERRITORIES[i % T];
      return api.get('/api/v1/supervision/stuck', supervisorOf(territory)).then((r) => ({ ...r, rows: r.body.length }));
    };
    const indicators = (days) => (i) => {
      const territory = TERRITORIES[i % T];
      const from = new Date(Date.now() - days * DAY).toISOString();
      return api.get(`/api/v1/supervision/indicators?from=${from}`, supervisorOf(territory)).then((r) => ({ ...r, rows: 1 }));
    };
    await measure('warm-up', Math.min(40, CALLS), 1, stuck);
    await measure('warm-up', Math.min(10, INDICATOR_CALLS), 1, indicators(365));
    results.http = [
      await measure('GET /supervision/stuck', CALLS, 1, stuck),
      await measure(`GET /supervision/stuck, ${CONCURRENCY} supervisors at once`, CALLS, CONCURRENCY, stuck),
      await measure('GET /supervision/indicators (30 days)', INDICATOR_CALLS, 1, indicators(30)),
      await measure('GET /supervision/indicators (1 year)', INDICATOR_CALLS, 1, indicators(365)),
      await measure(`GET /supervision/indicators (1 year), ${CONCURRENCY} at once`, INDICATOR_CALLS, CONCURRENCY, indicators(365)),
    ];

    // The SQL alone, for the first territory, with and without the indexes made for it.
    const persistence = require(path.join(ROOT, 'dist/libs/persistence/src/supervision-reads.js'));
    const domain = require(path.join(ROOT, 'dist/libs/domain/src'));
    const overdueCodes = domain.OVERDUE_CODES;
    const territory = TERRITORIES[0];
    results.sql = {
      stuck: await explain(db, `stuck list of ${territory}`, persistence.STUCK_REASONS_SQL, [territory, new Date(Date.now() - 60_000)]),
      indicators30: await explain(db, `indicators of ${territory}, 30 days`, persistence.INDICATORS_SQL, persistence.indicatorsParams({ territory, from: new Date(Date.now() - 30 * DAY), to: new Date(), overdueCodes })),
      indicators365: await explain(db, `indicators of ${territory}, 1 year`, persistence.INDICATORS_SQL, persistence.indicatorsParams({ territory, from: new Date(Date.now() - 365 * DAY), to: new Date(), overdueCodes })),
    };
    if (HOLD && !EXTERNAL.apiUrl) {
      log(`holding the stack for ${HOLD} s: DATABASE_URL=${stack.databaseUrl} API=${stack.apiUrl}`);
      await sleep(HOLD * 1000);
    }
  } finally {
    await db?.end().catch(() => undefined);
    await stack?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const outDir = path.join(ROOT, 'tmp');
  fs.mkdirSync(outDir, { recursive: true });
  const forJson = { ...results, sql: Object.fromEntries(Object.entries(results.sql).map(([k, v]) => [k, { withIndexesMs: v.withIndexesMs, withoutIndexesMs: v.withoutIndexesMs }])) };
  fs.writeFileSync(path.join(outDir, 'bench-supervision.json'), JSON.stringify({ ...results, sql: results.sql }, null, 2));

  const d = results.data;
  console.log(`\nSupervision benchmark — ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGb} GB, Node ${results.machine.node}`);
  console.log(
    `${d.open} open pathways (${d.throughWorkflow} through the real workflow, the rest bulk-inserted into the projection and timeline), ${d.closed} closed; ` +
      `${M} case managers (largest caseload ${d.max_caseload}), ${T} territories; ${d.stuck} stuck (${round((100 * d.stuck) / d.open)} %); ${d.events} timeline events, ${d.reminders} outbox rows\n`,
  );
  const header = ['endpoint (HTTP, supervisor token, one territory per call)', 'calls', 'rows/answer', 'kB', 'p50 ms', 'p95 ms', 'max ms', 'req/s'];
  const table = results.http.map((r) => [r.label, r.n, r.rowsPerAnswer, r.kbPerAnswer, r.p50, r.p95, r.max, r.perSecond]);
  const widths = header.map((h, i) => Math.max(String(h).length, ...table.map((row) => String(row[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log(line(header));
  for (const row of table) console.log(line(row));
  console.log(`\nSQL alone (EXPLAIN ANALYZE, ${TERRITORIES[0]}):   with the supervision indexes  |  without`);
  for (const [k, v] of Object.entries(results.sql)) console.log(`  ${k.padEnd(14)} ${String(v.withIndexesMs).padStart(10)} ms  |  ${v.withoutIndexesMs} ms`);
  const goal = results.http[0].p95 < 500 && results.http[1].p95 < 500;
  console.log(`\ngoal p95 < 500 ms for the stuck list: ${goal ? 'met' : 'NOT met'}\n`);
  console.log(JSON.stringify(forJson, null, 2));
  console.log(`\nwritten: tmp/bench-supervision.json`);
}

main().catch((err) => {
  console.error(`[bench:supervision] failed: ${err.stack ?? err}`);
  process.exit(1);
});
