// What deadlines produce, read over HTTP against the whole stack with a compressed policy
// (PATHWAY_POLICY_FILE: eligibility due 10 s after the referral, the intake reminded 5 s before: wide
// enough that a loaded CI machine still reads the reminder as upcoming before it is due):
// the reminders of a pathway (outbox and upcoming) and the supervisor's stuck list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId } from '@pathway/workflows';
import { eventually, eventuallyValue } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, expectProblem, expectStatus, OTHER_TERRITORY, people, referral, TERRITORY, token } from './api-support';

let stack: Stack;
let api: Api;
let client: Client;
let policyDir: string;

beforeAll(async () => {
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-deadlines-policy-'));
  const policyFile = path.join(policyDir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ eligibilityDue: 'PT10S', eligibilityDueReminderBefore: 'PT5S' }));
  stack = await startStack({ env: { PATHWAY_POLICY_FILE: policyFile } });
  api = new Api(stack.apiUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  client = new Client({ connection, namespace: stack.temporalNamespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(stack.env)], failureConverterPath } });
}, 120_000);
afterAll(async () => {
  await client?.connection.close();
  await stack?.stop();
  fs.rmSync(policyDir, { recursive: true, force: true });
});


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

    const later = await eventuallyValue(
      async () => (await api.get<Reminder[]>(`/api/v1/reminders?pathwayId=${id}`, people.intake)).body,
      (rs) => rs.some((r) => r.kind === 'eligibilityDueReminder' && r.status !== 'upcoming'),
      { timeoutMs: 30_000, intervalMs: 250, message: 'the eligibility reminder in the outbox' },
    );
    const sent = later.find((r) => r.kind === 'eligibilityDueReminder');
    expect(sent).toMatchObject({ pathwayId: id, recipientRole: 'intake', channel: 'email', status: expect.stringMatching(/^(scheduled|sending|sent|failed)$/) });
    expect(sent?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(later.filter((r) => r.kind === 'eligibilityDueReminder')).toHaveLength(1);
  });

  it('a closed pathway has no upcoming reminders, and no deadline reminder left to send', async () => {
    const referred = await api.post('/api/v1/pathways', people.intake, referral({ referredAt: new Date().toISOString() }));
    expectStatus(referred, 201);
    const id = referred.body.id;
    const refused = await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, {
      decision: 'REFUSED',
      criteria: { unstableSituation: false, insufficientCare: true, noCoordinator: true },
      reorientedTo: 'CCAS',
    });
    expectStatus(refused, 200);
    // Proof the reminder cannot come any more: the reminder is written by the pathway's workflow when
    // its timer fires, and that workflow has ended (a closed pathway's run completes). Reading the
    // outbox right after the refusal would pass even if the timer still ran (it is due 5 s later).
    await eventually(
      async () => expect((await client.workflow.getHandle(pathwayWorkflowId(id)).describe()).status.name).toBe('COMPLETED'),
      { timeoutMs: 20_000, intervalMs: 250, message: "the closed pathway's workflow to complete" },
    );
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

    const stuck = await eventuallyValue(
      async () => (await api.get(`/api/v1/supervision/stuck?territory=${territory}`, supervisor)).body as { pathwayId: string }[],
      (list) => list.length >= 2,
      { timeoutMs: 30_000, intervalMs: 250, message: 'the two undecided pathways on the stuck list' },
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
