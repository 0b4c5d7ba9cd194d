// A worker whose projection write fails on purpose (WORKER_FAULTS, test only: the first 3 attempts of
// recordPathwayEvents fail; the policy allows 3 attempts per try): the pathway shows on the supervisor's
// stuck list with the failing activity named (though the projection itself could not be written), and
// in Temporal's visibility; when the workflow's own retry gets through a minute later, it leaves the list.
import type { DataSource } from 'typeorm';
import { createDataSource, listActivityFailures } from '@pathway/persistence';
import { ALL_CRITERIA, expectStatus, people, referral, TERRITORY } from './api-support';
import { entryOf, eventually, startSupervisionStack, stuckList, SupervisionStack, temporalCli } from './supervision-support';

let s: SupervisionStack;
let db: DataSource;

beforeAll(async () => {
  s = await startSupervisionStack({ activityFailureStuckAttempts: 3 }, { WORKER_FAULTS: 'recordPathwayEvents:3' });
  db = await createDataSource(s.stack.databaseUrl, { poolSize: 2 }).initialize();
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await s?.stop();
});

const REASON = 'activity recordPathwayEvents keeps failing';

it('a failing projection write makes the pathway stuck with the activity named, until the workflow retries it successfully', async () => {
  expect(s.stack.logs.worker.join('\n')).toMatch(/TEST-ONLY fault injection \(WORKER_FAULTS\): recordPathwayEvents for its next 3 attempts/);
  // The referral is stored by openPathwayRecord (not faulty); the eligibility decision is the first projection write.
  const referred = await s.api.post('/api/v1/pathways', people.intake, referral());
  expectStatus(referred, 201);
  const pathwayId = referred.body.id as string;
  const decidedAt = Date.now();
  const step = { decision: 'ACCEPTED', criteria: ALL_CRITERIA };
  const idempotencyKey = `eligibility-${pathwayId}`;
  // The workflow holds the step; persisting it is what fails (three attempts, 1 s then 2 s apart), so the
  // step is not answered meanwhile (issue 15): 503 at the API's 30 s deadline, never a 200 before it is recorded.
  const decided = s.api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, step, { idempotencyKey });

  const { value: list, at: seenAt } = await eventually(() => stuckList(s.api, people.supervisor), (l) => entryOf(l, pathwayId) !== undefined, 'the pathway on the stuck list', 15_000);
  console.log(`failing activity: on the stuck list ${seenAt - decidedAt} ms after the step that could not be persisted`);
  const entry = entryOf(list, pathwayId);
  expect(entry).toMatchObject({
    pathwayId,
    // The projection could not be written since the referral: it still says REFERRED, and nothing about being stuck.
    stage: 'REFERRED',
    reason: REASON,
    caseManagerId: null,
    code: 'activityFailing',
    reasons: [{ code: 'activityFailing', reason: REASON, since: expect.any(String), source: 'activity' }],
    failingActivity: { activityType: 'recordPathwayEvents', attempts: 3, since: expect.any(String), lastFailedAt: expect.any(String) },
  });
  expect(Math.abs(Date.parse(entry?.since ?? '') - decidedAt)).toBeLessThan(5_000);
  const [failure] = await listActivityFailures(db, { pathwayId });
  expect(failure).toMatchObject({ territory: TERRITORY, attempts: 3, lastError: expect.stringMatching(/injected fault \(WORKER_FAULTS, test only\)/) });

  // Operators find it with the README's query: the workflow marked itself stuck (a neutral code in Temporal).
  await eventually(
    () => temporalCli(s.stack, 'list', "ExecutionStatus = 'Running' AND StuckReason = 'ACTIVITY_FAILING'"),
    (ids) => (ids as string[]).includes(`pathway-${pathwayId}`),
    'the failing pathway in Temporal visibility',
    10_000,
  );

  const unanswered = await decided;
  expect(unanswered.status).toBe(503);
  expect(unanswered.body.detail).toMatch(/not in the database yet\); retry with the same Idempotency-Key/);

  // The workflow retries on its own timer (1 minute); the faults are spent, so it gets through.
  const { at: clearedAt } = await eventually(() => stuckList(s.api, people.supervisor), (l) => entryOf(l, pathwayId) === undefined, 'the pathway to leave the stuck list', 90_000);
  console.log(`failing activity: off the stuck list ${clearedAt - decidedAt} ms after the step (the workflow's first retry is 1 min after it gave up)`);
  expect(await listActivityFailures(db, { pathwayId })).toEqual([]);
  // The same request again attaches to the step, now recorded: answered once, applied once.
  const retried = await s.api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, step, { idempotencyKey });
  expectStatus(retried, 200);
  expect(retried.body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', stuck: [] });
  const summary = await s.api.get(`/api/v1/pathways/${pathwayId}`, people.supervisor);
  expect(summary.body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', stuck: [] });
  const timeline = await s.api.get(`/api/v1/pathways/${pathwayId}/timeline`, people.supervisor);
  expect(timeline.body.map((e: { type: string }) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
  await eventually(
    () => temporalCli(s.stack, 'list', "ExecutionStatus = 'Running' AND StuckReason = 'ACTIVITY_FAILING'"),
    (ids) => !(ids as string[]).includes(`pathway-${pathwayId}`),
    'the recovered pathway to leave Temporal visibility',
    10_000,
  );
}, 180_000);
