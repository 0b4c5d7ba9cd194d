/**
 * A second referral of a patient who already has an open pathway (PATHWAY.md): the database refuses it, the
 * referral's Update answers PatientHasOpenPathway naming the open one, and the second workflow ends without
 * touching anything. Also the committed history of the duplicate-referral path (EVOLUTION.md).
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from './messages';
import { referralFor } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { WorkflowTestHarness } from './testing/harness';

describe('a duplicate referral (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('is refused with the open pathway named, and the second workflow completes', async () => {
    const io = new RecordingActivities();
    await h.withWorker(io, async (tq) => {
      const referral = referralFor(new Date(await h.now()));
      const first = await h.open(tq, { referral });
      const attempt = h.open(tq, { referral, pathwayId: 'second-referral' });
      await expect(attempt).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      const failure = (await attempt.catch((e: WorkflowUpdateFailedError) => e.cause)) as ApplicationFailure;
      expect(failure.type).toBe(FailureTypes.PATIENT_HAS_OPEN_PATHWAY);
      expect(failure.details).toEqual([{ openPathwayId: first.pathwayId }]);
      const second = h.client.workflow.getHandle('pathway-second-referral');
      await second.result();
      expect((await second.describe()).status.name).toBe('COMPLETED');
    });
  });
});
