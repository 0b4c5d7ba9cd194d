// The production shape (issue 17): two API replicas behind HAProxy, two workers, NODE_ENV=production
// with tokens of a real OpenID provider and encrypted payloads, an external application PostgreSQL, and
// a Temporal cluster. Pathways are walked through the load balancer by a client that retries as a real
// one does (same Idempotency-Key on a cut connection, a 502/503, or "in progress"), while one API replica
// and one worker are killed (SIGKILL) and restarted. Afterwards: every accepted step is in the timeline
// once, every reminder that came due was e-mailed once, no pathway is stuck, and the README's visibility
// queries give the expected answers with the `temporal` CLI.
//
// In `npm test` (short form) Temporal is the dev server; `npm run test:production` (infra/test-production.mjs)
// runs this same file against the real Temporal server on PostgreSQL (PRODUCTION_SHAPE_TEMPORAL=server)
// with more pathways, and prints the figures it writes to PRODUCTION_SHAPE_FIGURES.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import type { DataSource } from 'typeorm';
import { createDataSource, listReminders, ReminderRecord } from '@pathway/persistence';
import { eventually } from '@pathway/testing';
import { Identity, startProductionShape, ProductionShape, TemporalKind } from '../support/production-shape';
import { ALL_CRITERIA, Answer, Api, inBatches, isoAgo, referral } from './api-support';
import { expectIntactTimeline, isRetryable, persisted, sleep, WALK_TO_FOLLOW_UP } from './faults-support';
import { readmeVisibilityQueries, temporalCli } from './supervision-support';

const TEMPORAL = (process.env.PRODUCTION_SHAPE_TEMPORAL ?? 'dev') as TemporalKind;
const PATHWAYS = Number(process.env.PRODUCTION_SHAPE_PATHWAYS || 4);
// The README's queries name this territory and case manager `cm-1`.
const TERRITORY = 'T75-EST';
const CASE_MANAGERS = ['cm-1', 'cm-2'];
const PHYSICIAN = 'dr.production@cabinet.example';
const IDENTITIES: Identity[] = [
  { id: 'admin-prod', roles: ['admin'] },
  { id: 'intake-prod', roles: ['intake'], territory: TERRITORY },
  { id: 'supervisor-prod', roles: ['supervisor'], territory: TERRITORY },
  { id: 'physician-prod', roles: ['physician'], email: PHYSICIAN },
  ...CASE_MANAGERS.map((id) => ({ id, roles: ['case_manager'], territory: TERRITORY })),
];
// The physician is reminded 20 s after the plan (due in 2 min, reminded 100 s before), and acknowledges
// once reminded: well before the deadline, so no pathway ends the story overdue.
const POLICY = { planAcknowledgementDue: 'PT2M', planAcknowledgementDueReminderBefore: 'PT100S' };

let shape: ProductionShape;
let api: Api;
let db: DataSource;

beforeAll(async () => {
  shape = await startProductionShape({ temporal: TEMPORAL, identities: IDENTITIES, policy: POLICY });
  api = new Api(shape.url);
  db = await createDataSource(shape.databaseUrl, { poolSize: 2 }).initialize();
  for (const id of CASE_MANAGERS) {
    const created = await api.post('/api/v1/case-managers', await shape.token('admin-prod'), { id, name: `Case manager ${id}`, email: `${id}@dac.example`, territory: TERRITORY, capacity: 100 });
    if (created.status !== 201) throw new Error(`creating case manager ${id}: ${created.status} ${created.text.slice(0, 300)}`);
  }
}, 600_000);
afterAll(async () => {
  await db?.destroy().catch(() => undefined);
  await shape?.stop();
}, 120_000);

/** What the client saw, for the figures. */
const client = { requests: 0, retries: 0, transient: {} as Record<string, number>, inProgressWaits: 0, newKeys: 0, acceptedBefore: 0 };
const kills: { what: string; atSeconds: number; backInSeconds: number }[] = [];
let accepted = 0;

/**
 * POST as a real client does: with an Idempotency-Key, retried with the same key while the answer says
 * to (a cut connection, 502/503, 409 "in progress"). A key left "in progress" by a replica killed with
 * the request in hand stays so for 5 minutes (STALE_AFTER_MS): after 15 s of that the client looks
 * whether the step took effect (`tookEffect`), and after 45 s sends it again under a new key (the
 * workflow refuses a step twice: the answer is then a conflict, and the effect is there).
 */
async function send(path: string, who: string, body: unknown, expected: number, tookEffect: () => Promise<boolean>): Promise<Answer> {
  let key = randomUUID();
  let inProgressSince: number | undefined;
  const until = Date.now() + 180_000;
  for (;;) {
    client.requests += 1;
    let answer: Answer | undefined;
    try {
      answer = await api.post(path, await shape.token(who), body, { idempotencyKey: key, signal: AbortSignal.timeout(45_000) });
    } catch {
      // the connection was cut: the replica died under it
    }
    if (answer && !isRetryable(answer)) {
      if (answer.status !== expected && (await tookEffect())) client.acceptedBefore += 1;
      else if (answer.status !== expected && !(path === '/api/v1/pathways' && answer.status === 409 && answer.body?.openPathwayId)) {
        throw new Error(`POST ${path}: expected ${expected}, got ${answer.status}: ${answer.text.slice(0, 500)}`);
      }
      accepted += 1;
      return answer;
    }
    client.retries += 1;
    const seen = String(answer?.status ?? 'connection cut');
    client.transient[seen] = (client.transient[seen] ?? 0) + 1;
    if (answer?.status === 409) {
      inProgressSince ??= Date.now();
      const waited = Date.now() - inProgressSince;
      if (waited > 15_000 && (await tookEffect())) {
        client.inProgressWaits += 1;
        accepted += 1;
        return answer;
      }
      if (waited > 45_000) {
        client.newKeys += 1;
        key = randomUUID();
        inProgressSince = undefined;
      }
    } else {
      inProgressSince = undefined;
    }
    if (Date.now() > until) throw new Error(`POST ${path} not answered within 180 s (last: ${seen})`);
    await sleep(answer?.status === 409 ? 1000 : 300);
  }
}

const hasEvent = (id: string, type: string) => async () => (await persisted(shape.databaseUrl, [id])).get(id)?.types.includes(type) ?? false;
const reminderSent = (row: ReminderRecord) => row.status === 'sent' || (row.status === 'failed' && /^delivery outcome unknown/.test(row.lastError ?? ''));

/** One pathway from referral to FOLLOW_UP, the plan acknowledged once its reminder was e-mailed. */
async function walk(index: number): Promise<string> {
  const cm = CASE_MANAGERS[index % CASE_MANAGERS.length];
  const referred = await send('/api/v1/pathways', 'intake-prod', referral({ territory: TERRITORY, physicianEmail: PHYSICIAN, referredAt: isoAgo(60) }), 201, async () => false);
  const id = (referred.status === 201 ? referred.body.id : referred.body.openPathwayId) as string;
  const step = (path: string, who: string, body: unknown, event: string) => send(`/api/v1/pathways/${id}/${path}`, who, body, 200, hasEvent(id, event));
  await step('eligibility', 'intake-prod', { decision: 'ACCEPTED', criteria: ALL_CRITERIA }, 'ELIGIBILITY_DECIDED');
  await step('assignment', 'supervisor-prod', { caseManagerId: cm }, 'CASE_MANAGER_ASSIGNED');
  await step('consent', cm, { given: true, at: isoAgo(5) }, 'CONSENT_RECORDED');
  await step('assessments', cm, { performedAt: isoAgo(4), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' }, 'ASSESSMENT_RECORDED');
  await step('plans', cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] }, 'PLAN_RECORDED');
  await eventually(
    async () => {
      const rows = (await listReminders(db, { pathwayId: id })).filter((row) => row.kind === 'planAcknowledgementDueReminder');
      expect(rows.map(reminderSent)).toEqual([true]);
    },
    { timeoutMs: 150_000, intervalMs: 1000, message: `the plan acknowledgement reminder of pathway ${id} to be e-mailed` },
  );
  await step('plan-acknowledgements', 'physician-prod', { acknowledgedAt: new Date().toISOString(), comment: 'agreed' }, 'PLAN_ACKNOWLEDGED');
  return id;
}

/** Once `fraction` of the story's steps are accepted, kills `what` (SIGKILL) and starts it again. */
async function killAndRestart(fraction: number, what: string, kill: () => Promise<void>, restart: () => Promise<unknown>, storyStart: number): Promise<void> {
  const total = PATHWAYS * WALK_TO_FOLLOW_UP.length;
  await eventually(() => expect(accepted).toBeGreaterThanOrEqual(Math.ceil(total * fraction)), { timeoutMs: 600_000, intervalMs: 100, message: `${fraction * 100}% of the steps before killing ${what}` });
  const at = Date.now();
  await kill();
  await restart();
  kills.push({ what, atSeconds: (at - storyStart) / 1000, backInSeconds: (Date.now() - at) / 1000 });
}

let pathwayIds: string[] = [];
let storySeconds = 0;

it(`${PATHWAYS} pathways walked through the load balancer while an API replica and a worker are killed and restarted`, async () => {
  const storyStart = Date.now();
  // One after the other: the API replica at a quarter of the steps, the worker at half.
  const chaos = (async () => {
    await killAndRestart(0.25, 'API replica 1', () => shape.killApi(0), () => shape.startApi(0), storyStart);
    await killAndRestart(0.5, 'worker 1', () => shape.killWorker(0), () => shape.startWorker(0), storyStart);
  })();
  pathwayIds = await inBatches(
    Array.from({ length: PATHWAYS }, (_, i) => i),
    PATHWAYS,
    (i) => walk(i),
  );
  await chaos;
  storySeconds = (Date.now() - storyStart) / 1000;
  expect(new Set(pathwayIds).size).toBe(PATHWAYS);
  expect(kills.map((k) => k.what)).toEqual(['API replica 1', 'worker 1']);
}, 900_000);

it('every accepted step is in the timeline exactly once, and every pathway is in FOLLOW_UP', async () => {
  const records = await persisted(shape.databaseUrl, pathwayIds);
  for (const id of pathwayIds) {
    expectIntactTimeline(id, records.get(id), WALK_TO_FOLLOW_UP);
    expect({ id, stage: records.get(id)?.stage }).toEqual({ id, stage: 'FOLLOW_UP' });
  }
});

it('every reminder that came due was e-mailed exactly once; none is waiting', async () => {
  const rows = (await Promise.all(pathwayIds.map((id) => listReminders(db, { pathwayId: id })))).flat();
  const due = rows.filter((row) => row.dueAt.getTime() <= Date.now());
  expect(due.filter((row) => !reminderSent(row)).map((row) => `${row.kind} ${row.status} ${row.lastError ?? ''}`)).toEqual([]);
  expect(rows.filter((row) => row.dueAt.getTime() > Date.now()).map((row) => row.status)).not.toContain('sent');
  const mail = shape.catcher.messages();
  const copies = (messageId: string) => mail.filter((m) => m.messageId === messageId).length;
  expect(due.map((row) => [row.kind, copies(row.messageId ?? '')])).toEqual(due.map((row) => [row.kind, 1]));
  expect(mail).toHaveLength(due.length); // nothing e-mailed that the outbox does not account for
  for (const id of pathwayIds) expect(due.filter((row) => row.pathwayId === id && row.kind === 'planAcknowledgementDueReminder')).toHaveLength(1);
});

it("no pathway is on the API's stuck list (Temporal's view: the README queries below)", async () => {
  const stuck = await api.get('/api/v1/supervision/stuck', await shape.token('supervisor-prod'));
  expect({ status: stuck.status, stuck: stuck.body }).toEqual({ status: 200, stuck: [] });
});

it("the README's visibility queries run against this Temporal with the CLI and give the expected answers", async () => {
  const temporal = { temporalAddress: shape.temporalAddress, temporalNamespace: shape.namespace };
  const workflowIds = (ids: string[]) => ids.map((id) => `pathway-${id}`).sort();
  const ofCm1 = workflowIds(pathwayIds.filter((_, i) => CASE_MANAGERS[i % CASE_MANAGERS.length] === 'cm-1'));
  const expected = (query: string): string[] | number =>
    query.startsWith("CaseManagerId = 'cm-1'") ? ofCm1 : 0; // every other query looks for trouble: stuck, overdue, waiting, failing
  const queries = readmeVisibilityQueries();
  expect(queries.length).toBeGreaterThanOrEqual(8);
  // Visibility is eventually consistent: read until every query gives its answer.
  await eventually(
    async () => {
      for (const { command, query } of queries) {
        const answer = await temporalCli(temporal, command, query);
        const want = expected(query);
        if (command === 'count') expect({ query, count: answer }).toEqual({ query, count: Array.isArray(want) ? want.length : want });
        else expect({ query, ids: (answer as string[]).sort() }).toEqual({ query, ids: Array.isArray(want) ? want : [] });
      }
    },
    { timeoutMs: 60_000, intervalMs: 2000, message: "the README's queries to give the expected answers" },
  );
  const following = await temporalCli(temporal, 'count', `Territory = '${TERRITORY}' AND PathwayStage = 'FOLLOW_UP' AND ExecutionStatus = 'Running'`);
  expect(following).toBe(PATHWAYS);
}, 120_000);

afterAll(() => {
  const figures = { temporal: TEMPORAL, pathways: PATHWAYS, steps: pathwayIds.length * WALK_TO_FOLLOW_UP.length, startupSeconds: shape?.startup, storySeconds, kills, client };
  const line = `[production-shape] ${JSON.stringify(figures)}\n`;
  process.stdout.write(line);
  if (process.env.PRODUCTION_SHAPE_FIGURES) fs.writeFileSync(process.env.PRODUCTION_SHAPE_FIGURES, JSON.stringify(figures, null, 2));
});
