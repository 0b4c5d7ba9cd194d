/**
 * A document attached to a pathway (issue 19), on the time-skipping test server: the workflow records its
 * reference in the timeline, and a discharge letter meets the discharge-letter clock (patch
 * `document-meets-discharge-letter`): nothing is sent about the letter afterwards.
 */
import { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_POLICY } from '@pathway/domain';
import { openTestPathway, query, referralFor, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, MINUTE, WorkflowTestHarness } from './testing/harness';

describe('documents (time-skipping test server, default policy)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  /** Leaves once the pathway is idle (an activity in flight at the end leaks the test server's time-skipping lock). */
  async function idle(handle: WorkflowHandle): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt += 1) {
      const { raw, status } = await handle.describe();
      if (status.name !== 'RUNNING' || (!raw.pendingActivities?.length && !raw.pendingWorkflowTask)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  it('a discharge letter attached stops the letter clock: recorded in the timeline, no reminder at the end of the day', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 12);
    await h.withWorker(io, async (taskQueue) => {
      const { handle } = await openTestPathway(h.client, taskQueue, referralFor(new Date(await h.now())), DEFAULT_POLICY);
      await bringTo(h, handle, 'FOLLOW_UP');
      await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
      await h.sleep(2 * DAY);
      const dischargedAt = Date.parse(await h.iso());
      await step(handle, { type: 'dischargeFromHospital', dischargedAt: new Date(dischargedAt).toISOString(), destination: 'OTHER' });
      await h.sleep(MINUTE);
      const certificate = { documentId: '3d2c8f4e-1b6a-4f7e-8c2d-5a9b0e1f2a3b', documentDate: await h.iso(), sizeBytes: 5120, contentType: 'image/png' as const };
      await step(handle, { type: 'attachDocument', kind: 'MEDICAL_CERTIFICATE', ...certificate });
      expect((await query.summary(handle)).deadlines.map((d) => d.kind)).toContain('dischargeLetterDue');
      await step(handle, { type: 'attachDocument', ...certificate, documentId: '8a7b6c5d-4e3f-4a1b-9c8d-7e6f5a4b3c2d', kind: 'DISCHARGE_LETTER', contentType: 'application/pdf', title: 'CR de sortie' });
      await h.sleepUntil(dischargedAt + 2 * DAY);
      const summary = await query.summary(handle);
      expect(summary.deadlines.map((d) => d.kind)).not.toContain('dischargeLetterDue');
      expect(summary.episodes.lastDischarge).toMatchObject({ dischargeLetterReceivedAt: expect.any(String) });
      expect(io.notifications.filter((n) => n.kind.startsWith('dischargeLetterDue'))).toEqual([]);
      expect(io.eventTypes().filter((t) => t === 'DOCUMENT_ATTACHED' || t === 'DISCHARGE_LETTER_RECEIVED')).toEqual(['DOCUMENT_ATTACHED', 'DOCUMENT_ATTACHED', 'DISCHARGE_LETTER_RECEIVED']);
      await idle(handle);
    });
  });
});
