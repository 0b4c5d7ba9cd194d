// Case managers, their caseload cap under concurrent assignments, and what a supervisor sees of them,
// over HTTP against the whole stack.
import { startStack, Stack } from '../support/stack';
import { Api, awaitingAssignment, createCaseManager, expectProblem, expectStatus, inBatches, OTHER_TERRITORY, people, referral, TERRITORY, token } from './api-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop());

const now = () => new Date().toISOString();

describe('POST /api/v1/case-managers', () => {
  it('adds a case manager with the default capacity of 40 (201)', async () => {
    const answer = await api.post('/api/v1/case-managers', people.supervisor, { id: 'cm-farid', name: 'Farid Haddad', email: 'farid@dac.example', territory: TERRITORY });
    expectStatus(answer, 201);
    expect(answer.body).toMatchObject({ id: 'cm-farid', territory: TERRITORY, capacity: 40, active: 0, createdAt: expect.any(String) });
  });

  it('gives a uuid when no id is sent; keeps a given capacity', async () => {
    const answer = await api.post('/api/v1/case-managers', people.admin, { name: 'Gaëlle', email: 'gaelle@dac.example', territory: TERRITORY, capacity: 25 });
    expectStatus(answer, 201);
    expect(answer.body).toMatchObject({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), capacity: 25 });
  });

  it('400 for a bad email, a negative capacity, a missing name; 409 for an id taken', async () => {
    const base = { name: 'H', email: 'h@dac.example', territory: TERRITORY };
    expectProblem(await api.post('/api/v1/case-managers', people.admin, { ...base, email: 'not-an-email' }), 400, /email must be an email/, 'email');
    expectProblem(await api.post('/api/v1/case-managers', people.admin, { ...base, capacity: -1 }), 400, /capacity must not be less than 0/, 'capacity');
    expectProblem(await api.post('/api/v1/case-managers', people.admin, { email: 'h@dac.example', territory: TERRITORY }), 400, /name must be a string/, 'name');
    expectProblem(await api.post('/api/v1/case-managers', people.admin, { ...base, id: 'two words' }), 400, /id must be 1 to 64 characters among/, 'id');
    expectStatus(await api.post('/api/v1/case-managers', people.admin, { ...base, id: 'cm-taken' }), 201);
    expectProblem(await api.post('/api/v1/case-managers', people.admin, { ...base, id: 'cm-taken' }), 409, /already a case manager cm-taken/);
  });

  it('403 for an intake coordinator, and for a supervisor adding to another territory', async () => {
    const body = { name: 'I', email: 'i@dac.example', territory: TERRITORY };
    expectProblem(await api.post('/api/v1/case-managers', people.intake, body), 403, /needs one of the roles admin, supervisor/);
    expectProblem(await api.post('/api/v1/case-managers', people.supervisor, { ...body, territory: OTHER_TERRITORY }), 403, /territory T13-NORD is not yours/);
  });
});

describe('GET /api/v1/case-managers and /api/v1/supervision/caseloads', () => {
  it("list the supervisor's case managers with their current caseload", async () => {
    await createCaseManager(api, 'cm-hugo');
    await createCaseManager(api, 'cm-lyon-1', 40, OTHER_TERRITORY);
    const id = await awaitingAssignment(api);
    expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId: 'cm-hugo' }), 200);

    const list = await api.get('/api/v1/case-managers', people.supervisor);
    expectStatus(list, 200);
    expect(list.body).toContainEqual(expect.objectContaining({ id: 'cm-hugo', active: 1, capacity: 40 }));
    expect(list.body.every((c: { territory: string }) => c.territory === TERRITORY)).toBe(true);

    const caseloads = await api.get('/api/v1/supervision/caseloads', people.supervisor);
    expectStatus(caseloads, 200);
    expect(caseloads.body).toContainEqual({ caseManagerId: 'cm-hugo', name: 'Case manager cm-hugo', active: 1, capacity: 40, available: 39 });
  });

  it('403 for another territory or a non-supervisor; 400 for an unknown parameter', async () => {
    expectProblem(await api.get(`/api/v1/case-managers?territory=${OTHER_TERRITORY}`, people.supervisor), 403, /you supervise territory T75-EST, not T13-NORD/);
    expectProblem(await api.get('/api/v1/supervision/caseloads', people.caseManager('cm-hugo')), 403, /needs one of the roles supervisor/);
    expectProblem(await api.get('/api/v1/supervision/caseloads', token({ sub: 's', roles: ['supervisor'] })), 403, /no territory claim/);
    expectProblem(await api.get('/api/v1/supervision/caseloads?page=2', people.supervisor), 400, /property page should not exist/, 'page');
  });
});

describe('GET /api/v1/supervision/waiting-list', () => {
  it('lists pathways accepted but not assigned, oldest first', async () => {
    const territory = 'T93-WAIT';
    const intake = token({ sub: 'intake-93', roles: ['intake'], territory });
    const supervisor = token({ sub: 'sup-93', roles: ['supervisor'], territory });
    const older = await awaitingAssignment(api, referral({ territory, referredAt: new Date(Date.now() - 3 * 3_600_000).toISOString() }), intake);
    const newer = await awaitingAssignment(api, referral({ territory, referredAt: new Date(Date.now() - 3_600_000).toISOString() }), intake);
    const notAccepted = await api.post('/api/v1/pathways', intake, referral({ territory }));
    expectStatus(notAccepted, 201); // else the "not listed" below would pass for a referral that never existed
    const answer = await api.get('/api/v1/supervision/waiting-list', supervisor);
    expectStatus(answer, 200);
    expect(answer.body.map((w: { pathwayId: string }) => w.pathwayId)).toEqual([older, newer]);
    expect(answer.body[0]).toMatchObject({ territory, patient: { lastName: 'Martin' }, waitingSince: expect.any(String), assignmentDueAt: expect.any(String) });
    expect(answer.body.map((w: { pathwayId: string }) => w.pathwayId)).not.toContain(notAccepted.body.id);
  });
});

describe('the caseload cap under concurrent assignments', () => {
  it('50 concurrent assignments to a case manager holding 39 active pathways: exactly one succeeds', async () => {
    const territory = 'T92-CAP';
    const intake = token({ sub: 'intake-92', roles: ['intake'], territory });
    const supervisor = token({ sub: 'sup-92', roles: ['supervisor'], territory });
    await createCaseManager(api, 'cm-full', undefined, territory);

    // The 39 are real pathways, referred, accepted and assigned through the API (not seeded).
    let started = Date.now();
    await inBatches(Array.from({ length: 39 }), 8, async () => {
      const id = await awaitingAssignment(api, referral({ territory, referredAt: now() }), intake);
      expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, supervisor, { caseManagerId: 'cm-full' }), 200);
    });
    const contenders = await inBatches(Array.from({ length: 50 }), 8, () => awaitingAssignment(api, referral({ territory, referredAt: now() }), intake));
    const before = await api.get('/api/v1/supervision/caseloads', supervisor);
    expect(before.body).toEqual([{ caseManagerId: 'cm-full', name: 'Case manager cm-full', active: 39, capacity: 40, available: 1 }]);
    const setup = Date.now() - started;

    started = Date.now();
    const answers = await Promise.all(contenders.map((id) => api.post(`/api/v1/pathways/${id}/assignment`, supervisor, { caseManagerId: 'cm-full' })));
    const race = Date.now() - started;

    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status === 409);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(49);
    for (const answer of lost) {
      expectProblem(answer, 409, /case manager cm-full is at capacity \(40 of 40 active pathways\)/);
      // A problem type of its own: clients recognise a full caseload without reading the English title.
      expect(answer.body).toMatchObject({ type: 'https://care-pathway.example/problems/caseload-full', active: 40, capacity: 40, stage: 'AWAITING_ASSIGNMENT' });
    }
    const after = await api.get('/api/v1/supervision/caseloads', supervisor);
    expect(after.body).toEqual([{ caseManagerId: 'cm-full', name: 'Case manager cm-full', active: 40, capacity: 40, available: 0 }]);
    // The losers stay on the waiting list, unchanged.
    const waiting = await api.get('/api/v1/supervision/waiting-list', supervisor);
    const winner = contenders[answers.findIndex((a) => a.status === 200)];
    expect(waiting.body.map((w: { pathwayId: string }) => w.pathwayId).sort()).toEqual(contenders.filter((id) => id !== winner).sort());
    console.log(`caseload cap: setup (39 assigned + 50 waiting, through the API) ${setup} ms; 50 concurrent assignments: 1 × 200, 49 × 409 in ${race} ms`);
  });
});
