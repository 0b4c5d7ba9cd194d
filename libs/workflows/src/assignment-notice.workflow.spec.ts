/**
 * The case manager a pathway is given to is told (issue 6): on the assignment and on every reassignment,
 * one notice to the case manager that event names; the running deadlines stay as they were and their
 * reminders now go to the new case manager. A reassignment refused at capacity tells nobody.
 */
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { dueAtOf, bringTo, WorkflowTestHarness } from './testing/harness';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';

describe('assignment notices (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('tells the assigned case manager, then the new one on a reassignment; deadlines keep their due dates', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1');
    io.addCaseManager('cm-2', 1, 0);
    io.addCaseManager('cm-full', 1, 1);
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      const assigned = await bringTo(h, handle, 'ASSESSMENT');
      expect(io.assignmentNotices).toEqual([
        expect.objectContaining({ pathwayId, kind: 'caseManagerAssigned', recipientRole: 'case_manager', caseManagerId: 'cm-1', data: {} }),
      ]);

      await expect(step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-full' }, 'supervisor-1')).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
      expect(io.assignmentNotices).toHaveLength(1);

      const reassigned = await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-2' }, 'supervisor-1');
      expect(reassigned.caseManagerId).toBe('cm-2');
      expect(io.assignmentNotices.map((n) => [n.caseManagerId, n.data])).toEqual([
        ['cm-1', {}],
        ['cm-2', { previousCaseManagerId: 'cm-1' }],
      ]);
      expect(new Set(io.assignmentNotices.map((n) => n.dedupeKey)).size).toBe(2);
      // The deadlines stay; only their owner changed.
      expect(dueAtOf(reassigned, 'assessmentDue')).toBe(dueAtOf(assigned, 'assessmentDue'));
      expect(io.caseloads.get('cm-2')?.pathways.has(pathwayId)).toBe(true);
      expect(io.caseloads.get('cm-1')?.pathways.has(pathwayId)).toBe(false);
      expect((await query.summary(handle)).caseManagerId).toBe('cm-2');
    });
  });
});
