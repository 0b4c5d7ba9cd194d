// What deadlines produce, read over HTTP against the whole stack with a compressed policy
// (PATHWAY_POLICY_FILE: eligibility due 10 s after the referral, the intake reminded 5 s before: wide
// enough that a loaded CI machine still reads the reminder as upcoming before it is due):
// the reminders of a pathway (outbox and upcoming) and the supervisor's stuck list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStack, Stack } from '../support/stack';
import { Api, expectProblem, expectStatus, OTHER_TERRITORY, people, referral, TERRITORY, token } from './api-support';

let stack: Stack;
let api: Api;
let policyDir: string;

beforeAll(async () => {
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-deadlines-policy-'));
  const policyFile = path.join(policyDir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ eligibilityDue: 'PT10S', eligibilityDueReminderBefore: 'PT5S' }));
  stack = await startStack({ env: { PATHWAY_POLICY_FILE: policyFile } });
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  fs.rmSync(policyDir, { recursive: true, force: true });
});

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Reminder {
  id: string;
  pathwayId: string;
  recipientRole: string;
  channel: string;
  kind: string;
  dueAt: string;
  status: string;
  sentAt?: string;
}

describe('GET /api/v1/reminders?pathwayId=', () => {
  it("shows the workflow's upcoming reminders, then the outbox row once it is due", async () => {
    const referredAt = new Date().toISOString();
    const referred = await api.post('/api/v1/pathways', people.intake, referral({ referredAt }));
    expectStatus(referred, 201);
    const id = referred.body.id;

    const upcoming = await api.get<Reminder[]>(`/api/v1/reminders?pathwayId=${id}`, people.intake);
    expectStatus(upcoming, 200);
    expect(upcoming.body).toEqual([
      {
        id: expect.stringMatching(/^upcoming:eligibilityDue:intake:/),
        pathwayId: id,
        recipientRole: 'intake',
        channel: 'email',
        kind: 'eligibilityDueReminder',
        dueAt: new Date(Date.parse(referredAt) + 5000).toISOString(),
        status: 'upcoming',
        deadlineAt: new Date(Date.parse(referredAt) + 10000).toISOString(),
      },
    ]);

    const later = await eventually(
      async () => (await api.get<Reminder[]>(`/api/v1/reminders?pathwayId=${id}`, people.intake)).body,
      (rs) => rs.some((r) => r.kind === 'eligibilityDueReminder' && r.status !== 'upcoming'),
    );
    const sent = later.find((r) => r.kind === 'eligibilityDueReminder');
    expect(sent).toMatchObject({ pathwayId: id, recipientRole: 'intake', channel: 'email', status: expect.stringMatching(/^(scheduled|sending|sent|failed)$/) });
    expect(sent?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(later.filter((r) => r.kind === 'eligibilityDueReminder')).toHaveLength(1);
  });

  it('a closed pathway has no upcoming reminders, and no deadline reminder left to send', async () => {
    const referred = await api.post('/api/v1/pathways', people.intake, referral({ referredAt: new Date().toISOString() }));
    const id = referred.body.id;
    const refused = await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, {
      decision: 'REFUSED',
      criteria: { unstableSituation: false, insufficientCare: true, noCoordinator: true },
      reorientedTo: 'CCAS',
    });
    expectStatus(refused, 200);
    const answer = await api.get<Reminder[]>(`/api/v1/reminders?pathwayId=${id}`, people.intake);
    expectStatus(answer, 200);
    expect(answer.body.filter((r) => r.status === 'upcoming')).toEqual([]);
    expect(answer.body.filter((r) => r.kind === 'eligibilityDueReminder' && r.status === 'scheduled')).toEqual([]);
    // The referrer is told where the person is reoriented: an outbox row of its own.
    expect(answer.body.map((r) => r.kind)).toContain('referralReoriented');
  });

  it('400 without pathwayId; 404 for an unknown pathway or one out of reach', async () => {
    expectProblem(await api.get('/api/v1/reminders', people.intake), 400, /pathwayId must be a string/, 'pathwayId');
    expectProblem(await api.get('/api/v1/reminders?pathwayId=0d6f0000-0000-4000-8000-000000000000', people.intake), 404, /there is no pathway/);
    const referred = await api.post('/api/v1/pathways', people.intake, referral());
    const otherIntake = token({ sub: 'intake-13', roles: ['intake'], territory: OTHER_TERRITORY });
    expectProblem(await api.get(`/api/v1/reminders?pathwayId=${referred.body.id}`, otherIntake), 404, /there is no pathway/);
  });
});

describe('GET /api/v1/supervision/stuck', () => {
  it('lists stuck pathways of the territory with reason and since, most overdue first', async () => {
    const territory = 'T91-STUCK';
    const intake = token({ sub: 'intake-91', roles: ['intake'], territory });
    const supervisor = token({ sub: 'sup-91', roles: ['supervisor'], territory });
    const first = await api.post('/api/v1/pathways', intake, referral({ territory, referredAt: new Date(Date.now() - 1000).toISOString() }));
    const second = await api.post('/api/v1/pathways', intake, referral({ territory, referredAt: new Date().toISOString() }));
    const decided = await api.post('/api/v1/pathways', intake, referral({ territory, referredAt: new Date().toISOString() }));
    expectStatus(await api.post(`/api/v1/pathways/${decided.body.id}/eligibility`, intake, { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } }), 200);

    const stuck = await eventually(
      async () => (await api.get(`/api/v1/supervision/stuck?territory=${territory}`, supervisor)).body as { pathwayId: string }[],
      (list) => list.length >= 2,
    );
    const reasons = [{ code: 'eligibilityDue', reason: 'eligibility decision overdue', clock: 'eligibilityDue', since: expect.any(String), source: 'projection' }];
    expect(stuck).toEqual([
      { pathwayId: first.body.id, stage: 'REFERRED', code: 'eligibilityDue', reason: 'eligibility decision overdue', clock: 'eligibilityDue', since: expect.any(String), caseManagerId: null, reasons },
      { pathwayId: second.body.id, stage: 'REFERRED', code: 'eligibilityDue', reason: 'eligibility decision overdue', clock: 'eligibilityDue', since: expect.any(String), caseManagerId: null, reasons },
    ]);
    const summary = await api.get(`/api/v1/pathways/${first.body.id}`, supervisor);
    expect(summary.body.stuck).toEqual([expect.objectContaining({ code: 'eligibilityDue', reason: 'eligibility decision overdue', clock: 'eligibilityDue' })]);
    expect(summary.body.deadlines).toEqual([expect.objectContaining({ kind: 'eligibilityDue', overdue: true })]);
  });

  it('403 for another territory or another role', async () => {
    expectProblem(await api.get(`/api/v1/supervision/stuck?territory=${OTHER_TERRITORY}`, people.supervisor), 403, /you supervise territory T75-EST, not T13-NORD/);
    expectProblem(await api.get('/api/v1/supervision/stuck', people.intake), 403, /needs one of the roles supervisor/);
    expectStatus(await api.get(`/api/v1/supervision/stuck?territory=${TERRITORY}`, people.supervisor), 200);
  });
});
