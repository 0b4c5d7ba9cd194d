/**
 * Makes an activity that keeps failing visible to supervisors without describing any workflow.
 *
 * Temporal's visibility does not show an activity that is retrying (TEMPORAL-NOTES "Visibility and
 * stuck detection"), and when the failing activity is the projection write itself, the projection
 * cannot say the pathway is stuck. So every activity of a pathway goes through this interceptor: once
 * an activity's attempt number reaches the threshold (policy `activityFailureStuckAttempts`, the
 * workflow's own `maximumAttempts`), the failure is written to `activity_failures`, counted on every
 * later failure, and deleted as soon as that activity succeeds for that pathway. The stuck list
 * (GET /api/v1/supervision/stuck) merges these rows in.
 */
import type { ActivityExecuteInput, ActivityInterceptorsFactory, Next, ActivityInboundCallsInterceptor } from '@temporalio/worker';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { SettingsError } from '@pathway/config';
import { clearActivityFailure, recordFailedActivityAttempt } from '@pathway/persistence';
import { FailureTypes } from '@pathway/workflows';

const PATHWAY_WORKFLOW_ID = /^pathway-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The pathway a workflow id names (`pathway-<uuid>`, libs/workflows pathwayWorkflowId), if any. */
export function pathwayIdOfWorkflow(workflowId: string | undefined): string | undefined {
  return workflowId ? PATHWAY_WORKFLOW_ID.exec(workflowId)?.[1] : undefined;
}

/** The territory an activity's input names, when it names one (so a pathway without a row yet is found). */
export function territoryOfInput(args: readonly unknown[]): string | undefined {
  const input = args[0] as
    | { projection?: { territory?: unknown }; referral?: { patient?: { territory?: unknown } }; notifications?: { territory?: unknown }[] }
    | undefined;
  const candidates = [input?.projection?.territory, input?.referral?.patient?.territory, input?.notifications?.[0]?.territory];
  return candidates.find((t): t is string => typeof t === 'string' && t.length > 0);
}

/**
 * A failure worth recording: the activity will be retried (by Temporal, or by the workflow on its own
 * timer). A non-retryable failure is the workflow's to handle, and a cancellation is not a failure.
 */
function keepsFailing(err: unknown, nonRetryableTypes: readonly string[] = []): boolean {
  if (err instanceof CancelledFailure) return false;
  if (err instanceof ApplicationFailure) return !err.nonRetryable && !(err.type && nonRetryableTypes.includes(err.type));
  const name = err instanceof Error ? err.name : undefined;
  return !(name && nonRetryableTypes.includes(name));
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

export interface ActivityFailureRecorderOptions {
  db: DataSource;
  /** Attempts at which a failure is recorded; the activity's own `maximumAttempts` lowers it. */
  threshold: number;
  log?: (line: string) => void;
}

class ActivityFailureRecorder implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: ActivityContext,
    private readonly options: ActivityFailureRecorderOptions,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = this.ctx.info;
    const pathwayId = pathwayIdOfWorkflow(info.workflowExecution?.workflowId);
    if (!pathwayId) return next(input);
    let result: unknown;
    try {
      result = await next(input);
    } catch (err) {
      const retry = info.retryPolicy;
      // A write the database refuses for good is shown at once (a supervisor sees the pathway and the
      // SQLSTATE) and cleared by the pathway's next successful write. Not for the referral's first write:
      // its refusal is answered to the caller and ends the workflow, so no pathway is left to supervise.
      const refused = err instanceof ApplicationFailure && err.type === FailureTypes.DATABASE_REFUSED && info.activityType !== 'openPathwayRecord';
      if (refused || keepsFailing(err, retry?.nonRetryableErrorTypes)) {
        // A pathway started on a policy with fewer attempts than this worker's never reaches our number:
        // its own bound is when its workflow gives up and marks itself stuck.
        const bound = retry?.maximumAttempts && retry.maximumAttempts > 0 ? retry.maximumAttempts : Infinity;
        await this.safely(`record the failure of ${info.activityType} for pathway ${pathwayId}`, () =>
          recordFailedActivityAttempt(
            this.options.db,
            {
              pathwayId,
              activityType: info.activityType,
              workflowId: info.workflowExecution?.workflowId ?? '',
              territory: territoryOfInput(input.args),
              attempt: info.attempt,
              error: messageOf(err),
              firstScheduledAt: new Date(info.scheduledTimestampMs),
            },
            refused ? 1 : Math.min(this.options.threshold, bound),
          ),
        );
      }
      throw err;
    }
    await this.safely(`clear the failure of ${info.activityType} for pathway ${pathwayId}`, () =>
      clearActivityFailure(this.options.db, pathwayId, info.activityType),
    );
    return result;
  }

  /** Bookkeeping never changes the activity's outcome: a database that is down fails the activity anyway. */
  private async safely(what: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      (this.options.log ?? console.warn)(`[worker] could not ${what}: ${messageOf(err)}`);
    }
  }
}

export function activityFailureRecorder(options: ActivityFailureRecorderOptions): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new ActivityFailureRecorder(ctx, options) });
}

/**
 * The threshold: ACTIVITY_FAILURE_STUCK_ATTEMPTS when set, else the policy's `activityFailureStuckAttempts`
 * (PATHWAY_POLICY_FILE, the same file the API starts pathways with).
 */
export function activityFailureThreshold(policyAttempts: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env.ACTIVITY_FAILURE_STUCK_ATTEMPTS;
  if (raw === undefined || raw === '') return policyAttempts;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new SettingsError(`ACTIVITY_FAILURE_STUCK_ATTEMPTS must be a whole number of at least 1, got "${raw}"`);
  return value;
}
