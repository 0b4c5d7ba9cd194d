/**
 * The absence workflow's one activity: a reassignment through the pathway's own `assignCaseManager`
 * Update (the same validator and capacity reservation as an assignment from the API). It uses the
 * worker's client (Context.client): a workflow cannot send an Update itself.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PathwaySummary } from '@pathway/domain';
import { pathwayWorkflowId, stepUpdates, summaryQuery } from '@pathway/workflows';
import type { AbsenceActivities, ReassignmentOutcome } from '@pathway/workflows';

const skipped = (reason: string): ReassignmentOutcome => ({ status: 'SKIPPED', reason });

export function createAbsenceActivities(): AbsenceActivities {
  return {
    async reassignForAbsence({ pathwayId, owner, to, actor, updateId }) {
      const handle = Context.current().client.workflow.getHandle(pathwayWorkflowId(pathwayId));
      let summary: PathwaySummary;
      try {
        summary = await handle.query(summaryQuery);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return skipped('the pathway has no running workflow');
        throw err;
      }
      if (summary.stage === 'CLOSED') return skipped('the pathway is closed');
      // A retry after the Update was applied finds `to` already owning it: that is a move, not a skip.
      if (summary.caseManagerId === to) return { status: 'MOVED' };
      if (summary.caseManagerId !== owner) return skipped(`the pathway is now held by ${summary.caseManagerId ?? 'nobody'}`);
      try {
        await handle.executeUpdate(stepUpdates.assignCaseManager, {
          args: [{ actor, command: { type: 'assignCaseManager', caseManagerId: to } }],
          updateId,
        });
        return { status: 'MOVED' };
      } catch (err) {
        // The workflow refused the step (closed meanwhile, the cap): nothing to retry.
        if (err instanceof WorkflowUpdateFailedError) return skipped(err.cause?.message ?? err.message);
        if (err instanceof WorkflowNotFoundError) return skipped('the pathway workflow has ended');
        throw err;
      }
    },
  };
}
