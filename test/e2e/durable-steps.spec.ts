// Issue 15 on the real stack (PostgreSQL, Temporal dev server, worker and API as the role care_app): a step
// is answered only once it is in the database. A write PostgreSQL refuses (a CHECK this test installs, which
// no validator knows, or a lone surrogate in the JSON) is answered 422 and rolled back, the pathway stays
// visible with the reason and takes the next steps; a refused referral is answered, not left hanging; a
// pathway blocked by a failing worker is recovered by the operator command; and the worker's log never
// holds the patient's name, birth date or externalId, retries included.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from '@pathway/persistence';
import { Answer, createCaseManager, expectProblem, expectStatus, inAssessment, people, referral } from './api-support';
import { entryOf, eventually, startSupervisionStack, stuckList, SupervisionStack } from './supervision-support';

let s: SupervisionStack;
let owner: DataSource;
const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
/** Every patient datum this suite sends, to look for in the worker's log at the end. */
const patientData: string[] = [];

beforeAll(async () => {
  // Three attempts per try (1 s, then 2 s apart) before the workflow falls back to its own 1-minute back-off.
  s = await startSupervisionStack({ activityFailureStuckAttempts: 3 });
  owner = await createDataSource(s.stack.databaseUrl, { poolSize: 2 }).initialize();
  await createCaseManager(s.api, caseManagerId, 40);
}, 120_000);
afterAll(async () => {
  await owner?.destroy();
  await s?.stop();
}, 60_000);

function patientReferral(firstName: string, lastName: string) {
  const body = referral();
  body.patient.firstName = firstName;
  body.patient.lastName = lastName;
  body.patient.birthDate = '1938-11-07';
  patientData.push(firstName, lastName, body.patient.externalId);
  return body;
}

async function timeline(pathwayId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const answer = await s.api.get(`/api/v1/pathways/${pathwayId}/timeline`, people.supervisor);
  expectStatus(answer, 200);
  return answer.body;
}

const contact = (note: string) => ({ at: new Date(Date.now() - 60_000).toISOString(), channel: 'PHONE', note });

it('the stack runs as care_app, which cannot silence the audit trail', async () => {
  expect(new URL(s.stack.env.DATABASE_URL).username).toBe('care_app');
  const app = await createDataSource(s.stack.appDatabaseUrl, { poolSize: 1 }).initialize();
  try {
    for (const bypass of [
      ['SET LOCAL session_replication_role = replica', 'DELETE FROM audit_events'],
      ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only', "UPDATE audit_events SET outcome = 'allowed'"],
    ]) {
      const runner = app.createQueryRunner();
      await runner.startTransaction();
      try {
        await expect(runner.query(bypass[0])).rejects.toThrow(/permission denied to set parameter|must be owner of table audit_events/);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
  } finally {
    await app.destroy();
  }
});

describe('a step the database refuses for good', () => {
  it('is answered 422 and not applied; the pathway stays visible with the reason, and the next steps are recorded', async () => {
    const pathwayId = await inAssessment(s.api, caseManagerId);
    const cm = people.caseManager(caseManagerId);
    const before = await timeline(pathwayId);
    // A rule of the database the API's validators know nothing of (installed as the owner: care_app may not).
    await owner.query(`ALTER TABLE pathway_events ADD CONSTRAINT e2e_refuse_marker CHECK (data::text NOT LIKE '%REFUSE-ME%') NOT VALID`);
    let refused: Answer;
    try {
      const sentAt = Date.now();
      refused = await s.api.post(`/api/v1/pathways/${pathwayId}/contacts`, cm, contact('the daughter says REFUSE-ME'));
      console.log(`refused step: answered ${refused.status} in ${Date.now() - sentAt} ms`);
    } finally {
      await owner.query('ALTER TABLE pathway_events DROP CONSTRAINT e2e_refuse_marker');
    }
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ title: 'Not recorded', code: '23514' });
    expect(refused.body.detail).toBe('the database refused to record the logContact step (SQLSTATE 23514); it was not applied');

    // Visible to its case manager and its supervisor, unchanged, and on the stuck list with the SQLSTATE.
    for (const who of [cm, people.supervisor]) {
      const seen = await s.api.get(`/api/v1/pathways/${pathwayId}`, who);
      expectStatus(seen, 200);
      expect(seen.body.stage).toBe('ASSESSMENT');
    }
    const { value: list } = await eventually(() => stuckList(s.api, people.supervisor), (l) => entryOf(l, pathwayId) !== undefined, 'the refused write on the stuck list', 10_000);
    expect(entryOf(list, pathwayId)?.failingActivity).toMatchObject({
      activityType: 'recordPathwayEvents',
      lastError: 'ApplicationFailure: recordPathwayEvents: the database refused the write (SQLSTATE 23514, constraint e2e_refuse_marker, table pathway_events)',
    });
    expect(await timeline(pathwayId)).toEqual(before);

    // Not wedged: the next steps are answered and recorded; the first of them clears the stuck entry.
    for (const note of ['first call', 'second call', 'third call']) {
      expectStatus(await s.api.post(`/api/v1/pathways/${pathwayId}/contacts`, cm, contact(note)), 200);
    }
    const after = await timeline(pathwayId);
    expect(after.slice(before.length).map((e) => [e.type, e.data.note])).toEqual([
      ['CONTACT_LOGGED', 'first call'],
      ['CONTACT_LOGGED', 'second call'],
      ['CONTACT_LOGGED', 'third call'],
    ]);
    expect(entryOf(await stuckList(s.api, people.supervisor), pathwayId)).toBeUndefined();
  }, 120_000);

  it('a lone surrogate in a note is not answered 2xx, and the steps after it are recorded', async () => {
    const pathwayId = await inAssessment(s.api, caseManagerId);
    const cm = people.caseManager(caseManagerId);
    const before = await timeline(pathwayId);
    // JSON.stringify keeps the lone surrogate as the escape \ud800, which PostgreSQL's jsonb would refuse
    // (22P02); the API's own validation refuses it first, naming the field (a 400, not a 503 at the step
    // deadline: the status says it was answered at once, no clock needed).
    const refused = await s.api.post(`/api/v1/pathways/${pathwayId}/contacts`, cm, contact('x\ud800y'));
    expectProblem(refused, 400, /lone surrogate/, 'note');
    for (let i = 0; i < 3; i++) expectStatus(await s.api.post(`/api/v1/pathways/${pathwayId}/contacts`, cm, contact(`call ${i}`)), 200);
    expect((await timeline(pathwayId)).slice(before.length).map((e) => e.data.note)).toEqual(['call 0', 'call 1', 'call 2']);
  }, 120_000);
});

describe('a referral whose first write the database refuses', () => {
  it('is answered 422 Not recorded (a lone surrogate: 400 up front), and opens nothing', async () => {
    await owner.query(`ALTER TABLE patients ADD CONSTRAINT e2e_refuse_patient CHECK (first_name NOT LIKE 'REFUSE%') NOT VALID`);
    try {
      // 422 Not recorded is the workflow's own answer to the refusal: had it waited out the API's 30 s
      // step deadline instead, the answer would be a 503. The status is the proof, no clock needed.
      const refused = await s.api.post('/api/v1/pathways', people.intake, patientReferral('REFUSE-Jeanne', 'Vauquelin'));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ title: 'Not recorded', code: '23514' });
      expect(refused.body.detail).toBe('the database refused the referral (SQLSTATE 23514); the pathway was not opened');
    } finally {
      await owner.query('ALTER TABLE patients DROP CONSTRAINT e2e_refuse_patient');
    }
    const surrogate = await s.api.post('/api/v1/pathways', people.intake, patientReferral('\ud800Jeanne', 'Lemarchand'));
    expectProblem(surrogate, 400, /lone surrogate/, 'patient.firstName');
    const open = await owner.query(`SELECT count(*)::int AS n FROM patients WHERE last_name IN ('Vauquelin', 'Lemarchand')`);
    expect(open[0].n).toBe(0);
  }, 120_000);
});

describe('a pathway blocked by a failing write', () => {
  it('holds the step unanswered while it fails; the operator command retries it at once, and the same request then gets its 200', async () => {
    const body = patientReferral('Odette', 'Castellane');
    const referred = await s.api.post('/api/v1/pathways', people.intake, body);
    expectStatus(referred, 201);
    const pathwayId = referred.body.id as string;

    // The worker's writes fail (test-only fault injection), as a database that keeps timing out would.
    await s.stack.stopWorker();
    s.stack.startWorker({ env: { WORKER_FAULTS: 'recordPathwayEvents:always' } });
    const step = { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } };
    const idempotencyKey = `eligibility-${pathwayId}`;
    let settled = false;
    const first = s.api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, step, { idempotencyKey }).finally(() => (settled = true));
    const { at: blockedAt } = await eventually(() => stuckList(s.api, people.supervisor), (l) => entryOf(l, pathwayId) !== undefined, 'the blocked pathway on the stuck list', 25_000);
    expect(settled).toBe(false);

    // Fixed (a worker without the fault); the operator makes the pathway retry now, not after its 1-minute back-off.
    await s.stack.stopWorker();
    s.stack.startWorker();
    // Its output says why when it fails (exit code 2: still failing after its watch of 60 s).
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(__dirname, '../../dist/apps/worker/src/retry-pathway.js'), pathwayId], {
      env: s.stack.env,
      timeout: 90_000,
    }).catch((err: Error & { stdout?: string; stderr?: string }) => {
      throw new Error(`${err.message}\nstdout: ${err.stdout ?? ''}\nstderr: ${err.stderr ?? ''}`);
    });
    expect(stdout).toContain(`pathway ${pathwayId}: asked to retry its pending writes now`);
    expect(stdout).toContain('no write is failing any more');
    const types = (await timeline(pathwayId)).map((e) => e.type);
    expect(types).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
    console.log(`blocked pathway: recorded ${Date.now() - blockedAt} ms after it showed on the stuck list`);

    // The step was never answered 2xx before it was recorded; the same request now gets the 200, applied once.
    const firstAnswer = await first;
    expect([200, 503]).toContain(firstAnswer.status);
    const again = await s.api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, step, { idempotencyKey });
    expectStatus(again, 200);
    expect(again.body).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', stuck: [] });
    expect((await timeline(pathwayId)).map((e) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
    expect(entryOf(await stuckList(s.api, people.supervisor), pathwayId)).toBeUndefined();
  }, 180_000);
});

it("the worker's log holds none of the patients' names, birth dates or external ids, retries included", () => {
  const log = s.stack.logs.worker.join('\n');
  // It did log the failures: what failed, and how.
  expect(log).toMatch(/SQLSTATE (23514|22P02)/);
  expect(log).toMatch(/injected fault/);
  for (const datum of [...patientData, 'Jeanne', '1938-11-07', '1943-05-02']) expect(log).not.toContain(datum);
});
