/**
 * Issue 15: a step is answered only once it is durable, and a failure is never silent. A write the
 * database refuses for good (RecordingActivities.refuseValue: non-retryable DatabaseRefused, as the
 * worker's classifier makes PostgreSQL's data errors) rolls its step back and refuses it, and the next
 * steps are recorded; a transient failure holds the step's answer until the write goes through, which
 * the operator's retryPersistence signal hastens; a refused referral is answered, not left hanging.
 */
import { WorkflowFailedError, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { parsePolicy, PathwaySummary } from '@pathway/domain';
import { eventuallyValue } from '@pathway/testing';
import { pathwayWorkflowId, retryPersistenceSignal, stepUpdates } from './messages';
import { runHistories, saveHistories } from './testing/histories';
import { query, referralFor, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { ALL_CRITERIA_MET, bringTo, MINUTE, searchAttributesOf, WorkflowTestHarness } from './testing/harness';

const REFUSED = 'VALUE-THE-DATABASE-REFUSES';

async function failureOf(attempt: Promise<unknown>): Promise<unknown> {
  return attempt.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value).slice(0, 200)}`);
    },
    (e: unknown) => e,
  );
}


describe('a step is answered only once it is durable (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('a step whose write the database refuses is refused (StepNotRecorded), rolled back, and the next steps are recorded', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1');
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      await bringTo(h, handle, 'ASSESSMENT');
      const before = await query.state(handle);
      const recorded = io.events.map((e) => e.seq);
      io.refuseValue = REFUSED;

      const error = await failureOf(step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE', note: `x${REFUSED}y` }));
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure.type).toBe('StepNotRecorded');
      expect(failure.message).toBe('the database refused to record the logContact step (SQLSTATE 22P02); it was not applied');
      expect(failure.details).toEqual([{ activity: 'recordPathwayEvents', code: '22P02', stage: 'ASSESSMENT' }]);
      // All or nothing: the workflow's state is the one before the step, and nothing reached the timeline.
      expect(await query.state(handle)).toEqual(before);
      expect(io.events.map((e) => e.seq)).toEqual(recorded);
      expect((await query.summary(handle)).stuck).toEqual([]);
      expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();

      // Not wedged: the steps after it are answered and recorded, in order, with no gap where it was.
      for (const note of ['first call', 'second call', 'third call']) {
        const summary = await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE', note });
        expect(summary.stage).toBe('ASSESSMENT');
      }
      const contacts = io.events.filter((e) => e.type === 'CONTACT_LOGGED').map((e) => e.data.note);
      expect(contacts).toEqual(['first call', 'second call', 'third call']);
      expect(io.events.map((e) => e.seq)).toEqual([...recorded, before.seq + 1, before.seq + 2, before.seq + 3]);
      expect(JSON.stringify(io.received)).not.toContain(REFUSED);
      // Replayed by replay.spec.ts: the patched (DURABLE_STEPS) command sequence, rollback included.
      saveHistories('refused-step', await runHistories(h.client, handle));
    });
  });

  it('while the database fails, the step is not answered; the operator command retries at once, and then it is', async () => {
    const policy = parsePolicy({ activityFailureStuckAttempts: 2 });
    const io = new RecordingActivities();
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq, { policy });
      io.failures.recordPathwayEvents = 1_000;
      const update = await handle.startUpdate(stepUpdates.decideEligibility, {
        args: [{ actor: 'intake-1', command: { type: 'decideEligibility', decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET } }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      const reason = 'activity recordPathwayEvents keeps failing';
      // Both attempts of the first round failed: the pathway shows as stuck, naming the activity...
      // Real time: the test server's clock stands still meanwhile.
      await eventuallyValue(() => query.summary(handle), (summary) => summary.stuck.some((s) => s.reason === reason), { message: `the pathway stuck on "${reason}"` });
      const failedAt = await h.now();
      expect(io.calls.recordPathwayEvents).toBe(2);
      expect((await searchAttributesOf(handle)).stuckReason).toBe('ACTIVITY_FAILING');
      expect(io.eventTypes()).toEqual(['REFERRAL_RECEIVED']);
      // ...and the step is still unanswered (the API answers 503 at its deadline; a retry attaches to it).
      const answered = await Promise.race([update.result().then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 1500))]);
      expect(answered).toBe(false);

      // The operator fixes the database and sends the command: no waiting for the one-minute back-off.
      io.failures.recordPathwayEvents = 0;
      await handle.signal(retryPersistenceSignal);
      const summary: PathwaySummary = await update.result();
      expect((await h.now()) - failedAt).toBeLessThan(MINUTE);
      expect(summary.stage).toBe('AWAITING_ASSIGNMENT');
      expect(summary.stuck).toEqual([]);
      expect(io.received.map((e) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
      expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();
      saveHistories('held-step-operator-retry', await runHistories(h.client, handle));
    });
  });

  it('a referral whose first write the database refuses is answered ReferralNotRecorded, and its workflow ends', async () => {
    const io = new RecordingActivities();
    io.refuseValue = REFUSED;
    await h.withWorker(io, async (tq) => {
      const pathwayId = '0b7c4c1e-5d0e-4b8a-9a53-000000000015';
      const referral = referralFor(new Date(await h.now()), { firstName: `${REFUSED}Jeanne` });
      const error = await failureOf(h.open(tq, { referral, pathwayId }));
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(failure.type).toBe('ReferralNotRecorded');
      expect(failure.message).toBe('the database refused the referral (SQLSTATE 22P02); the pathway was not opened');
      expect(failure.details).toEqual([{ activity: 'openPathwayRecord', code: '22P02' }]);
      // No retry for ever: one attempt, then the workflow fails with the same reason (nothing half-opened).
      const ended = await failureOf(h.client.workflow.getHandle(pathwayWorkflowId(pathwayId)).result());
      expect(ended).toBeInstanceOf(WorkflowFailedError);
      expect(((ended as WorkflowFailedError).cause as ApplicationFailure).type).toBe('ReferralNotRecorded');
      expect(io.calls.openPathwayRecord).toBe(1);
      expect(io.events).toEqual([]);
    });
  });
});
