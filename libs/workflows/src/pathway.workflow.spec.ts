import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addDuration, subtractDuration } from '@pathway/domain';
import { createTestWorker, RecordingActivities, startTimeSkippingEnv } from './testing/workflow-test-env';
import { openTestPathway, query, referralFor, step } from './testing/pathway-client';
import { expectAt } from './testing/harness';

const DAY = 24 * 3600_000;

describe('pathway workflow (time-skipping test server)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await startTimeSkippingEnv();
  }, 120_000);
  afterAll(async () => {
    await env?.teardown();
  });

  async function withWorker<T>(io: RecordingActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `tq-${randomUUID()}`;
    const worker: Worker = await createTestWorker(env, io.activities(), taskQueue);
    return worker.runUntil(fn(taskQueue));
  }

  const now = async () => new Date(await env.currentTimeMs());
  const iso = async (offsetMs = 0) => new Date((await now()).getTime() + offsetMs).toISOString();

  it('runs the nominal story to follow-up with the reassessment six months after the plan (scenario 1)', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 37);
    await withWorker(io, async (tq) => {
      const start = await now();
      const { handle, summary } = await openTestPathway(env.client, tq, referralFor(start));
      expect(summary.stage).toBe('REFERRED');
      await env.sleep(4 * DAY);
      await step(handle, { type: 'decideEligibility', decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } }, 'intake-1');
      await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'intake-1');
      expect(io.caseloads.get('cm-1')!.pathways.size).toBe(38);
      await env.sleep(5 * DAY);
      await step(handle, { type: 'logContact', at: await iso(), channel: 'PHONE' });
      await step(handle, { type: 'recordConsent', given: true, at: await iso() });
      await env.sleep(16 * DAY);
      await step(handle, { type: 'recordAssessment', assessment: { performedAt: await iso(), mmse: 18, gir: 4, zarit: 35, summary: 'lives alone' } });
      await env.sleep(14 * DAY);
      const planned = await step(handle, { type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: await iso() }] });
      const planAt = planned.plan!.recordedAt;
      expect(planned.stage).toBe('PLAN_VALIDATION');
      await env.sleep(4 * DAY);
      const followUp = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await iso() }, 'dr-durand');
      expect(followUp.stage).toBe('FOLLOW_UP');
      const reassessment = followUp.deadlines.find((d) => d.kind === 'reassessmentDue')!;
      expect(Date.parse(reassessment.dueAt)).toBe(addDuration(planAt, 'P6M').getTime());

      // No reminder to the physician once acknowledged: move past the acknowledgement window.
      await env.sleep(20 * DAY);
      expect(io.notifications.filter((n) => n.recipientRole === 'physician').map((n) => n.kind)).toEqual(['planToValidate']);

      // Fourteen days before the reassessment: case manager reminded, caregiver told of the visit.
      const reminderAt = subtractDuration(reassessment.dueAt, 'P14D').getTime();
      await env.sleep(reminderAt - (await now()).getTime() + 1000);
      const sent = io.notifications.filter((n) => n.kind === 'reassessmentDueReminder' || n.kind === 'reassessmentVisit');
      expect(sent.map((n) => n.recipientRole).sort()).toEqual(['caregiver', 'case_manager']);
      expectAt(sent[0].sendAt, reminderAt);
    });
  });

  it('rejects a step not allowed in the current stage, with the stage and the reason, and changes nothing', async () => {
    const io = new RecordingActivities();
    await withWorker(io, async (tq) => {
      const { handle } = await openTestPathway(env.client, tq, referralFor(await now()));
      const before = await query.state(handle);
      const attempt = step(handle, { type: 'recordPlan', services: [{ type: 'SAAD', provider: 'x', frequency: 'weekly', startsAt: await iso() }] });
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (await attempt.catch((e: WorkflowUpdateFailedError) => e.cause)) as ApplicationFailure;
      expect(failure.type).toBe('StepRejected');
      expect(failure.message).toBe('rejected in stage REFERRED: a service plan is not allowed in stage REFERRED');
      expect(await query.state(handle)).toEqual(before);
    });
  });

  it("refuses in its own validator what the database cannot store (the domain's field rules), naming the field, and records the next step", async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 0);
    await withWorker(io, async (tq) => {
      const { handle } = await openTestPathway(env.client, tq, referralFor(await now()));
      await step(handle, { type: 'decideEligibility', decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } }, 'intake-1');
      await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'intake-1');
      await env.sleep(DAY);
      const refusal = async (command: Parameters<typeof step>[1]) =>
        (await step(handle, command).then(() => undefined, (e: WorkflowUpdateFailedError) => e.cause)) as ApplicationFailure | undefined;
      for (const [command, field] of [
        [{ type: 'logContact', at: await iso(), channel: 'PHONE', note: 'x\ud800y' }, 'note'],
        [{ type: 'logContact', at: '0001-01-01', channel: 'PHONE' }, 'at'],
        [{ type: 'logContact', at: '2026-02-30T10:00:00Z', channel: 'PHONE' }, 'at'],
        [{ type: 'assignCaseManager', caseManagerId: '../admin' }, 'caseManagerId'],
      ] as const) {
        const failure = await refusal(command);
        expect(failure?.type).toBe('StepRejected');
        expect(failure?.details?.[0]).toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ field })]) });
      }
      await step(handle, { type: 'logContact', at: await iso(), channel: 'PHONE', note: 'recorded' });
      expect(io.events.filter((e) => e.type === 'CONTACT_LOGGED').map((e) => e.data.note)).toEqual(['recorded']);
    });
  });
});
