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
      if (summary.caseManagerId === to) {
        // A retry after this activity's own Update was applied finds `to` already owning it: a move. A first
        // attempt has sent nothing yet, so someone else (a supervisor, for good) gave it to `to`: reporting
        // it MOVED would make the absence hand it back to the absent case manager at `to`.
        if (Context.current().info.attempt > 1) return { status: 'MOVED' };
        return skipped(`the pathway is already held by ${to}`);
      }
      if (summary.caseManagerId !== owner) return skipped(`the pathway is now held by ${summary.caseManagerId ?? 'nobody'}`);
      try {
        // Conditional on `owner`: a supervisor reassigning between the query above and this Update wins.
        await handle.executeUpdate(stepUpdates.assignCaseManager, {
          args: [{ actor, command: { type: 'assignCaseManager', caseManagerId: to, expectedCaseManagerId: owner } }],
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
