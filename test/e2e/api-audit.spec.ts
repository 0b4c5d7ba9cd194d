// The audit trail over a pathway's first weeks, against the whole stack: every read of patient data
// and every step leaves one row — who, roles, which pathway, what, the outcome — refusals included;
// the rows hold no patient data; the app's own database connection cannot change or remove them; and
// an answer whose row cannot be written is withheld.
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Answer, Api, CallOptions, createCaseManager, expectStatus, isoAgo, referral, token } from './api-support';
import { AuditReader, hs256Token, requestId } from './security-support';

const TERRITORY = 'T75-AUDIT';
const intake = token({ sub: 'intake-audit', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'sup-audit', roles: ['supervisor'], territory: TERRITORY });
const anne = token({ sub: 'cm-anne', roles: ['case_manager'], territory: TERRITORY });
const bruno = token({ sub: 'cm-bruno', roles: ['case_manager'], territory: TERRITORY });
const physician = token({ sub: 'md-audit', roles: ['physician'], email: 'dr.audit@cabinet.example' });

let stack: Stack;
let api: Api;
let audit: AuditReader;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  audit = await AuditReader.connect(stack.databaseUrl);
  await createCaseManager(api, 'cm-anne', undefined, TERRITORY);
  await createCaseManager(api, 'cm-bruno', undefined, TERRITORY);
}, 120_000);
afterAll(async () => {
  await audit?.close();
  await stack?.stop();
});

/** A call with its own X-Request-Id, to find its row. */
async function call(method: string, path: string, options: CallOptions & { label: string }): Promise<Answer & { requestId: string }> {
  const id = requestId(options.label);
  const answer = await api.call(method, path, { ...options, headers: { ...options.headers, 'x-request-id': id } });
  return { ...answer, requestId: id };
}

describe('a scenario and its audit trail', () => {
  it('has one row per call, allowed, denied and failed, saying who did what to which pathway', async () => {
    const body = referral({ territory: TERRITORY, physicianEmail: 'dr.audit@cabinet.example' });
    const referred = await call('POST', '/api/v1/pathways', { label: 'refer', token: intake, body });
    expectStatus(referred, 201);
    const id: string = referred.body.id;
    const at = (step: string) => `/api/v1/pathways/${id}${step}`;
    const steps = [
      referred,
      await call('POST', at('/eligibility'), { label: 'eligibility', token: intake, body: { decision: 'ACCEPTED', criteria: ALL_CRITERIA } }),
      await call('POST', at('/assignment'), { label: 'assign', token: supervisor, body: { caseManagerId: 'cm-anne' } }),
      await call('POST', at('/consent'), { label: 'consent', token: anne, body: { given: true, at: isoAgo(5) } }),
      await call('POST', at('/assessments'), { label: 'assess', token: anne, body: { performedAt: isoAgo(4), mmse: 19, gir: 4, zarit: 30, summary: 'wanders at night' } }),
      await call('GET', at(''), { label: 'read', token: anne }),
      await call('GET', at('/timeline'), { label: 'timeline', token: anne }),
      await call('GET', `/api/v1/reminders?pathwayId=${id}`, { label: 'reminders', token: anne }),
      await call('GET', `/api/v1/pathways?territory=${TERRITORY}`, { label: 'list', token: supervisor }),
      // Refused and failed:
      await call('GET', at(''), { label: 'other-cm-read', token: bruno }),
      await call('POST', at('/contacts'), { label: 'other-cm-step', token: bruno, body: { at: isoAgo(1), channel: 'PHONE' } }),
      await call('GET', at('/timeline'), { label: 'no-token' }),
      await call('GET', at(''), { label: 'expired', token: hs256Token({ sub: 'cm-anne', roles: ['case_manager'], exp: Math.floor(Date.now() / 1000) - 60 }, 'care-pathway-local-development-secret') }),
      await call('POST', at('/assessments'), { label: 'wrong-role', token: physician, body: { performedAt: isoAgo(1), summary: 'x' } }),
      await call('POST', at('/hospitalizations/current/discharge'), { label: 'rejected-step', token: anne, body: { dischargedAt: isoAgo(1), destination: 'HOME' } }),
      await call('POST', at('/contacts'), { label: 'bad-body', token: anne, body: { channel: 'PIGEON' } }),
      await call('POST', at('/contacts'), { label: 'too-large', token: anne, rawBody: JSON.stringify({ at: isoAgo(1), channel: 'PHONE', note: 'x'.repeat(110_000) }) }),
      await call('GET', `/api/v1/pathways/${randomUUID()}`, { label: 'unknown', token: supervisor }),
      // Its 409 names the patient's external id: the trail must not keep it.
      await call('POST', '/api/v1/pathways', { label: 'duplicate', token: intake, body }),
    ];
    expect(steps.map((s) => s.status)).toEqual([201, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404, 401, 401, 403, 409, 400, 413, 404, 409]);

    const events = await audit.eventsOf(steps.map((s) => s.requestId));
    const row = (answer: { requestId: string }) => events.find((e) => e.requestId === answer.requestId);
    const [refer, eligibility, assign, consent, assess, read, timeline, reminders, list, otherRead, otherStep, noToken, expired, wrongRole, rejected, badBody, tooLarge, unknown, duplicate] = steps;
    const on = { pathwayId: id, clientIp: expect.stringMatching(/127\.0\.0\.1/) };
    expect(row(refer)).toMatchObject({ ...on, actor: 'intake-audit', roles: ['intake'], territory: TERRITORY, method: 'POST', route: '/api/v1/pathways', action: 'PathwaysController.refer', outcome: 'allowed', status: 201 });
    expect(row(eligibility)).toMatchObject({ ...on, actor: 'intake-audit', route: '/api/v1/pathways/:id/eligibility', action: 'PathwayStepsController.decideEligibility', outcome: 'allowed', status: 200 });
    expect(row(assign)).toMatchObject({ ...on, actor: 'sup-audit', roles: ['supervisor'], action: 'PathwayStepsController.assignCaseManager', outcome: 'allowed' });
    expect(row(consent)).toMatchObject({ ...on, actor: 'cm-anne', action: 'PathwayStepsController.recordConsent', outcome: 'allowed' });
    expect(row(assess)).toMatchObject({ ...on, actor: 'cm-anne', method: 'POST', route: '/api/v1/pathways/:id/assessments', action: 'PathwayStepsController.recordAssessment', outcome: 'allowed', status: 200 });
    expect(row(read)).toMatchObject({ ...on, actor: 'cm-anne', method: 'GET', route: '/api/v1/pathways/:id', action: 'PathwaysController.get', outcome: 'allowed', status: 200 });
    expect(row(timeline)).toMatchObject({ ...on, route: '/api/v1/pathways/:id/timeline', action: 'PathwaysController.timeline', outcome: 'allowed' });
    expect(row(reminders)).toMatchObject({ ...on, route: '/api/v1/reminders', action: 'RemindersController.list', outcome: 'allowed' });
    // A list shows several patients: the row names each pathway it showed.
    expect(row(list)).toMatchObject({ pathwayId: null, actor: 'sup-audit', action: 'PathwaysController.list', outcome: 'allowed', details: { listed: expect.arrayContaining([id]) } });

    expect(row(otherRead)).toMatchObject({ ...on, actor: 'cm-bruno', action: 'PathwaysController.get', outcome: 'denied', status: 404, reason: "the pathway is outside the caller's reach" });
    expect(row(otherStep)).toMatchObject({ ...on, actor: 'cm-bruno', action: 'PathwayStepsController.logContact', outcome: 'denied', status: 404 });
    expect(row(noToken)).toMatchObject({ ...on, actor: null, roles: [], action: 'PathwaysController.timeline', outcome: 'denied', status: 401, reason: expect.stringMatching(/bearer token is required/) });
    expect(row(expired)).toMatchObject({ ...on, actor: null, outcome: 'denied', status: 401, reason: 'invalid token: the token has expired' });
    expect(row(wrongRole)).toMatchObject({ ...on, actor: 'md-audit', roles: ['physician'], action: 'PathwayStepsController.recordAssessment', outcome: 'denied', status: 403, reason: expect.stringMatching(/needs one of the roles case_manager/) });
    expect(row(rejected)).toMatchObject({ ...on, actor: 'cm-anne', action: 'PathwayStepsController.dischargeFromHospital', outcome: 'failed', status: 409, reason: expect.stringMatching(/not in hospital/) });
    expect(row(badBody)).toMatchObject({ ...on, actor: 'cm-anne', outcome: 'failed', status: 400, reason: expect.stringMatching(/^invalid input: .*channel/) });
    // Refused before any route was matched (the body parser): the path names the pathway all the same, and
    // the token, verified by the trail itself, the actor.
    expect(row(tooLarge)).toMatchObject({ ...on, actor: 'cm-anne', method: 'POST', route: `/api/v1/pathways/${id}/contacts`, action: null, outcome: 'failed', status: 413 });
    // An id that names no pathway is a failure, not a refusal: nothing was withheld.
    expect(row(unknown)).toMatchObject({ outcome: 'failed', status: 404, actor: 'sup-audit' });
    expect(row(duplicate)).toMatchObject({ outcome: 'failed', status: 409, actor: 'intake-audit', reason: 'Patient already has an open pathway' });
    expect(duplicate.text).toContain(body.patient.externalId); // the caller is told; the trail is not
    expect(events).toHaveLength(steps.length);

    // The trail says who touched what, never what the record says.
    const text = JSON.stringify(events);
    for (const patientData of [body.patient.firstName, body.patient.lastName, body.patient.externalId, body.patient.birthDate, 'wanders at night', body.caregiver.name]) {
      expect(text).not.toContain(patientData);
    }
  });

  it('echoes the caller’s X-Request-Id (or gives one) so a support request can find its row', async () => {
    const given = await api.call('GET', '/api/v1/pathways', { token: supervisor, headers: { 'x-request-id': 'ticket-4711' } });
    expect(given.headers.get('x-request-id')).toBe('ticket-4711');
    const invented = await api.call('GET', '/api/v1/pathways', { token: supervisor, headers: { 'x-request-id': 'not ok; DROP TABLE' } });
    expect(invented.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await audit.eventsOf([invented.headers.get('x-request-id') as string]))[0]).toMatchObject({ actor: 'sup-audit', outcome: 'allowed' });
  });
});

describe('requests refused before the route ran (no guard saw them)', () => {
  it('name their actor whenever the token was valid, whatever the status', async () => {
    const body = JSON.stringify({ ...referral({ territory: TERRITORY }), note: 'x'.repeat(110_000) });
    const answers = [
      await call('POST', '/api/v1/pathways', { token: intake, rawBody: body, label: 'too-large' }),
      await call('POST', '/api/v1/pathways', { token: intake, rawBody: '{"patient":', label: 'not-json' }),
      await call('POST', '/api/v1/pathways', { token: intake, rawBody: `${'['.repeat(2000)}${']'.repeat(2000)}`, label: 'too-deep' }),
      await call('GET', '/api/v1/case-managers/%00/absences', { token: supervisor, label: 'nul-in-path' }),
      await call('GET', '/api/v1/patients', { token: supervisor, label: 'unknown-route' }),
    ];
    expect(answers.map((a) => a.status)).toEqual([413, 400, 400, 400, 404]);
    const rows = await audit.eventsOf(answers.map((a) => a.requestId));
    const byId = new Map(rows.map((r) => [r.requestId, r]));
    expect(answers.map((a) => byId.get(a.requestId))).toEqual([
      expect.objectContaining({ actor: 'intake-audit', roles: ['intake'], territory: TERRITORY, status: 413, outcome: 'failed' }),
      expect.objectContaining({ actor: 'intake-audit', status: 400, reason: 'invalid input: body' }),
      expect.objectContaining({ actor: 'intake-audit', status: 400, reason: 'invalid input: body' }),
      expect.objectContaining({ actor: 'sup-audit', roles: ['supervisor'], status: 400, reason: 'invalid input: path' }),
      expect.objectContaining({ actor: 'sup-audit', status: 404 }),
    ]);
  });

  it('name no one when the token is not valid (its claims are not believed)', async () => {
    const forged = hs256Token({ sub: 'intake-audit', roles: ['intake'], territory: TERRITORY, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 }, 'not-the-secret');
    const answer = await call('POST', '/api/v1/pathways', { token: forged, rawBody: '{"patient":', label: 'forged-not-json' });
    expect(answer.status).toBe(400);
    expect((await audit.eventsOf([answer.requestId]))[0]).toMatchObject({ actor: null, roles: [], status: 400 });
  });
});

describe('the audit trail is append-only', () => {
  it.each([
    ['UPDATE', "UPDATE audit_events SET outcome = 'allowed', actor = 'someone-else' WHERE outcome = 'denied'"],
    ['DELETE', "DELETE FROM audit_events WHERE actor = 'cm-bruno'"],
    ['TRUNCATE', 'TRUNCATE audit_events'],
  ])('%s through the app’s own database connection fails, and every row stays', async (_what, statement) => {
    const before = await audit.db.query('SELECT count(*)::int AS n, md5(string_agg(id::text || outcome || coalesce(actor, \'\'), \',\' ORDER BY id)) AS digest FROM audit_events');
    // stack.appDatabaseUrl is the very URL (role and database) the API and the worker connect with: care_app,
    // refused by privilege; the owner, by the trigger.
    const app = await AuditReader.connect(stack.appDatabaseUrl);
    try {
      await expect(app.db.query(statement)).rejects.toThrow(/permission denied for table audit_events/);
    } finally {
      await app.db.destroy();
    }
    await expect(audit.db.query(statement)).rejects.toThrow(/audit_events is append-only/);
    const after = await audit.db.query('SELECT count(*)::int AS n, md5(string_agg(id::text || outcome || coalesce(actor, \'\'), \',\' ORDER BY id)) AS digest FROM audit_events');
    expect(after).toEqual(before);
    expect(before[0].n).toBeGreaterThan(0);
  });
});

describe('an answer the audit trail cannot record', () => {
  it('is withheld: 503, no patient data, and the next one goes through once the trail accepts rows again', async () => {
    const created = await api.post('/api/v1/pathways', intake, referral({ territory: TERRITORY }));
    expectStatus(created, 201);
    // Make the trail refuse this one reader's rows (a stand-in for a full disk or a lost connection).
    await audit.db.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_test_refuse CHECK (actor IS DISTINCT FROM 'sup-blocked') NOT VALID`);
    const blocked = token({ sub: 'sup-blocked', roles: ['supervisor'], territory: TERRITORY });
    try {
      const answer = await api.get(`/api/v1/pathways/${created.body.id}`, blocked);
      expect(answer.status).toBe(503);
      expect(answer.body.detail).toMatch(/could not be recorded in the audit trail, so nothing was disclosed/);
      expect(answer.text).not.toContain(created.body.patient.lastName);
    } finally {
      await audit.db.query('ALTER TABLE audit_events DROP CONSTRAINT audit_test_refuse');
    }
    expectStatus(await api.get(`/api/v1/pathways/${created.body.id}`, blocked), 200);
  });
});
