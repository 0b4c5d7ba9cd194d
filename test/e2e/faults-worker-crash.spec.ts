// The worker killed (SIGKILL, no chance to finish anything) while pathways are taking steps, then
// restarted: every client, retrying with its Idempotency-Key, gets its answer; every pathway ends in
// FOLLOW_UP; every timeline runs 1..n with each step's event exactly once. (A worker killed while
// e-mailing a reminder: reminders-worker-crash.spec.ts.)
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { expectNoDrift } from '../support/consistency-check';
import { Api, createCaseManager } from './api-support';
import { eventuallyPasses, expectIntactTimeline, persisted, RetryLog, sleep, WALK_TO_FOLLOW_UP, walkToFollowUp } from './faults-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

it('a worker killed in the middle of steps loses and duplicates nothing once restarted', async () => {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId, 100);
  const PATHWAYS = 10;
  let answered = 0;
  const log: RetryLog = { attempts: 0, transient: [] };
  let killed: () => void = () => undefined;
  const killedAt = new Promise<void>((resolve) => (killed = resolve));
  const walks = Array.from({ length: PATHWAYS }, () =>
    walkToFollowUp(api, caseManagerId, () => {
      if (++answered === 20) killed();
    }, log),
  );

  await killedAt; // about a third of the 70 steps answered, the others in flight
  await stack.stopWorker({ signal: 'SIGKILL' });
  // The outage itself, not a wait for something: no worker runs for 2 s while the clients keep sending
  // steps. What follows waits for observable events (every walk answered, the timeline complete).
  await sleep(2_000);
  stack.startWorker();

  const ids = await Promise.all(walks);
  expect(answered).toBe(PATHWAYS * WALK_TO_FOLLOW_UP.length);
  await eventuallyPasses(async () => {
    const rows = await persisted(stack.databaseUrl, ids);
    for (const id of ids) {
      expect(rows.get(id)?.stage).toBe('FOLLOW_UP');
      expectIntactTimeline(id, rows.get(id), WALK_TO_FOLLOW_UP);
    }
  }, 20_000);
  console.log(`worker SIGKILL: ${answered} steps answered in ${log.attempts} requests; transient answers: ${JSON.stringify(count(log.transient))}`);
}, 150_000);

it('leaves the workflows, the projection and the caseloads agreeing (npm run check:consistency: no drift)', async () => {
  await eventuallyPasses(() => expectNoDrift(stack), 30_000, 2_000);
}, 60_000);

function count(values: number[]): Record<string, number> {
  return values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
}
