// GET /api/v1/pathways/{id} is served from the projection the workflow writes with every event: it
// answers with the worker stopped (a workflow query would fail then), shows what the last step
// answered (a step is answered once written), and says what it read. ?consistency=live asks the workflow.
import { startStack, Stack } from '../support/stack';
import { Api, awaitingAssignment, expectStatus, OTHER_TERRITORY, people, token } from './api-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

it('answers 200 with the summary of the last step while the worker is stopped, and live again once it is back', async () => {
  const id = await awaitingAssignment(api);
  const live = await api.get(`/api/v1/pathways/${id}?consistency=live`, people.supervisor);
  expectStatus(live, 200);
  expect(live.headers.get('x-summary-consistency')).toBe('live');

  await stack.stopWorker();
  try {
    const read = await api.get(`/api/v1/pathways/${id}`, people.supervisor);
    expectStatus(read, 200);
    expect(read.headers.get('x-summary-consistency')).toBe('projection');
    // referral (1) then eligibility (2): the version is the last event's seq.
    expect(Number(read.headers.get('x-summary-version'))).toBe(2);
    expect(read.body).toMatchObject({ id, stage: 'AWAITING_ASSIGNMENT', eligibility: { decision: 'ACCEPTED' } });
    expect(read.body.deadlines).toEqual(live.body.deadlines);

    // Scoping as before: another territory's supervisor does not see it, whatever the consistency.
    const other = await api.get(`/api/v1/pathways/${id}`, token({ sub: 'sup-13', roles: ['supervisor'], territory: OTHER_TERRITORY }));
    expectStatus(other, 404);
    expectStatus(await api.get(`/api/v1/pathways/${id}?consistency=bogus`, people.supervisor), 400);
  } finally {
    stack.startWorker();
  }
  const again = await api.get(`/api/v1/pathways/${id}?consistency=live`, people.supervisor);
  expectStatus(again, 200);
  expect(again.body.stage).toBe('AWAITING_ASSIGNMENT');
}, 120_000);
