/**
 * An assignment sent on someone else's behalf (an absence's cover and return, a waiting-list offer
 * accepted by the supervisor or by the policy): read the pathway's summary, send its own
 * `assignCaseManager` Update made conditional on who holds the pathway (`expectedCaseManagerId`), and
 * withdraw when it does not go through. The read gives the plain reason for the common case; the
 * condition makes the workflow itself refuse a pathway taken between the read and the Update. Shared
 * by the worker and the API, so it needs only a Temporal client.
 */
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { PathwaySummary } from '@pathway/domain';
import { pathwayWorkflowId, stepUpdates, summaryQuery } from '@pathway/workflows';

export interface ConditionalAssignment {
  pathwayId: string;
  caseManagerId: string;
  /** Who must hold the pathway when the workflow applies it (null: nobody, it still waits). */
  expectedCaseManagerId: string | null;
  actor: string;
  /** Stable across retries: a retry attaches to the Update already sent, and the pathway is assigned once. */
  updateId: string;
  /** Past this the Update is abandoned (the client's deadline); the caller retries with the same updateId. */
  timeoutMs?: number;
  /**
   * Asked of the summary read before sending: a reason the assignment no longer applies, 'ASSIGNED'
   * when it is in effect already (a retry after it went through), undefined to send it.
   */
  check(summary: PathwaySummary): string | 'ASSIGNED' | undefined;
  /**
   * Called when the assignment is not made, with the reason (and the workflow's answer, when it
   * refused or has ended); the caller's withdrawal (an offer recorded WITHDRAWN). Not called for an
   * unanswered call (Temporal unreachable, the deadline): that one is thrown and may be retried.
   */
  withdraw?(reason: string, refusal?: WorkflowUpdateFailedError | WorkflowNotFoundError): Promise<void>;
}

export type ConditionalAssignmentOutcome =
  | { status: 'ASSIGNED' }
  /** The summary said it no longer applies: nothing was sent. */
  | { status: 'NOT_SENT'; reason: string; summary: PathwaySummary }
  /** The workflow refused the step (closed meanwhile, the cap, the condition) or has ended: final. */
  | { status: 'REFUSED'; reason: string; refusal: WorkflowUpdateFailedError | WorkflowNotFoundError };

export async function assignConditionally(client: Client, request: ConditionalAssignment): Promise<ConditionalAssignmentOutcome> {
  const handle = client.workflow.getHandle(pathwayWorkflowId(request.pathwayId));
  const refused = async (reason: string, refusal: WorkflowUpdateFailedError | WorkflowNotFoundError): Promise<ConditionalAssignmentOutcome> => {
    await request.withdraw?.(reason, refusal);
    return { status: 'REFUSED', reason, refusal };
  };

  let summary: PathwaySummary;
  try {
    summary = await handle.query(summaryQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return refused('the pathway has no running workflow', err);
    throw err;
  }
  const verdict = request.check(summary);
  if (verdict === 'ASSIGNED') return { status: 'ASSIGNED' };
  if (verdict !== undefined) {
    await request.withdraw?.(verdict);
    return { status: 'NOT_SENT', reason: verdict, summary };
  }

  const send = () =>
    handle.executeUpdate(stepUpdates.assignCaseManager, {
      args: [
        {
          actor: request.actor,
          command: { type: 'assignCaseManager', caseManagerId: request.caseManagerId, expectedCaseManagerId: request.expectedCaseManagerId },
        },
      ],
      updateId: request.updateId,
    });
  try {
    await (request.timeoutMs === undefined ? send() : client.withDeadline(Date.now() + request.timeoutMs, send));
    return { status: 'ASSIGNED' };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) return refused(err.cause?.message ?? err.message, err);
    if (err instanceof WorkflowNotFoundError) return refused('the pathway workflow has ended', err);
    throw err;
  }
}
