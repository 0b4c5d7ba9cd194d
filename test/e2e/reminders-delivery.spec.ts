// Reminders reaching people, end to end: the workflow decides, the outbox keeps, the worker's dispatcher
// e-mails a real SMTP server. With a compressed policy the physician has 12 s to acknowledge a plan and
// is reminded after 4 s (PATHWAY.md: 14 days, reminded 7 days before and at the deadline).
import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId } from '@pathway/workflows';
import { formatDate } from '../../apps/worker/src/reminders/message';
import { eventually as waitFor } from '@pathway/testing';
import { expectStatus, people } from './api-support';
import { eventually, inAssessmentFor, inPlanValidationFor, mailTo, outbox, recordPlan, ReminderStack, startReminderStack, uniquePhysician } from './reminders-support';

let r: ReminderStack;

beforeAll(async () => {
  r = await startReminderStack({ policy: { planAcknowledgementDue: 'PT12S', planAcknowledgementDueReminderBefore: 'PT8S' } });
}, 120_000);
afterAll(() => r?.stop(), 60_000);
afterEach(() => {
  r.catcher.refuse(false);
  r.catcher.release();
});

describe('reminders by e-mail', () => {
  it("the physician gets the plan to validate, then the plan reminder: right recipient, subject and body, nothing clinical", async () => {
    const physician = uniquePhysician();
    const { id, caseManagerId } = await inPlanValidationFor(r.api, physician);

    const [sentPlan, reminder] = await eventually(() => mailTo(r.catcher, physician), (mail) => mail.length >= 2, 'the plan and its reminder');
    const [row] = await outbox(r.db, id, 'planAcknowledgementDueReminder');
    const deadline = formatDate(String(row.payload.deadlineAt), 'Europe/Paris');

    expect(sentPlan.subject).toBe(`Plan d'accompagnement de Jeanne Martin à valider avant le ${deadline}`);
    expect(reminder.subject).toBe(`Rappel - plan d'accompagnement de Jeanne Martin à valider avant le ${deadline}`);
    expect(reminder.to).toEqual([physician]);
    expect(reminder.from).toBe('Dispositif MAIA <rappels@maia.example>');
    expect(reminder.headers['reply-to']).toBe(`${caseManagerId}@dac.example`);
    expect(reminder.text).toContain('Bonjour Dr Durand,');
    expect(reminder.text).toContain('votre patient(e) Jeanne Martin, né(e) le 02/05/1943');
    expect(reminder.text).toContain('Ce que nous attendons de vous : nous confirmer que vous validez ce plan');
    expect(reminder.text).toContain(`Avant le : ${deadline}.`);
    expect(reminder.text).toContain(`Case manager ${caseManagerId} (${caseManagerId}@dac.example)`);
    for (const message of [sentPlan, reminder]) {
      expect(`${message.subject}\n${message.text}`).not.toMatch(/\bMMSE\b|\bGIR\b|Zarit|\b18\b|\b35\b|déclin|chute|Alzheimer|SSIAD/);
    }
    expect(row).toMatchObject({ status: 'sent', attempts: 1, recipientAddress: physician, messageId: reminder.messageId });
  }, 60_000);

  it("a closed pathway's reminders are cancelled and nothing is delivered, even one claimed just before the closure", async () => {
    const physician = uniquePhysician();
    const pathway = await inAssessmentFor(r.api, physician);
    // The case manager's assignment notice goes out first; the plan is the delivery this test holds.
    await eventually(() => outbox(r.db, pathway.id), (all) => all.length > 0 && all.every((row) => row.status === 'sent'), 'the assignment notice to go out');
    const planRows = async () => (await outbox(r.db, pathway.id)).filter((row) => row.kind !== 'caseManagerAssigned');
    // The plan goes out to a server that holds the delivery before the message (at RCPT TO) ...
    r.catcher.stall('rcpt');
    await recordPlan(r.api, pathway);
    await eventually(() => r.catcher.stalled(), (n) => n >= 1, 'the delivery of the plan to be under way');
    // ... and refuses the next ones, which stay in the outbox, failed and retrying.
    r.catcher.refuse(451);
    const closed = await r.api.post(`/api/v1/pathways/${pathway.id}/closure`, people.caseManager(pathway.caseManagerId), { reason: 'MOVED' });
    expectStatus(closed, 200);
    r.catcher.release();
    r.catcher.refuse(false);

    const rows = await eventually(planRows, (all) => all.length > 0 && all.every((row) => row.status === 'cancelled'), 'every reminder to be cancelled');
    expect(rows.map((row) => [row.kind, row.status, row.lastError])).toEqual([['planToValidate', 'cancelled', 'pathway closed before delivery']]);
    // The plan reminder (due 4 s after the plan) cannot come any more: it is the workflow that writes it,
    // and the closed pathway's workflow has ended. Then nothing more was written, nothing went out.
    const connection = await Connection.connect({ address: r.stack.temporalAddress });
    try {
      const client = new Client({ connection, namespace: r.stack.temporalNamespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(r.stack.env)], failureConverterPath } });
      await waitFor(async () => expect((await client.workflow.getHandle(pathwayWorkflowId(pathway.id)).describe()).status.name).toBe('COMPLETED'), {
        timeoutMs: 20_000,
        intervalMs: 250,
        message: "the closed pathway's workflow to complete",
      });
    } finally {
      await connection.close();
    }
    expect(mailTo(r.catcher, physician)).toEqual([]);
    expect((await planRows()).map((row) => row.status)).toEqual(['cancelled']);
    const listed = await r.api.get(`/api/v1/reminders?pathwayId=${pathway.id}`, people.intake);
    expectStatus(listed, 200);
    expect((listed.body as { kind: string; status: string }[]).filter((row) => row.kind !== 'caseManagerAssigned').map((row) => row.status)).toEqual(['cancelled']);
  }, 60_000);

  it('a refusing SMTP server leaves reminders failed with the error visible, and they go out once it accepts', async () => {
    const physician = uniquePhysician();
    r.catcher.refuse(451);
    const { id } = await inPlanValidationFor(r.api, physician);

    const failed = await eventually(() => outbox(r.db, id, 'planToValidate'), ([row]) => row?.attempts >= 2 && row.status === 'failed', 'two refused attempts');
    expect(failed[0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^SMTP 451 at MAIL FROM: 451 mail refused/) });
    expect(failed[0].nextAttemptAt).not.toBeNull();
    expect(mailTo(r.catcher, physician)).toEqual([]);
    // The case manager sees the same over HTTP: how many attempts, why they failed, when the next one is.
    const listed = await r.api.get<{ kind: string; status: string; attempts?: number; lastError?: string; nextAttemptAt?: string }[]>(`/api/v1/reminders?pathwayId=${id}`, people.intake);
    expectStatus(listed, 200);
    expect(listed.body.find((row) => row.kind === 'planToValidate')).toMatchObject({
      status: 'failed',
      attempts: expect.any(Number),
      lastError: expect.stringMatching(/^SMTP 451 at MAIL FROM/),
      nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    r.catcher.refuse(false);
    await eventually(() => mailTo(r.catcher, physician), (mail) => mail.length >= 2, 'the plan and its reminder, once accepted');
    const rows = await outbox(r.db, id);
    expect(rows.filter((row) => row.kind !== 'planAcknowledgementDueReminder' || row.status === 'sent').map((row) => row.status)).not.toContain('failed');
    expect((await outbox(r.db, id, 'planToValidate'))[0]).toMatchObject({ status: 'sent', lastError: null });
    expect(mailTo(r.catcher, physician).filter((m) => m.subject.startsWith("Plan d'accompagnement"))).toHaveLength(1);
  }, 60_000);

  it('an SMTP server that is down: reminders keep being retried with the error visible, nothing is lost', async () => {
    const physician = uniquePhysician();
    await r.catcher.down();
    let id: string;
    try {
      ({ id } = await inPlanValidationFor(r.api, physician));
      const failed = await eventually(() => outbox(r.db, id, 'planToValidate'), ([row]) => row?.attempts >= 2 && row.status === 'failed', 'two attempts against a server that is down');
      expect(failed[0]).toMatchObject({ status: 'failed', lastError: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await r.catcher.up();
    }
    await eventually(() => mailTo(r.catcher, physician), (mail) => mail.length >= 2, 'the plan and its reminder, once the server is back');
    expect((await outbox(r.db, id, 'planToValidate'))[0]).toMatchObject({ status: 'sent' });
  }, 60_000);
});
