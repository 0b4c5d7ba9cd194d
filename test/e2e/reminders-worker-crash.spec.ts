// A worker killed (SIGKILL) in the middle of e-mailing a reminder, then restarted: the physician still
// gets exactly one copy. The mail server holds the delivery at a chosen step so the kill lands there:
// - before the end of data (RCPT TO): nothing was handed over; the next worker sends it, once;
// - after the server stored it, before its "250 OK" reached the worker: the next worker cannot know
//   whether it went out and does not send it again; the row says so.
// The lease is 3 s here (REMINDER_LEASE_MS): past it, a row left "sending" is recovered.
import { aLaterRound, inAssessmentFor, eventually, mailTo, outbox, recordPlan, ReminderStack, settledOutbox, startReminderStack, uniquePhysician } from './reminders-support';

let r: ReminderStack;

beforeAll(async () => {
  // The plan reminder is kept out of the way (days): each test is about the plan sent at once.
  r = await startReminderStack({ policy: {} });
}, 120_000);
afterAll(() => r?.stop(), 60_000);
afterEach(() => {
  r.catcher.stall(null);
  r.catcher.release();
});

/** How many times a worker of this stack has said it is stopping (apps/worker/src/main.ts, on SIGINT/SIGTERM). */
const stopLines = () => r.stack.logs.worker.filter((line) => line.includes('stopping on SIGTERM')).length;
const planMail = (physician: string) => mailTo(r.catcher, physician).filter((m) => m.subject.startsWith("Plan d'accompagnement"));

describe('a worker killed while e-mailing a reminder', () => {
  it('before the message was handed over: the restarted worker sends it, exactly once', async () => {
    const physician = uniquePhysician();
    const pathway = await inAssessmentFor(r.api, physician);
    // The case manager's assignment notice goes out first; the plan is the delivery this test holds.
    await eventually(() => outbox(r.db, pathway.id), (all) => all.length > 0 && all.every((row) => row.status === 'sent'), 'the assignment notice to go out');
    r.catcher.stall('rcpt');
    await recordPlan(r.api, pathway);
    await eventually(() => r.catcher.stalled(), (n) => n >= 1, 'the delivery to be held at RCPT TO');
    expect(await outbox(r.db, pathway.id, 'planToValidate')).toMatchObject([{ status: 'sending', handedOverAt: null }]);

    await r.stack.restartWorker({ signal: 'SIGKILL' });
    r.catcher.stall(null);
    r.catcher.release(); // the dead worker's transaction: its connection is gone, nothing comes of it

    const [mail] = await eventually(() => planMail(physician), (m) => m.length >= 1, 'the plan, sent by the new worker', 30_000);
    expect(mail.to).toEqual([physician]);
    // Nothing more can come once a later dispatcher round has run (it would claim the row again, were it
    // claimable) and nothing is due or in hand: no sleep for "another lease".
    await aLaterRound(r);
    const [row] = (await settledOutbox(r.db, pathway.id)).filter((one) => one.kind === 'planToValidate');
    expect(planMail(physician)).toHaveLength(1);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, messageId: mail.messageId });
    expect(r.stack.logs.worker.some((line) => line.includes(`recovered reminders ${row.id}`) && line.includes('before the message was handed over'))).toBe(true);
  }, 90_000);

  it('after the server took the message but before its answer: never sent again, and the row says why', async () => {
    const physician = uniquePhysician();
    const pathway = await inAssessmentFor(r.api, physician);
    // The case manager's assignment notice goes out first; the plan is the delivery this test holds.
    await eventually(() => outbox(r.db, pathway.id), (all) => all.length > 0 && all.every((row) => row.status === 'sent'), 'the assignment notice to go out');
    r.catcher.stall('data');
    await recordPlan(r.api, pathway);
    await eventually(() => planMail(physician), (m) => m.length === 1, 'the server to have stored the message');
    expect(await outbox(r.db, pathway.id, 'planToValidate')).toMatchObject([{ status: 'sending', handedOverAt: expect.any(Date) }]);

    await r.stack.restartWorker({ signal: 'SIGKILL' });
    r.catcher.stall(null);
    r.catcher.release();

    const [row] = await eventually(() => outbox(r.db, pathway.id, 'planToValidate'), ([one]) => one?.status !== 'sending', 'the new worker to recover the row', 30_000);
    expect(row).toMatchObject({ status: 'failed', nextAttemptAt: null, attempts: 1 });
    expect(row.lastError).toMatch(/^delivery outcome unknown: message <[0-9a-f]{32}\.reminder@maia\.example> was handed to the email server at .* not sent again so that it is never sent twice/);
    // A failed row with no next attempt is never claimed again: once a later round has run and nothing is
    // due or in hand, the mail caught is all there will be.
    await aLaterRound(r);
    await settledOutbox(r.db, pathway.id);
    const mail = planMail(physician);
    expect(mail).toHaveLength(1);
    expect(row.messageId).toBe(mail[0].messageId);
  }, 90_000);

  it('stopped gracefully (SIGTERM) while the server is slow: the delivery in hand completes and is recorded once', async () => {
    const physician = uniquePhysician();
    const pathway = await inAssessmentFor(r.api, physician);
    // The case manager's assignment notice goes out first; the plan is the delivery this test holds.
    await eventually(() => outbox(r.db, pathway.id), (all) => all.length > 0 && all.every((row) => row.status === 'sent'), 'the assignment notice to go out');
    r.catcher.stall('data');
    await recordPlan(r.api, pathway);
    await eventually(() => planMail(physician), (m) => m.length === 1, 'the server to have stored the message');
    const stopsBefore = stopLines();
    const restarting = r.stack.restartWorker(); // SIGTERM: the worker waits for the answer before exiting
    // The answer is released only once the worker has the signal: the delivery completes while it stops.
    await eventually(stopLines, (n) => n > stopsBefore, 'the worker to start stopping');
    r.catcher.release();
    await restarting;

    const [row] = await eventually(() => outbox(r.db, pathway.id, 'planToValidate'), ([one]) => one?.status === 'sent', 'the delivery to be recorded');
    expect(row).toMatchObject({ status: 'sent', attempts: 1 });
    await aLaterRound(r);
    await settledOutbox(r.db, pathway.id);
    expect(planMail(physician)).toHaveLength(1);
  }, 90_000);
});
