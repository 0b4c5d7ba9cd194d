// The API process restarted under a client that retries its step with the same Idempotency-Key: the
// step takes effect once. The worker is held stopped so that the step is surely in flight when the API goes.
import { randomUUID } from 'node:crypto';
import { createDataSource } from '@pathway/persistence';
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { expectNoDrift } from '../support/consistency-check';
import { Api, createCaseManager, expectStatus, inAssessment, isoAgo, people } from './api-support';
import { eventuallyPasses, persisted, postUntilAnswered, RetryLog } from './faults-support';

let stack: Stack;
let api: Api;
let caseManagerId: string;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId, 100);
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

const assessment = () => ({ performedAt: isoAgo(4), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' });

async function assessmentsRecorded(id: string): Promise<number> {
  const rows = await persisted(stack.databaseUrl, [id]);
  return (rows.get(id)?.types ?? []).filter((t) => t === 'ASSESSMENT_RECORDED').length;
}

/** Waits until the API has taken the request in: its key claimed, no answer stored yet. */
async function claimedInProgress(key: string): Promise<void> {
  const db = await createDataSource(stack.databaseUrl, { poolSize: 1 }).initialize();
  try {
    await eventually(async () => expect(await db.query('SELECT 1 FROM idempotency_records WHERE key = $1 AND completed_at IS NULL', [key])).toHaveLength(1), {
      timeoutMs: 10_000,
      message: 'the API to claim the key (the step in flight)',
    });
  } finally {
    await db.destroy();
  }
}

it('killed (SIGKILL) with a step in flight: the client retrying with its key causes one effect', async () => {
  const id = await inAssessment(api, caseManagerId);
  const key = randomUUID();
  const body = assessment();
  const path = `/api/v1/pathways/${id}/assessments`;
  await stack.stopWorker();
  const first = api.post(path, people.caseManager(caseManagerId), body, { idempotencyKey: key }).catch((err: Error) => err);
  await claimedInProgress(key);
  await stack.stopApi({ signal: 'SIGKILL' });
  expect(await first).toMatchObject({ message: expect.stringMatching(/fetch failed|terminated|socket/) }); // the connection died with the process
  await stack.startApi();
  stack.startWorker();

  const log: RetryLog = { attempts: 0, transient: [] };
  const retried = await postUntilAnswered(api, path, people.caseManager(caseManagerId), body, key, 5_000, log);
  // The key the dead process claimed stays "in progress" until it is stale (STALE_AFTER_MS, 5 min):
  // the retry is told to come back (409) rather than run the step a second time. A 200 here would mean
  // the retry ran the step itself: the kill path did not happen as this test means it.
  expect(retried).toMatchObject({ status: 409, body: { title: 'Request in progress' } });
  await eventuallyPasses(async () => expect(await assessmentsRecorded(id)).toBe(1), 20_000);
  // A retry with another key is now a new request, which the workflow refuses for the stage (not a second effect).
  const again = await api.post(path, people.caseManager(caseManagerId), body, { idempotencyKey: randomUUID() });
  expect(again.status).toBe(409);
  expect(await assessmentsRecorded(id)).toBe(1);
  console.log(`API SIGKILL: the retry got ${retried.status} after ${log.attempts} attempts (${log.transient.join(',')})`);
}, 90_000);

it('stopped gracefully (SIGTERM) with a step in flight: the step is answered before the API exits, and a retry replays it', async () => {
  const id = await inAssessment(api, caseManagerId);
  const key = randomUUID();
  const body = assessment();
  const path = `/api/v1/pathways/${id}/assessments`;
  await stack.stopWorker();
  const first = api.post(path, people.caseManager(caseManagerId), body, { idempotencyKey: key });
  await claimedInProgress(key);
  const stopping = stack.stopApi(); // SIGTERM: stop accepting, finish what is in flight
  stack.startWorker();
  const answer = await first;
  await stopping;
  expectStatus(answer, 200);
  await stack.startApi();
  const replay = await api.post(path, people.caseManager(caseManagerId), body, { idempotencyKey: key });
  expectStatus(replay, 200);
  expect(replay.body).toEqual(answer.body);
  expect(await assessmentsRecorded(id)).toBe(1);
}, 90_000);

it('leaves the workflows, the projection and the caseloads agreeing (npm run check:consistency: no drift)', async () => {
  await eventuallyPasses(() => expectNoDrift(stack), 30_000, 2_000);
}, 60_000);
