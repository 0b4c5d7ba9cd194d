/**
 * What must hold when the outside world misbehaves: an activity that keeps failing makes the pathway
 * visibly stuck (naming the activity), holds the step's answer until it is recorded, and loses nothing
 * once it recovers; the caseload cap holds even when assignments race.
 */
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { parsePolicy, PathwaySummary } from '@pathway/domain';
import { eventuallyValue } from '@pathway/testing';
import { stepUpdates } from './messages';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { ALL_CRITERIA_MET, bringTo, expectAt, MINUTE, searchAttributesOf, WorkflowTestHarness } from './testing/harness';

describe('failures and concurrency (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  describe('an activity that keeps failing', () => {
    const policy = parsePolicy({ activityFailureStuckAttempts: 2 });

    it('marks the pathway stuck naming the activity, answers the step only once recorded, delivers every event exactly once and clears the reason when it recovers', async () => {
      const io = new RecordingActivities();
      await h.withWorker(io, async (tq) => {
        const { handle } = await h.open(tq, { policy });
        expect(io.eventTypes()).toEqual(['REFERRAL_RECEIVED']);

        // The database refuses the next five writes: more than the two attempts the policy allows per try.
        io.failures.recordPathwayEvents = 5;
        const failingSince = Date.parse(await h.iso());
        const decision = await handle.startUpdate(stepUpdates.decideEligibility, {
          args: [{ actor: 'intake-1', command: { type: 'decideEligibility', decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET } }],
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        });
        // The step is held in the workflow and not answered until it is recorded (issue 15, DURABLE_STEPS).
        const reason = 'activity recordPathwayEvents keeps failing';
        const decided = await eventuallyValue(() => query.summary(handle), (summary) => summary.stuck.length > 0, { message: 'the pathway to be on the stuck list' });
        expect(decided.stage).toBe('AWAITING_ASSIGNMENT');
        expect(io.calls.recordPathwayEvents).toBe(2);
        expect(decided.stuck).toEqual([{ code: 'activityFailing', reason, since: expect.any(String) }]);
        expectAt(decided.stuck[0].since, failingSince, 5000);
        const sa = await searchAttributesOf(handle);
        expect(sa.stuckReason).toBe('ACTIVITY_FAILING');
        expect(sa.overdueSince?.toISOString()).toBe(decided.stuck[0].since);
        expect(io.eventTypes()).toEqual(['REFERRAL_RECEIVED']);

        // The workflow retries on its own clock (after 1 min, then 2 min); still failing after the first retry.
        await h.sleep(1.5 * MINUTE);
        expect(io.calls.recordPathwayEvents).toBe(4);
        expect((await query.summary(handle)).stuck.map((s) => s.reason)).toEqual([reason]);
        expect((await searchAttributesOf(handle)).stuckReason).toBe('ACTIVITY_FAILING');

        // The second retry gets through: the held events arrive, once each, the step is answered, and the pathway is no longer stuck.
        await h.sleep(2 * MINUTE);
        expect((await decision.result()).stage).toBe('AWAITING_ASSIGNMENT');
        expect(io.calls.recordPathwayEvents).toBe(6);
        expect(io.received.map((e) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED']);
        expect(io.received.map((e) => e.seq)).toEqual([1, 2]);
        const recovered = await query.summary(handle);
        expect(recovered.stuck).toEqual([]);
        const after = await searchAttributesOf(handle);
        expect(after.stuckReason).toBeUndefined();
        expect(after.overdueSince).toBeUndefined();
        // The projection written by the successful retry does not say the pathway is still failing.
        expect(io.projections.at(-1)).toMatchObject({ stage: 'AWAITING_ASSIGNMENT', version: 2 });
        expect(io.projections.at(-1)!.stuckReason).toBeUndefined();
        expect(io.projections.at(-1)!.summary.stuck).toEqual([]);

        // And the pathway goes on normally.
        io.addCaseManager('cm-1', 40, 0);
        await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1');
        expect(io.received.map((e) => e.type)).toEqual(['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED', 'CASE_MANAGER_ASSIGNED']);
      });
    });
  });

  describe('the caseload cap', () => {
    async function caseloadFull(attempt: Promise<PathwaySummary>): Promise<ApplicationFailure> {
      const error = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure.type).toBe('CaseloadFull');
      return failure;
    }

    it('rejects an assignment to a case manager at capacity with CaseloadFull, and changes nothing', async () => {
      const io = new RecordingActivities();
      io.addCaseManager('cm-full', 40, 40);
      await h.withWorker(io, async (tq) => {
        const { handle, pathwayId } = await h.open(tq);
        await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
        const before = await query.state(handle);
        const recorded = io.received.length;

        const failure = await caseloadFull(step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-full' }, 'supervisor-1'));
        expect(failure.message).toBe('case manager cm-full is at capacity (40 of 40 active pathways)');
        expect(failure.details).toEqual([{ stage: 'AWAITING_ASSIGNMENT', status: 'AT_CAPACITY', active: 40, capacity: 40 }]);

        expect(await query.state(handle)).toEqual(before);
        expect(io.received.length).toBe(recorded);
        expect(io.caseloads.get('cm-full')!.pathways.size).toBe(40);
        expect(io.caseloads.get('cm-full')!.pathways.has(pathwayId)).toBe(false);
        const sa = await searchAttributesOf(handle);
        expect(sa.stage).toBe('AWAITING_ASSIGNMENT');
        expect(sa.caseManagerId).toBeUndefined();
      });
    });

    it('rejects a reassignment to a full case manager and leaves the pathway with its own', async () => {
      const io = new RecordingActivities();
      io.addCaseManager('cm-1', 40, 10);
      io.addCaseManager('cm-full', 40, 40);
      await h.withWorker(io, async (tq) => {
        const { handle, pathwayId } = await h.open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const before = await query.state(handle);
        await caseloadFull(step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-full' }, 'supervisor-1'));
        expect(await query.state(handle)).toEqual(before);
        expect(io.caseloads.get('cm-1')!.pathways.has(pathwayId)).toBe(true);
        expect(io.caseloads.get('cm-full')!.pathways.size).toBe(40);
        expect((await searchAttributesOf(handle)).caseManagerId).toBe('cm-1');
      });
    });

    it('lets exactly one of two concurrent assignments take the last slot', async () => {
      const io = new RecordingActivities();
      io.addCaseManager('cm-1', 40, 39);
      await h.withWorker(io, async (tq) => {
        const first = await h.open(tq);
        const second = await h.open(tq);
        await bringTo(h, first.handle, 'AWAITING_ASSIGNMENT');
        await bringTo(h, second.handle, 'AWAITING_ASSIGNMENT');
        const secondBefore = await query.state(second.handle);
        const firstBefore = await query.state(first.handle);

        const results = await Promise.allSettled([
          step(first.handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1'),
          step(second.handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-2'),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const loser = results[0].status === 'rejected' ? { handle: first.handle, before: firstBefore, result: results[0] } : { handle: second.handle, before: secondBefore, result: results[1] };
        await caseloadFull(Promise.reject((loser.result as PromiseRejectedResult).reason));

        expect(io.caseloads.get('cm-1')!.pathways.size).toBe(40);
        expect(await query.state(loser.handle)).toEqual(loser.before);
        expect(io.eventTypes().filter((t) => t === 'CASE_MANAGER_ASSIGNED')).toHaveLength(1);
      });
    });
  });
});
