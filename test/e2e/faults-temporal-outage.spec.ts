// The Temporal dev server stopped, then started again on its persisted SQLite file, while clients take
// steps: meanwhile the API answers 503 naming the workflow service and /health says temporal is down;
// clients retrying with their Idempotency-Key all get their answer afterwards, and every accepted step
// is in the timeline exactly once.
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { expectNoDrift } from '../support/consistency-check';
import { Api, createCaseManager, expectProblem, people, referral } from './api-support';
import { eventuallyPasses, expectIntactTimeline, persisted, RetryLog, sleep, WALK_TO_FOLLOW_UP, walkToFollowUp } from './faults-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

it('Temporal down for a while: 503 with the reason meanwhile, every accepted step there afterwards', async () => {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId, 100);
  let answered = 0;
  const log: RetryLog = { attempts: 0, transient: [] };
  let reached: () => void = () => undefined;
  const outageDue = new Promise<void>((resolve) => (reached = resolve));
  const walks = Array.from({ length: 6 }, () =>
    walkToFollowUp(api, caseManagerId, () => {
      if (++answered === 12) reached();
    }, log),
  );

  await outageDue;
  await stack.stopTemporal();
  const down = Date.now();

  const health = await api.call('GET', '/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ status: 'down: temporal', database: { status: 'up' }, temporal: { status: 'down', error: expect.any(String) } });
  const startedAt = Date.now();
  const refused = await api.post('/api/v1/pathways', people.intake, referral(), { idempotencyKey: randomUUID() });
  const refusedInMs = Date.now() - startedAt;
  expectProblem(refused, 503, /workflow service is unavailable|not answered in time/);

  // The outage itself, not a wait for something: Temporal stays down 8 s in all while the clients retry.
  // What follows waits for observable events (every walk answered, the timeline complete).
  await sleep(Math.max(0, 8_000 - (Date.now() - down)));
  await stack.startTemporal();

  const ids = await Promise.all(walks);
  expect(answered).toBe(6 * WALK_TO_FOLLOW_UP.length);
  await eventuallyPasses(async () => {
    const rows = await persisted(stack.databaseUrl, ids);
    for (const id of ids) {
      expect(rows.get(id)?.stage).toBe('FOLLOW_UP');
      expectIntactTimeline(id, rows.get(id), WALK_TO_FOLLOW_UP);
    }
  }, 20_000);
  expect(await api.call('GET', '/health')).toMatchObject({ status: 200 });
  console.log(`Temporal outage: a referral was refused 503 in ${refusedInMs} ms; ${answered} steps answered in ${log.attempts} requests; transient statuses: ${log.transient.join(',')}`);
}, 150_000);

it('leaves the workflows, the projection and the caseloads agreeing (npm run check:consistency: no drift)', async () => {
  await eventuallyPasses(() => expectNoDrift(stack), 30_000, 2_000);
}, 60_000);
