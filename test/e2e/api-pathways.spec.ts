// Referrals, the live summary, lists and the timeline, over HTTP against the whole stack; who sees what.
import { startStack, Stack } from '../support/stack';
import {
  ALL_CRITERIA,
  Answer,
  Api,
  awaitingAssignment,
  createCaseManager,
  expectProblem,
  expectStatus,
  OTHER_TERRITORY,
  people,
  PHYSICIAN_EMAIL,
  referral,
  TERRITORY,
  token,
} from './api-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, 'cm-anne');
  await createCaseManager(api, 'cm-bruno');
}, 120_000);
afterAll(() => stack?.stop());

describe('POST /api/v1/pathways (referral)', () => {
  it('opens a pathway in stage REFERRED and answers 201 with its summary', async () => {
    const body = referral();
    const answer = await api.post('/api/v1/pathways', people.intake, body);
    expectStatus(answer, 201);
    expect(answer.body).toMatchObject({ id: expect.any(String), stage: 'REFERRED', territory: TERRITORY, patient: body.patient, flags: [] });
    expect(answer.body.deadlines).toEqual([expect.objectContaining({ kind: 'eligibilityDue', overdue: false })]);
  });

  it('refuses a body without the patient, naming the field (400)', async () => {
    const { patient: _patient, ...body } = referral();
    expectProblem(await api.post('/api/v1/pathways', people.intake, body), 400, /patient/, 'patient');
  });

  it('refuses a wrong type, naming the nested field (400)', async () => {
    const body = referral();
    expectProblem(await api.post('/api/v1/pathways', people.intake, { ...body, patient: { ...body.patient, firstName: 42 } }), 400, /firstName must be a string/, 'patient.firstName');
  });

  it('refuses a referral dated before the birth date (dates out of order, 400)', async () => {
    const body = referral({ referredAt: '1940-01-01T10:00:00Z' });
    expectProblem(await api.post('/api/v1/pathways', people.intake, body), 400, /referredAt is before patient\.birthDate/, 'referral.referredAt');
  });

  it('refuses a referral dated in the future (400)', async () => {
    const body = referral({ referredAt: new Date(Date.now() + 86_400_000).toISOString() });
    expectProblem(await api.post('/api/v1/pathways', people.intake, body), 400, /is in the future/, 'referral.referredAt');
  });

  it('refuses an unknown field (400)', async () => {
    expectProblem(await api.post('/api/v1/pathways', people.intake, { ...referral(), priority: 'high' }), 400, /property priority should not exist/, 'priority');
  });

  it('refuses a body that is not JSON (400) and one over 100 kB (413)', async () => {
    expectProblem(await api.call('POST', '/api/v1/pathways', { token: people.intake, rawBody: '{"patient":' }), 400, /not valid JSON/, 'body');
    const huge = referral();
    huge.referral.diagnosis = 'x'.repeat(110_000);
    expectProblem(await api.post('/api/v1/pathways', people.intake, huge), 413, /larger than 100 kB/);
  });

  it('answers 409 naming the open pathway when the patient already has one', async () => {
    const body = referral();
    const first = await api.post('/api/v1/pathways', people.intake, body);
    expectStatus(first, 201);
    const second = await api.post('/api/v1/pathways', people.intake, body);
    expectProblem(second, 409, /already has an open pathway/);
    expect(second.body.openPathwayId).toBe(first.body.id);
  });

  it('20 concurrent referrals of one patient open exactly one pathway', async () => {
    const body = referral();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.post('/api/v1/pathways', people.intake, body)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = answers.find((a) => a.status === 201)?.body.id;
    expect(winner).toEqual(expect.any(String));
    for (const loser of answers.filter((a) => a.status === 409)) expect(loser.body.openPathwayId).toBe(winner);
    const listed = await api.get(`/api/v1/pathways?territory=${TERRITORY}&limit=200`, people.supervisor);
    expect(listed.body.items.filter((p: { patient: { externalId: string } }) => p.patient.externalId === body.patient.externalId)).toHaveLength(1);
    console.log(`20 concurrent referrals of one patient: 1 × 201, 19 × 409 in ${Date.now() - started} ms`);
  });

  it('20 concurrent duplicate referrals, each with its own Idempotency-Key: 1 × 201 and 19 × 409 naming the open pathway, never a 404', async () => {
    // Each key derives its own pathway id, so each is its own workflow, which ends as soon as the database
    // names the open pathway: the answer must come from that workflow all the same (update-with-start).
    const body = referral();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api.post('/api/v1/pathways', people.intake, body, { idempotencyKey: `dup-${body.patient.externalId}-${i}` })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, ...Array<number>(19).fill(409)]);
    const winner = answers.find((a) => a.status === 201)!.body.id;
    for (const loser of answers.filter((a) => a.status === 409)) {
      expect(loser.body).toMatchObject({ openPathwayId: winner, detail: expect.stringMatching(/already has an open pathway/) });
    }
  });

  it('401 without a token or with a bad one; 403 for a role that does not refer', async () => {
    expectProblem(await api.call('POST', '/api/v1/pathways', { body: referral() }), 401, /bearer token is required/);
    expectProblem(await api.post('/api/v1/pathways', token({ sub: 'x', roles: ['intake'], territory: TERRITORY }, 'another-secret'), referral()), 401, /invalid token/);
    expectProblem(await api.post('/api/v1/pathways', people.caseManager('cm-anne'), referral()), 403, /needs one of the roles intake/);
  });

  it("403 when an intake coordinator refers into another territory than their token's", async () => {
    expectProblem(await api.post('/api/v1/pathways', people.intake, referral({ territory: OTHER_TERRITORY })), 403, /territory T13-NORD is not yours/);
  });
});

describe('GET /api/v1/pathways/{id}', () => {
  it('answers the summary (from the projection the workflow wrote)', async () => {
    const id = await awaitingAssignment(api);
    const answer = await api.get(`/api/v1/pathways/${id}`, people.supervisor);
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({ id, stage: 'AWAITING_ASSIGNMENT', eligibility: { decision: 'ACCEPTED', criteria: ALL_CRITERIA }, episodes: {} });
    expect(answer.body.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['assignmentDue']);
  });

  it('404 for an unknown id, a non-uuid id too', async () => {
    expectProblem(await api.get('/api/v1/pathways/6f1c2d7e-0000-4000-8000-000000000000', people.supervisor), 404, /there is no pathway 6f1c2d7e/);
    expectProblem(await api.get('/api/v1/pathways/not-a-uuid', people.supervisor), 404, /there is no pathway not-a-uuid/);
  });

  it('404, not 403, for a pathway out of the caller’s reach (its existence does not leak)', async () => {
    const id = await awaitingAssignment(api);
    const otherSupervisor = token({ sub: 'sup-13', roles: ['supervisor'], territory: OTHER_TERRITORY });
    expectProblem(await api.get(`/api/v1/pathways/${id}`, otherSupervisor), 404, new RegExp(`there is no pathway ${id}`));
    expectProblem(await api.get(`/api/v1/pathways/${id}`, people.caseManager('cm-anne')), 404, /there is no pathway/);
    const otherPhysician = token({ sub: 'md-other', roles: ['physician'], email: 'other@cabinet.example' });
    expectProblem(await api.get(`/api/v1/pathways/${id}`, otherPhysician), 404, /there is no pathway/);
  });

  it('a case manager reaches the pathways assigned to them; the attending physician by email claim, not by sub', async () => {
    const id = await awaitingAssignment(api);
    expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId: 'cm-anne' }), 200);
    expectStatus(await api.get(`/api/v1/pathways/${id}`, people.caseManager('cm-anne')), 200);
    expectStatus(await api.get(`/api/v1/pathways/${id}`, people.physician), 200);
    expectStatus(await api.get(`/api/v1/pathways/${id}`, token({ sub: 'md-x', roles: ['physician'], email: PHYSICIAN_EMAIL.toUpperCase() })), 200);
    // A sub that looks like the email is not a claim anyone verified.
    expectProblem(await api.get(`/api/v1/pathways/${id}`, token({ sub: PHYSICIAN_EMAIL, roles: ['physician'] })), 404, /there is no pathway/);
  });
});

describe('GET /api/v1/pathways (list)', () => {
  it('pages with an opaque cursor, newest referral first, no pathway repeated or skipped', async () => {
    const territory = 'T94-PAGE';
    const intake = token({ sub: 'intake-94', roles: ['intake'], territory });
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const answer = await api.post('/api/v1/pathways', intake, referral({ territory, referredAt: new Date(Date.now() - (10 - i) * 60_000).toISOString() }));
      expectStatus(answer, 201);
      ids.push(answer.body.id);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: Answer = await api.get(`/api/v1/pathways?territory=${territory}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, intake);
      expectStatus(answer, 200);
      expect(answer.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.items.map((p: { id: string }) => p.id));
      cursor = answer.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by stage and case manager', async () => {
    const id = await awaitingAssignment(api);
    expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId: 'cm-bruno' }), 200);
    const byManager = await api.get('/api/v1/pathways?caseManagerId=cm-bruno&stage=ASSESSMENT', people.supervisor);
    expectStatus(byManager, 200);
    expect(byManager.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect(byManager.body.items.every((p: { stage: string; caseManagerId: string }) => p.stage === 'ASSESSMENT' && p.caseManagerId === 'cm-bruno')).toBe(true);
  });

  it('lists only what the caller reaches: a case manager their caseload, a physician their patients', async () => {
    const mine = await awaitingAssignment(api);
    expectStatus(await api.post(`/api/v1/pathways/${mine}/assignment`, people.supervisor, { caseManagerId: 'cm-anne' }), 200);
    const anne = await api.get('/api/v1/pathways?limit=200', people.caseManager('cm-anne'));
    expectStatus(anne, 200);
    expect(anne.body.items.map((p: { id: string }) => p.id)).toContain(mine);
    expect(anne.body.items.every((p: { caseManagerId: string }) => p.caseManagerId === 'cm-anne')).toBe(true);

    const theirs = await api.post('/api/v1/pathways', people.intake, referral({ physicianEmail: 'dr.other@cabinet.example' }));
    expectStatus(theirs, 201); // else the "not listed" below would pass for a referral that never existed
    const physician = await api.get('/api/v1/pathways?limit=200', people.physician);
    expectStatus(physician, 200);
    expect(physician.body.items.length).toBeGreaterThan(0);
    expect(physician.body.items.map((p: { id: string }) => p.id)).not.toContain(theirs.body.id);
  });

  it("403 for a filter outside the caller's reach; 400 for a bad stage, limit or cursor", async () => {
    expectProblem(await api.get(`/api/v1/pathways?territory=${OTHER_TERRITORY}`, people.supervisor), 403, /reach territory T75-EST only/);
    expectProblem(await api.get('/api/v1/pathways?caseManagerId=cm-bruno', people.caseManager('cm-anne')), 403, /your own caseload only/);
    expectProblem(await api.get('/api/v1/pathways?stage=SLEEPING', people.supervisor), 400, /stage must be one of/, 'stage');
    expectProblem(await api.get('/api/v1/pathways?limit=0', people.supervisor), 400, /limit must not be less than 1/, 'limit');
    expectProblem(await api.get('/api/v1/pathways?limit=201', people.supervisor), 400, /limit must not be greater than 200/, 'limit');
    expectProblem(await api.get('/api/v1/pathways?cursor=bm90LWEtY3Vyc29y', people.supervisor), 400, /cursor is not one this API returned/, 'cursor');
    expectProblem(await api.get('/api/v1/pathways?color=blue', people.supervisor), 400, /property color should not exist/, 'color');
  });
});

describe('GET /api/v1/pathways/{id}/timeline', () => {
  it('lists every event so far, oldest first, as { at, type, actor, data }', async () => {
    const id = await awaitingAssignment(api);
    const answer = await api.get(`/api/v1/pathways/${id}/timeline`, people.intake);
    expectStatus(answer, 200);
    expect(answer.body.map((e: { type: string }) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
    expect(answer.body[0]).toMatchObject({ seq: 1, at: expect.any(String), type: 'REFERRAL_RECEIVED', actor: 'intake-1', data: expect.objectContaining({ territory: TERRITORY }) });
    expect(answer.body[1]).toMatchObject({ actor: 'intake-1', data: expect.objectContaining({ decision: 'ACCEPTED' }) });
    expect(Date.parse(answer.body[0].at)).toBeLessThanOrEqual(Date.parse(answer.body[1].at));
  });

  it('404 for an unknown pathway or one out of reach', async () => {
    expectProblem(await api.get('/api/v1/pathways/00000000-0000-4000-8000-000000000000/timeline', people.supervisor), 404, /there is no pathway/);
    const id = await awaitingAssignment(api);
    expectProblem(await api.get(`/api/v1/pathways/${id}/timeline`, people.caseManager('cm-bruno')), 404, /there is no pathway/);
  });
});
