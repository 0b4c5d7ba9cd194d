// What the API accepts, the database stores (issue 15): text that is not Unicode (a lone surrogate), a date
// that is not on the calendar or out of bounds, an id out of the alphabet are each refused with 400 naming the
// field, before anything reaches the workflow; and the pathways they were sent to go on recording every step
// answered 2xx (before the fix, one such step wedged its pathway's timeline, or left the pathway invisible).
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { Api, createCaseManager, expectProblem, expectStatus, inAssessment, isoAgo, Json, people, referral } from './api-support';
import { eventually } from './reminders-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop());

const LONE_SURROGATE = '\ud800';

async function timelineTypes(id: string): Promise<Json[]> {
  const answer = await api.get(`/api/v1/pathways/${id}/timeline`, people.supervisor);
  expectStatus(answer, 200);
  return answer.body as Json[];
}

/** The referral refused, then the same person referred with the value fixed: visible to the supervisor. */
async function refusedThenReferred(body: ReturnType<typeof referral>, field: string, mentions: RegExp, fix: (b: ReturnType<typeof referral>) => void) {
  // Refused up front: a 400 naming the field. Let through, the workflow's write would be refused by
  // PostgreSQL and answered 422 Not recorded (or time out as a 503): the status is the proof, no clock needed.
  expectProblem(await api.post('/api/v1/pathways', people.intake, body), 400, mentions, field);
  const listed = await api.get(`/api/v1/pathways?territory=${body.patient.territory}&limit=100`, people.supervisor);
  expectStatus(listed, 200);
  expect((listed.body.items as Json[]).filter((p) => p.patient?.externalId === body.patient.externalId)).toEqual([]);
  fix(body);
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  expectStatus(await api.get(`/api/v1/pathways/${referred.body.id}`, people.supervisor), 200);
  return referred.body.id as string;
}

describe('a step holding a lone surrogate', () => {
  it('is refused with 400 naming the field, and the 9 steps sent after it are each answered 200 and recorded', async () => {
    const cm = `cm-${randomUUID().slice(0, 8)}`;
    await createCaseManager(api, cm);
    const id = await inAssessment(api, cm);
    // Refused up front (400 naming the field), not by the workflow's write (422 Not recorded or a 503).
    const bad = await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: isoAgo(2), channel: 'PHONE', note: `x${LONE_SURROGATE}y` });
    expectProblem(bad, 400, /note contains a lone surrogate/, 'note');
    // The body travelled as JSON with the escape `\ud800`, as a client would send it.
    const notes = Array.from({ length: 9 }, (_, i) => `contact ${i + 1} after the refused one 👵`);
    for (const note of notes) {
      expectStatus(await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: isoAgo(1), channel: 'PHONE', note }), 200);
    }
    const timeline = await eventually(() => timelineTypes(id), (events) => events.filter((e) => e.type === 'CONTACT_LOGGED').length >= 9, 'the 9 contacts on the timeline');
    expect(timeline.filter((e) => e.type === 'CONTACT_LOGGED').map((e) => e.data.note)).toEqual(notes);
  });

  it('in a referral (a first name) is refused with 400 naming the field; the referral fixed is visible', async () => {
    const body = referral();
    body.patient.firstName = `${LONE_SURROGATE}Jeanne`;
    await refusedThenReferred(body, 'patient.firstName', /lone surrogate/, (b) => {
      b.patient.firstName = 'Jeanne';
    });
  });

  it('in any other body is refused too (a territory contact)', async () => {
    const body = { name: `Paul${LONE_SURROGATE}`, email: 'p@maia.example' };
    expectProblem(await api.call('PUT', '/api/v1/territories/T75-EST/contacts/supervisor', { token: people.admin, body }), 400, /lone surrogate/, 'name');
  });
});

describe('dates that are not on the calendar or out of bounds', () => {
  it('a birth date of 30 February, in year 1, or given as a date-time: 400 naming patient.birthDate; fixed, the pathway is visible', async () => {
    for (const birthDate of ['2025-02-30', '0001-01-01', '1943-05-02T00:00:00Z']) {
      const body = referral();
      body.patient.birthDate = birthDate;
      await refusedThenReferred(body, 'patient.birthDate', birthDate === '0001-01-01' ? /before 1900-01-01/ : /must be a calendar date YYYY-MM-DD/, (b) => {
        b.patient.birthDate = '1943-05-02';
      });
    }
  });

  it('a birth date in the future: 400 naming it, with the referral dated before the birth (both at once)', async () => {
    const body = referral();
    body.patient.birthDate = '2099-01-01';
    const answer = await api.post('/api/v1/pathways', people.intake, body);
    expectProblem(answer, 400, /is in the future/, 'patient.birthDate');
    expectProblem(answer, 400, /before patient\.birthDate/, 'referral.referredAt');
  });

  it('a birth date is returned as it was given, a date', async () => {
    const referred = await api.post('/api/v1/pathways', people.intake, referral());
    expectStatus(referred, 201);
    expect(referred.body.patient.birthDate).toBe('1943-05-02');
  });

  it('a referral dated 30 February: 400 naming referral.referredAt; fixed, the pathway is visible', async () => {
    const body = referral({ referredAt: '2026-02-30T10:00:00Z' });
    await refusedThenReferred(body, 'referral.referredAt', /not a real calendar date/, (b) => {
      b.referral.referredAt = isoAgo(60);
    });
  });

  it('a contact dated 0001-01-01 or before the referral: 400 naming at; the next contact is recorded', async () => {
    const cm = `cm-${randomUUID().slice(0, 8)}`;
    await createCaseManager(api, cm);
    const id = await inAssessment(api, cm);
    expectProblem(await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: '0001-01-01', channel: 'PHONE' }), 400, /before 1900-01-01/, 'at');
    expectProblem(await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: isoAgo(120), channel: 'PHONE' }), 400, /before the referral/, 'at');
    expectProblem(await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: '2026-02-30T10:00:00Z', channel: 'PHONE' }), 400, /not a real calendar date/, 'at');
    expectStatus(await api.post(`/api/v1/pathways/${id}/contacts`, people.caseManager(cm), { at: isoAgo(1), channel: 'HOME_VISIT', note: 'ok' }), 200);
    await eventually(() => timelineTypes(id), (events) => events.some((e) => e.type === 'CONTACT_LOGGED' && e.data.note === 'ok'), 'the contact on the timeline');
  });

  it('an absence until 9999-12-31: 400 naming to (at most 2 years ahead)', async () => {
    const absent = `cm-${randomUUID().slice(0, 8)}`;
    const cover = `cm-${randomUUID().slice(0, 8)}`;
    await createCaseManager(api, absent);
    await createCaseManager(api, cover);
    const from = new Date(Date.now() + 86_400_000).toISOString();
    const far = await api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from, to: '9999-12-31T00:00:00Z', coveredBy: [cover] });
    expectProblem(far, 400, /more than 2 years ahead/, 'to');
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString();
    expectStatus(await api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from, to, coveredBy: [cover] }), 201);
  });
});

describe('ids out of the alphabet', () => {
  it.each(['../admin', '%00', "o'neil"])('a case manager id %p: 400 naming id', async (id) => {
    const answer = await api.post('/api/v1/case-managers', people.admin, { id, name: 'X', email: 'x@dac.example', territory: 'T75-EST' });
    expectProblem(answer, 400, /must be 1 to 64 characters among A-Z a-z 0-9 \. _ -/, 'id');
  });

  it('an assignment to such an id, and a territory code out of it: 400 naming the field', async () => {
    const referred = await api.post('/api/v1/pathways', people.intake, referral());
    expectStatus(referred, 201);
    expectStatus(await api.post(`/api/v1/pathways/${referred.body.id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } }), 200);
    expectProblem(await api.post(`/api/v1/pathways/${referred.body.id}/assignment`, people.supervisor, { caseManagerId: '../admin' }), 400, /must be 1 to 64/, 'caseManagerId');
    expectProblem(await api.post('/api/v1/pathways', people.intake, referral({ territory: "T75'EST" })), 400, /must be 1 to 64/, 'patient.territory');
  });
});
