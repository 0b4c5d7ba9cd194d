/**
 * The absence workflow's one activity: a reassignment through the pathway's own `assignCaseManager`
 * Update (the same validator and capacity reservation as an assignment from the API), conditional on
 * the absent (or covering) case manager still holding it. It uses the worker's client (Context.client):
 * a workflow cannot send an Update itself.
 */
import { Context } from '@temporalio/activity';
import { assignConditionally } from '@pathway/assignment';
import type { AbsenceActivities } from '@pathway/workflows';

export function createAbsenceActivities(): AbsenceActivities {
  return {
    async reassignForAbsence({ pathwayId, owner, to, actor, updateId }) {
      const outcome = await assignConditionally(Context.current().client, {
        pathwayId,
        caseManagerId: to,
        // Conditional on `owner`: a supervisor reassigning between the read and this Update wins.
        expectedCaseManagerId: owner,
        actor,
        updateId,
        check: (summary) => {
          if (summary.stage === 'CLOSED') return 'the pathway is closed';
          if (summary.caseManagerId === to) {
            // A retry after this activity's own Update was applied finds `to` already owning it: a move. A first
            // attempt has sent nothing yet, so someone else (a supervisor, for good) gave it to `to`: reporting
            // it MOVED would make the absence hand it back to the absent case manager at `to`.
            return Context.current().info.attempt > 1 ? 'ASSIGNED' : `the pathway is already held by ${to}`;
          }
          if (summary.caseManagerId !== owner) return `the pathway is now held by ${summary.caseManagerId ?? 'nobody'}`;
          return undefined;
        },
      });
      // Not moved (closed, reassigned meanwhile, the cap, the workflow ended): nothing to retry.
      return outcome.status === 'ASSIGNED' ? { status: 'MOVED' } : { status: 'SKIPPED', reason: outcome.reason };
    },
  };
}
