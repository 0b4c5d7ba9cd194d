// Episodes and files over HTTP against the whole stack (API.md "Episodes and files"): each endpoint's
// accepted step (200, the new summary), a bad field (400 naming it), a step not allowed now (409 with
// the reason); the yearly respite allowance; EHPAD applications; a case manager's absence covered.
import { eventuallyValue } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, createCaseManager, expectProblem, expectStatus, inAssessment, inBatches, isoAgo, people } from './api-support';

let stack: Stack;
let api: Api;
const CM = 'cm-ep-claire';
const cm = people.caseManager(CM);

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, CM, 100);
}, 120_000);
afterAll(() => stack?.stop());

const at = (id: string, step: string) => `/api/v1/pathways/${id}/${step}`;
const nextYear = new Date().getUTCFullYear() + 1;

describe('hospital follow-up', () => {
  it('discharge letter and services restart after a discharge home; 400 for a bad date; 409 when already recorded', async () => {
    const id = await inAssessment(api, CM);
    expectStatus(await api.post(at(id, 'hospitalizations'), cm, { admittedAt: isoAgo(120), facility: 'Hôpital Saint-Antoine' }), 200);
    const early = await api.post(at(id, 'hospitalizations/current/services-restart'), cm, { at: isoAgo(1) });
    expectProblem(early, 409, /in hospital since/);
    expectStatus(await api.post(at(id, 'hospitalizations/current/discharge'), cm, { dischargedAt: isoAgo(60), destination: 'HOME' }), 200);

    expectProblem(await api.post(at(id, 'hospitalizations/current/discharge-letter'), cm, { receivedAt: 'yesterday' }), 400, /receivedAt/, 'receivedAt');
    const letter = await api.post(at(id, 'hospitalizations/current/discharge-letter'), cm, { receivedAt: isoAgo(30) });
    expectStatus(letter, 200);
    expect(letter.body.episodes.lastDischarge).toMatchObject({ dischargeLetterReceivedAt: expect.any(String) });
    expectProblem(await api.post(at(id, 'hospitalizations/current/discharge-letter'), cm, { receivedAt: isoAgo(20) }), 409, /already recorded/);

    expectProblem(await api.post(at(id, 'hospitalizations/current/services-restart'), cm, {}), 400, /at/, 'at');
    const restarted = await api.post(at(id, 'hospitalizations/current/services-restart'), cm, { at: isoAgo(10) });
    expectStatus(restarted, 200);
    expect(restarted.body.episodes.lastDischarge).toMatchObject({ servicesRestartedAt: expect.any(String) });
    expectProblem(await api.post(at(id, 'hospitalizations/current/services-restart'), cm, { at: isoAgo(5) }), 409, /already confirmed restarted/);
  });
});

describe('POST .../respites', () => {
  it("plans a stay, refuses one beyond the year's days with the count left, 400 for an unknown kind", async () => {
    const id = await inAssessment(api, CM);
    const first = { kind: 'TEMPORARY_ACCOMMODATION', startsAt: `${nextYear}-02-01T10:00:00Z`, endsAt: `${nextYear}-03-02T10:00:00Z`, provider: 'EHPAD Les Lilas' };
    const planned = await api.post(at(id, 'respites'), cm, first);
    expectStatus(planned, 200);
    expect(planned.body.episodes.respiteDaysLeft[String(nextYear)]).toBe(60);
    expect(planned.body.episodes.respites).toHaveLength(1);

    const tooLong = await api.post(at(id, 'respites'), cm, { ...first, startsAt: `${nextYear}-04-01T10:00:00Z`, endsAt: `${nextYear}-06-09T10:00:00Z` });
    expectProblem(tooLong, 409, /limited to 90 days per calendar year: 60 days left in \d{4}, this stay needs 70/);
    expect(tooLong.body.reason).toMatch(/60 days left/);

    expectProblem(await api.post(at(id, 'respites'), cm, { ...first, kind: 'HOLIDAY' }), 400, /kind must be one of/, 'kind');
    expectProblem(await api.post(at(id, 'respites'), people.supervisor, first), 403, /needs one of the roles case_manager/);

    const respiteId = planned.body.episodes.respites[0].id as string;
    const cancelled = await api.post(at(id, `respites/${respiteId}/cancellation`), cm, { note: 'the family changed its mind' });
    expectStatus(cancelled, 200);
    expect(cancelled.body.episodes.respites).toHaveLength(0);
    expect(cancelled.body.episodes.respiteDaysLeft[String(nextYear)] ?? 90).toBe(90);
    expectProblem(await api.post(at(id, 'respites/unknown/cancellation'), cm, {}), 409, /there is no planned respite unknown/);
  });
});

describe('POST .../crises', () => {
  it('opens (24 h action clock), records an action and resolves (significant-change reassessment); 400 and 409', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'crises/current/resolution'), cm, { at: isoAgo(1) }), 409, /there is no open crisis/);
    expectProblem(await api.post(at(id, 'crises'), cm, { at: isoAgo(30), kind: 'PANIC' }), 400, /kind must be one of/, 'kind');
    const opened = await api.post(at(id, 'crises'), cm, { at: isoAgo(30), kind: 'CAREGIVER_EXHAUSTION', note: 'the daughter calls' });
    expectStatus(opened, 200);
    expect(opened.body.episodes.crisis.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'crisisActionDue' })]));
    expectProblem(await api.post(at(id, 'crises'), cm, { at: isoAgo(20), kind: 'OTHER' }), 409, /already open/);
    expectStatus(await api.post(at(id, 'crises/current/actions'), cm, { at: isoAgo(15), note: 'emergency day care found' }), 200);
    expectProblem(await api.post(at(id, 'crises/current/resolution'), cm, { at: 'soon' }), 400, /at/, 'at');
    const resolved = await api.post(at(id, 'crises/current/resolution'), cm, { at: isoAgo(10) });
    expectStatus(resolved, 200);
    expect(resolved.body.episodes.crisis).toBeUndefined();
    expect(resolved.body.deadlines).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'significantChangeReassessmentDue' })]));
  });
});

describe('POST .../apa-applications', () => {
  it('submitted → acknowledged → decided → provider declared; 400 and 409 along the way', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'apa-applications/current/acknowledgement'), cm, { at: isoAgo(50) }), 409, /no APA application to acknowledge/);
    expectProblem(await api.post(at(id, 'apa-applications'), cm, { submittedAt: isoAgo(60), emergency: 'yes' }), 400, /emergency/, 'emergency');
    const submitted = await api.post(at(id, 'apa-applications'), cm, { submittedAt: isoAgo(60) });
    expectStatus(submitted, 200);
    expect(submitted.body.episodes.apa).toMatchObject({ status: 'SUBMITTED' });
    expectProblem(await api.post(at(id, 'apa-applications'), cm, { submittedAt: isoAgo(59) }), 409, /still awaiting its decision/);

    expectProblem(await api.post(at(id, 'apa-applications/current/acknowledgement'), cm, { at: 42 }), 400, /at/, 'at');
    expectStatus(await api.post(at(id, 'apa-applications/current/acknowledgement'), cm, { at: isoAgo(50) }), 200);

    expectProblem(await api.post(at(id, 'apa-applications/current/decision'), cm, { decidedAt: isoAgo(40), outcome: 'GRANTED', gir: 5 }), 400, /GIR 1 to 4/, 'gir');
    expectProblem(await api.post(at(id, 'apa-applications/current/provider-declaration'), cm, { at: isoAgo(30), provider: 'SAAD Paris 11' }), 409, /no granted APA/);
    const decided = await api.post(at(id, 'apa-applications/current/decision'), cm, { decidedAt: isoAgo(40), outcome: 'GRANTED', gir: 3 });
    expectStatus(decided, 200);
    expect(decided.body.episodes.apa).toMatchObject({ status: 'GRANTED' });

    expectProblem(await api.post(at(id, 'apa-applications/current/provider-declaration'), cm, { at: isoAgo(30), provider: '' }), 400, /provider/, 'provider');
    const declared = await api.post(at(id, 'apa-applications/current/provider-declaration'), cm, { at: isoAgo(30), provider: 'SAAD Paris 11' });
    expectStatus(declared, 200);
    expect(declared.body.episodes.apa.provider).toMatchObject({ provider: 'SAAD Paris 11' });
  });
});

describe('POST .../legal-protection', () => {
  it('certificate → request filed → measure granted with an end date; 400 and 409', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(at(id, 'legal-protection/current/ruling'), cm, { ruledAt: isoAgo(10), outcome: 'REJECTED' }), 409, /no filed legal protection request/);
    expectProblem(await api.post(at(id, 'legal-protection'), cm, { kind: 'MANDAT' }), 400, /kind must be one of/, 'kind');
    expectStatus(await api.post(at(id, 'legal-protection'), cm, { kind: 'CURATELLE' }), 200);
    expectProblem(await api.post(at(id, 'legal-protection'), cm, { kind: 'TUTELLE' }), 409, /already in preparation/);

    expectProblem(await api.post(at(id, 'legal-protection/current/request'), cm, { filedAt: isoAgo(50) }), 409, /give certificateAt/);
    expectProblem(await api.post(at(id, 'legal-protection/current/request'), cm, {}), 400, /filedAt/, 'filedAt');
    expectStatus(await api.post(at(id, 'legal-protection/current/request'), cm, { filedAt: isoAgo(50), certificateAt: isoAgo(55) }), 200);

    const endsAt = new Date(Date.now() + 3 * 365 * 86_400_000).toISOString();
    expectProblem(await api.post(at(id, 'legal-protection/current/ruling'), cm, { ruledAt: isoAgo(10), outcome: 'GRANTED' }), 400, /measureEndsAt/, 'measureEndsAt');
    const ruled = await api.post(at(id, 'legal-protection/current/ruling'), cm, { ruledAt: isoAgo(10), outcome: 'GRANTED', measureEndsAt: endsAt, representative: 'Claire Martin' });
    expectStatus(ruled, 200);
    expect(ruled.body.episodes.legalProtection).toMatchObject({ kind: 'CURATELLE' });
  });
});

describe('POST .../nursing-home-applications', () => {
  it('three applications, the physician completes a medical part, one acceptance: two cancelled and INSTITUTIONALIZED', async () => {
    const id = await inAssessment(api, CM);
    const ids: string[] = [];
    for (const facility of ['EHPAD Les Lilas', 'EHPAD Le Parc', 'EHPAD Saint-Joseph']) {
      const submitted = await api.post(at(id, 'nursing-home-applications'), cm, { facility, submittedAt: isoAgo(60) });
      expectStatus(submitted, 200);
      expect(submitted.body).toMatchObject({ applicationId: expect.any(String), stage: 'ASSESSMENT' });
      ids.push(submitted.body.applicationId);
    }
    expect(new Set(ids).size).toBe(3);
    expectProblem(await api.post(at(id, 'nursing-home-applications'), cm, { facility: 'EHPAD Le Parc', submittedAt: isoAgo(50) }), 409, /already open/);
    expectProblem(await api.post(at(id, 'nursing-home-applications'), cm, { facility: '', submittedAt: isoAgo(50) }), 400, /facility/, 'facility');

    const medical = await api.post(at(id, `nursing-home-applications/${ids[1]}/medical-part`), people.physician, { completedAt: isoAgo(40) });
    expectStatus(medical, 200);
    expectProblem(await api.post(at(id, `nursing-home-applications/${ids[1]}/medical-part`), cm, { completedAt: isoAgo(30) }), 409, /already completed/);
    expectProblem(await api.post(at(id, `nursing-home-applications/${ids[0]}/medical-part`), cm, { completedAt: 'later' }), 400, /completedAt/, 'completedAt');

    expectProblem(await api.post(at(id, `nursing-home-applications/${ids[0]}/decision`), cm, { at: isoAgo(20), outcome: 'MAYBE' }), 400, /outcome must be one of/, 'outcome');
    expectStatus(await api.post(at(id, `nursing-home-applications/${ids[0]}/decision`), cm, { at: isoAgo(20), outcome: 'WAITLISTED' }), 200);
    const accepted = await api.post(at(id, `nursing-home-applications/${ids[1]}/decision`), cm, { at: isoAgo(10), outcome: 'ACCEPTED' });
    expectStatus(accepted, 200);
    expect(accepted.body.stage).toBe('INSTITUTIONALIZED');
    const statuses = (accepted.body.episodes.nursingHomeApplications as { id: string; status: string }[]).map((a) => a.status);
    expect(statuses).toEqual(['CANCELLED', 'ACCEPTED', 'CANCELLED']);
    expectProblem(await api.post(at(id, `nursing-home-applications/${ids[2]}/decision`), cm, { at: isoAgo(5), outcome: 'ACCEPTED' }), 409, /not allowed in stage INSTITUTIONALIZED/);
  });
});

describe('POST /api/v1/case-managers/{id}/absences', () => {
  const ABSENT = 'cm-ep-absent';
  const COVERS = ['cm-ep-cover-1', 'cm-ep-cover-2'];
  const PATHWAYS = 38; // the figure

  it('spreads the pathways over the covering case managers within their caps, then gives them back', async () => {
    await createCaseManager(api, ABSENT, 40);
    // Remaining capacity 24 and 15: 39 slots for 38 pathways, so the spread must follow the slots left.
    await createCaseManager(api, COVERS[0], 24);
    await createCaseManager(api, COVERS[1], 15);
    const ids = await inBatches(Array.from({ length: PATHWAYS }, (_, i) => i), 6, () => inAssessment(api, ABSENT));
    // One closes during the absence: it is not given back.
    const from = new Date(Date.now() - 1000).toISOString();
    const to = new Date(Date.now() + 30_000).toISOString();

    expectProblem(await api.post(`/api/v1/case-managers/${ABSENT}/absences`, people.supervisor, { from, to, coveredBy: 'cm-ep-cover-1' }), 400, /coveredBy/, 'coveredBy');
    expectProblem(await api.post(`/api/v1/case-managers/${ABSENT}/absences`, cm, { from, to, coveredBy: COVERS }), 403, /supervisor/);

    const declared = await api.post(`/api/v1/case-managers/${ABSENT}/absences`, people.supervisor, { from, to, coveredBy: COVERS });
    expectStatus(declared, 201);
    expect(declared.body).toMatchObject({ caseManagerId: ABSENT, phase: 'COVERED' });
    expect(declared.body.covers).toHaveLength(PATHWAYS);
    expect(declared.body.unplaced).toEqual([]);
    expect(declared.body.covers.every((c: { cover: { status: string } }) => c.cover.status === 'MOVED')).toBe(true);

    const caseloads = async () => {
      const list = await api.get('/api/v1/case-managers', people.supervisor);
      expectStatus(list, 200);
      return Object.fromEntries((list.body as { id: string; active: number; capacity: number }[]).filter((c) => [ABSENT, ...COVERS].includes(c.id)).map((c) => [c.id, c]));
    };
    const during = await caseloads();
    expect(during[ABSENT].active).toBe(0);
    expect(during[COVERS[0]].active + during[COVERS[1]].active).toBe(PATHWAYS);
    for (const c of COVERS) expect(during[c].active).toBeLessThanOrEqual(during[c].capacity);
    const first = await api.get(`/api/v1/pathways/${ids[0]}`, people.supervisor);
    expect(COVERS).toContain(first.body.caseManagerId);

    // The covering case manager now works on it; the absent one no longer reaches it.
    const coveredBy = declared.body.covers.find((c: { pathwayId: string }) => c.pathwayId === ids[0]).coveredBy as string;
    expectStatus(await api.post(at(ids[0], 'contacts'), people.caseManager(coveredBy), { at: isoAgo(1), channel: 'PHONE' }), 200);
    const closing = ids[PATHWAYS - 1];
    const closingCover = declared.body.covers.find((c: { pathwayId: string }) => c.pathwayId === closing).coveredBy as string;
    expectStatus(await api.post(at(closing, 'closure'), people.caseManager(closingCover), { reason: 'MOVED', note: 'moved to Lyon' }), 200);

    // Ownership returns at `to`.
    const after = await eventuallyValue(caseloads, (c) => c[ABSENT].active >= PATHWAYS - 1, {
      timeoutMs: 60_000,
      intervalMs: 1000,
      message: `the ${PATHWAYS - 1} open pathways back with ${ABSENT} at the end of the absence`,
    });
    expect(after[ABSENT].active).toBe(PATHWAYS - 1);
    expect(after[COVERS[0]].active + after[COVERS[1]].active).toBe(0);
    // The caseload counts move with the reservation; the pathway's summary (read from the projection) with
    // the write that follows it in the same step.
    const back = await eventuallyValue(
      () => api.get(`/api/v1/pathways/${ids[0]}`, people.supervisor),
      (answer) => answer.body.caseManagerId === ABSENT,
      { timeoutMs: 30_000, intervalMs: 500, message: `the first pathway's summary back with ${ABSENT}` },
    );
    expect(back.body.caseManagerId).toBe(ABSENT);
    const closed = await api.get(`/api/v1/pathways/${closing}`, people.supervisor);
    expect(closed.body).toMatchObject({ stage: 'CLOSED' });
  }, 180_000);
});
