// Every step endpoint over HTTP against the whole stack: the step the workflow accepts (200, new summary),
// bad fields (400, `errors` naming them), steps not allowed now (409, stage and reason), who may take it.
import { startStack, Stack } from '../support/stack';
import {
  ALL_CRITERIA,
  Api,
  awaitingAssignment,
  createCaseManager,
  expectProblem,
  expectStatus,
  inAssessment,
  inPlanValidation,
  isoAgo,
  OTHER_TERRITORY,
  people,
  referral,
  token,
} from './api-support';

let stack: Stack;
let api: Api;
const CM = 'cm-claire';
const cm = people.caseManager(CM);

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, CM);
  await createCaseManager(api, 'cm-david');
  await createCaseManager(api, 'cm-lyon', 40, OTHER_TERRITORY);
}, 120_000);
afterAll(() => stack?.stop());

const at = (id: string, step: string) => `/api/v1/pathways/${id}/${step}`;

async function referred(): Promise<string> {
  const answer = await api.post('/api/v1/pathways', people.intake, referral());
  expectStatus(answer, 201);
  return answer.body.id;
}

describe('POST .../eligibility', () => {
  it('an acceptance with C1–C3 moves the pathway to AWAITING_ASSIGNMENT', async () => {
    const answer = await api.post(at(await referred(), 'eligibility'), people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', eligibility: { decision: 'ACCEPTED', criteria: ALL_CRITERIA } });
  });

  it('a refusal names the failed criteria and closes the pathway REORIENTED, with reorientedTo', async () => {
    const answer = await api.post(at(await referred(), 'eligibility'), people.intake, {
      decision: 'REFUSED',
      criteria: { ...ALL_CRITERIA, noCoordinator: false },
      reason: 'the daughter coordinates',
      reorientedTo: 'SSIAD Paris Est',
    });
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({ stage: 'CLOSED', closure: { reason: 'REORIENTED', note: 'SSIAD Paris Est' }, eligibility: { reorientedTo: 'SSIAD Paris Est' } });
  });

  it('400 for a missing criterion, an acceptance with a criterion not met, an unknown decision', async () => {
    const id = await referred();
    expectProblem(await api.post(at(id, 'eligibility'), people.intake, { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true } }), 400, /noCoordinator must be a boolean/, 'criteria.noCoordinator');
    expectProblem(await api.post(at(id, 'eligibility'), people.intake, { decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA, insufficientCare: false } }), 400, /needs all of C1–C3; not met: C2/, 'criteria');
    expectProblem(await api.post(at(id, 'eligibility'), people.intake, { decision: 'MAYBE', criteria: ALL_CRITERIA }), 400, /decision must be one of/, 'decision');
  });

  it('409 with stage and reason once decided; 403 for a case manager; 404 for an unknown pathway', async () => {
    const id = await awaitingAssignment(api);
    const again = await api.post(at(id, 'eligibility'), people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
    expectProblem(again, 409, /not allowed in stage AWAITING_ASSIGNMENT/);
    expect(again.body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', reason: 'an eligibility decision is not allowed in stage AWAITING_ASSIGNMENT' });
    expectProblem(await api.post(at(id, 'eligibility'), cm, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 403, /needs one of the roles intake/);
    expectProblem(await api.post(at('7d0c1f1e-0000-4000-8000-000000000000', 'eligibility'), people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 404, /there is no pathway/);
  });
});

describe('POST .../assignment', () => {
  it('assigns (ASSESSMENT, three clocks) and reassigns to another case manager', async () => {
    const id = await awaitingAssignment(api);
    const assigned = await api.post(at(id, 'assignment'), people.intake, { caseManagerId: CM });
    expectStatus(assigned, 200);
    expect(assigned.body).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: CM });
    expect(assigned.body.deadlines.map((d: { kind: string }) => d.kind).sort()).toEqual(['assessmentDue', 'firstContactDue', 'firstHomeVisitDue']);
    const reassigned = await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: 'cm-david' });
    expectStatus(reassigned, 200);
    expect(reassigned.body).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-david' });
    // The slot moved: the first case manager no longer reaches it.
    expectProblem(await api.get(`/api/v1/pathways/${id}`, cm), 404, /there is no pathway/);
  });

  it('422 for an unknown case manager or one of another territory; 409 for the same one again', async () => {
    const id = await awaitingAssignment(api);
    const unknown = await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: 'cm-nobody' });
    expectProblem(unknown, 422, /there is no case manager cm-nobody/);
    expectProblem(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: 'cm-lyon' }), 422, /works in territory T13-NORD; the pathway is in territory T75-EST/);
    expectStatus(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    expectProblem(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 409, /already assigned to case manager cm-claire/);
  });

  it('400 for a missing or empty caseManagerId; 409 in stage REFERRED', async () => {
    const id = await referred();
    expectProblem(await api.post(at(id, 'assignment'), people.supervisor, {}), 400, /caseManagerId is required/, 'caseManagerId');
    expectProblem(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: '' }), 400, /caseManagerId is required/, 'caseManagerId');
    expectProblem(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 409, /case manager assignment is not allowed in stage REFERRED/);
  });
});

describe('POST .../consent', () => {
  it('records consent; a refusal closes the pathway REFUSED and frees the slot', async () => {
    const id = await awaitingAssignment(api);
    expectStatus(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    const given = await api.post(at(id, 'consent'), cm, { given: true, at: isoAgo(1) });
    expectStatus(given, 200);
    expect(given.body.consent).toMatchObject({ given: true });

    const other = await awaitingAssignment(api);
    expectStatus(await api.post(at(other, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    const refused = await api.post(at(other, 'consent'), cm, { given: false, at: isoAgo(1) });
    expectStatus(refused, 200);
    expect(refused.body).toMatchObject({ stage: 'CLOSED', closure: { reason: 'REFUSED' } });
  });

  it('400 for a non-boolean, a future or a malformed date; 404 for another case manager; 403 for a supervisor', async () => {
    const id = await awaitingAssignment(api);
    expectProblem(await api.post(at(id, 'consent'), people.caseManager('cm-david'), { given: true, at: isoAgo(1) }), 404, /there is no pathway/);
    expectStatus(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    expectProblem(await api.post(at(id, 'consent'), cm, { given: 'yes', at: isoAgo(1) }), 400, /given must be a boolean/, 'given');
    expectProblem(await api.post(at(id, 'consent'), cm, { given: true, at: new Date(Date.now() + 3_600_000).toISOString() }), 400, /at \(.*\) is in the future/, 'at');
    expectProblem(await api.post(at(id, 'consent'), cm, { given: true, at: 'yesterday' }), 400, /at must be an ISO-8601 date or date-time/, 'at');
    const waiting = await awaitingAssignment(api);
    expectProblem(await api.post(at(waiting, 'consent'), people.supervisor, { given: true, at: isoAgo(1) }), 403, /needs one of the roles case_manager/);
  });
});

describe('POST .../assessments', () => {
  it('records the assessment: PLANNING, APA proposed for GIR 4', async () => {
    const id = await inAssessment(api, CM);
    const answer = await api.post(at(id, 'assessments'), cm, { performedAt: isoAgo(2), mmse: 18, gir: 4, zarit: 35, livingSituation: 'alone', summary: 'moderate decline' });
    expectStatus(answer, 200);
    expect(answer.body).toMatchObject({ stage: 'PLANNING', latestAssessment: { mmse: 18, gir: 4, zarit: 35 }, flags: ['APA_PROPOSED'] });
  });

  it('400 for out-of-range scores (the domain’s ranges and words), a wrong type, a missing summary', async () => {
    const id = await inAssessment(api, CM);
    const base = { performedAt: isoAgo(2), summary: 'x' };
    expectProblem(await api.post(at(id, 'assessments'), cm, { ...base, mmse: 31 }), 400, /mmse must be a whole MMSE score from 0 to 30/, 'mmse');
    expectProblem(await api.post(at(id, 'assessments'), cm, { ...base, gir: 0 }), 400, /gir must be a whole AGGIR GIR score from 1 to 6/, 'gir');
    expectProblem(await api.post(at(id, 'assessments'), cm, { ...base, zarit: 88.5 }), 400, /zarit must be a whole Zarit score from 0 to 88/, 'zarit');
    expectProblem(await api.post(at(id, 'assessments'), cm, { ...base, mmse: '18' }), 400, /mmse must be a whole MMSE score/, 'mmse');
    expectProblem(await api.post(at(id, 'assessments'), cm, { performedAt: isoAgo(2) }), 400, /summary must be a string/, 'summary');
  });

  it("409 before the person's consent is recorded", async () => {
    const id = await awaitingAssignment(api);
    expectStatus(await api.post(at(id, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    const answer = await api.post(at(id, 'assessments'), cm, { performedAt: isoAgo(2), summary: 'x' });
    expectProblem(answer, 409, /consent must be recorded before the first assessment/);
    expect(answer.body).toMatchObject({ stage: 'ASSESSMENT', reason: "the person's consent must be recorded before the first assessment" });
  });
});

describe('POST .../plans and .../plan-acknowledgements', () => {
  it('records a plan (PLAN_VALIDATION), a new version each time; the physician acknowledges (FOLLOW_UP)', async () => {
    const id = await inPlanValidation(api, CM);
    const second = await api.post(at(id, 'plans'), cm, { services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: '2 h/week', startsAt: '2025-04-14' }] });
    expectStatus(second, 200);
    expect(second.body).toMatchObject({ stage: 'PLAN_VALIDATION', plan: { version: 2, services: [{ type: 'SAAD', status: 'PLANNED' }] } });
    const acknowledged = await api.post(at(id, 'plan-acknowledgements'), people.physician, { acknowledgedAt: new Date().toISOString(), comment: 'agreed' });
    expectStatus(acknowledged, 200);
    expect(acknowledged.body).toMatchObject({ stage: 'FOLLOW_UP', plan: { version: 2, acknowledgementComment: 'agreed' } });
  });

  it('400 for an empty plan, an unknown service type, a missing start date (naming services[i])', async () => {
    const id = await inPlanValidation(api, CM);
    expectProblem(await api.post(at(id, 'plans'), cm, { services: [] }), 400, /services must contain at least 1 elements/, 'services');
    expectProblem(await api.post(at(id, 'plans'), cm, { services: [{ type: 'MAGIC', provider: 'p', frequency: 'f', startsAt: '2025-04-14' }] }), 400, /services\[0\]\.type must be one of/, 'services[0].type');
    expectProblem(await api.post(at(id, 'plans'), cm, { services: [{ type: 'SSIAD', provider: 'p', frequency: 'f' }] }), 400, /services\[0\]\.startsAt must be an ISO-8601/, 'services[0].startsAt');
  });

  it('an acknowledgement dated before the plan is 400 (dates out of order); only the attending physician reaches it', async () => {
    const id = await inPlanValidation(api, CM);
    expectProblem(await api.post(at(id, 'plan-acknowledgements'), people.physician, { acknowledgedAt: '2020-01-01T00:00:00Z' }), 400, /acknowledgedAt \(2020-01-01T00:00:00Z\) is before the plan was recorded/, 'acknowledgedAt');
    const otherPhysician = token({ sub: 'md-other', roles: ['physician'], email: 'other@cabinet.example' });
    expectProblem(await api.post(at(id, 'plan-acknowledgements'), otherPhysician, { acknowledgedAt: new Date().toISOString() }), 404, /there is no pathway/);
    expectProblem(await api.post(at(id, 'plan-acknowledgements'), cm, { acknowledgedAt: new Date().toISOString() }), 403, /needs one of the roles physician/);
  });

  it('409 for a plan in stage ASSESSMENT', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'plans'), cm, { services: [{ type: 'SSIAD', provider: 'p', frequency: 'f', startsAt: '2025-04-14' }] }), 409, /a service plan is not allowed in stage ASSESSMENT/);
  });
});

describe('POST .../contacts', () => {
  it('logs a contact (the first one stops the first-contact clock)', async () => {
    const id = await inAssessment(api, CM);
    const answer = await api.post(at(id, 'contacts'), cm, { at: isoAgo(1), channel: 'PHONE', note: 'spoke with the daughter' });
    expectStatus(answer, 200);
    expect(answer.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('firstContactDue');
  });

  it('400 for an unknown channel or a future date; 404 for a pathway not assigned to the caller', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'contacts'), cm, { at: isoAgo(1), channel: 'PIGEON' }), 400, /channel must be one of/, 'channel');
    expectProblem(await api.post(at(id, 'contacts'), cm, { at: new Date(Date.now() + 86_400_000).toISOString(), channel: 'PHONE' }), 400, /is in the future/, 'at');
    const waiting = await awaitingAssignment(api);
    expectProblem(await api.post(at(waiting, 'contacts'), cm, { at: isoAgo(1), channel: 'PHONE' }), 404, /there is no pathway/);
  });
});

describe('POST .../hospitalizations and .../hospitalizations/current/discharge', () => {
  it('admits (services suspended, HOSPITALIZED) then discharges home (the stay becomes lastDischarge)', async () => {
    const id = await inPlanValidation(api, CM);
    const admitted = await api.post(at(id, 'hospitalizations'), cm, { admittedAt: isoAgo(30), facility: 'Hôpital Saint-Antoine', reason: 'fall' });
    expectStatus(admitted, 200);
    expect(admitted.body).toMatchObject({ episodes: { hospitalization: { facility: 'Hôpital Saint-Antoine' } }, flags: expect.arrayContaining(['HOSPITALIZED']) });
    expect(admitted.body.plan.services[0].status).toBe('SUSPENDED');
    const discharged = await api.post(at(id, 'hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(1), destination: 'HOME' });
    expectStatus(discharged, 200);
    expect(discharged.body.episodes).toMatchObject({ lastDischarge: { destination: 'HOME' } });
    expect(discharged.body.flags).not.toContain('HOSPITALIZED');
  });

  it('a discharge dated before the admission is 400 (dates out of order); 409 when not in hospital or already in', async () => {
    const id = await inPlanValidation(api, CM);
    expectProblem(await api.post(at(id, 'hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(1), destination: 'HOME' }), 409, /the patient is not in hospital/);
    expectStatus(await api.post(at(id, 'hospitalizations'), cm, { admittedAt: isoAgo(30), facility: 'CHU' }), 200);
    expectProblem(await api.post(at(id, 'hospitalizations'), cm, { admittedAt: isoAgo(20), facility: 'CHU' }), 409, /already in hospital since/);
    expectProblem(await api.post(at(id, 'hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(60), destination: 'HOME' }), 400, /dischargedAt \(.*\) is before the admission/, 'dischargedAt');
    expectProblem(await api.post(at(id, 'hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(1), destination: 'MARS' }), 400, /destination must be one of/, 'destination');
    expectProblem(await api.post(at(id, 'hospitalizations'), cm, { admittedAt: isoAgo(1) }), 400, /facility must be a string/, 'facility');
  });
});

describe('POST .../institutionalization and .../closure', () => {
  it('an institutional admission moves to INSTITUTIONALIZED; closure INSTITUTIONALIZED then closes', async () => {
    const id = await inPlanValidation(api, CM);
    const admitted = await api.post(at(id, 'institutionalization'), cm, { admittedAt: isoAgo(10), facility: 'EHPAD Les Tilleuls' });
    expectStatus(admitted, 200);
    expect(admitted.body).toMatchObject({ stage: 'INSTITUTIONALIZED', episodes: { institution: { facility: 'EHPAD Les Tilleuls' } } });
    const closed = await api.post(at(id, 'closure'), cm, { reason: 'INSTITUTIONALIZED' });
    expectStatus(closed, 200);
    expect(closed.body).toMatchObject({ stage: 'CLOSED', closure: { reason: 'INSTITUTIONALIZED' }, deadlines: [] });
    // A closed pathway stays readable, and accepts no more steps.
    const read = await api.get(`/api/v1/pathways/${id}`, people.supervisor);
    expectStatus(read, 200);
    expect(read.body.stage).toBe('CLOSED');
    const after = await api.post(at(id, 'contacts'), cm, { at: isoAgo(1), channel: 'PHONE' });
    expectProblem(after, 409, /the pathway is closed \(INSTITUTIONALIZED\); it accepts no more steps/);
    expect(after.body.stage).toBe('CLOSED');
  });

  it('400 for an institutional admission without facility; 400 for closure OTHER without a note; 409 for INSTITUTIONALIZED without admission', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'institutionalization'), cm, { admittedAt: isoAgo(1), facility: '' }), 400, /facility should not be empty/, 'facility');
    expectProblem(await api.post(at(id, 'closure'), people.supervisor, { reason: 'OTHER' }), 400, /closure for reason OTHER needs a note/, 'note');
    expectProblem(await api.post(at(id, 'closure'), people.supervisor, { reason: 'BORED' }), 400, /reason must be one of/, 'reason');
    expectProblem(await api.post(at(id, 'closure'), people.supervisor, { reason: 'INSTITUTIONALIZED' }), 409, /needs a recorded institutional admission first/);
    const closed = await api.post(at(id, 'closure'), people.supervisor, { reason: 'MOVED', note: 'to Lyon' });
    expectStatus(closed, 200);
    expect(closed.body.closure).toMatchObject({ reason: 'MOVED', note: 'to Lyon' });
  });

  it('404 for a case manager on an unassigned pathway; 403 for an intake coordinator closing; 409 once closed', async () => {
    const id = await referred();
    expectProblem(await api.post(at(id, 'institutionalization'), cm, { admittedAt: isoAgo(1), facility: 'EHPAD' }), 404, /there is no pathway/);
    expectProblem(await api.post(at(id, 'closure'), people.intake, { reason: 'MOVED' }), 403, /needs one of the roles case_manager, supervisor/);
    const waiting = await awaitingAssignment(api);
    expectStatus(await api.post(at(waiting, 'assignment'), people.supervisor, { caseManagerId: CM }), 200);
    expectStatus(await api.post(at(waiting, 'closure'), people.supervisor, { reason: 'DECEASED' }), 200);
    expectProblem(await api.post(at(waiting, 'institutionalization'), cm, { admittedAt: isoAgo(1), facility: 'EHPAD' }), 409, /the pathway is closed \(DECEASED\)/);
  });
});
