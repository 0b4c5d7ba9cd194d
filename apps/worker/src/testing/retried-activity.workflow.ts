// Test only (apps/worker/src/activity-failures.spec.ts): a workflow that schedules the activity
// `recordPathwayEvents` `schedules` times, each time with Temporal retrying it up to `maximumAttempts`,
// so the worker's activity interceptors see the attempt numbers and retry policy Temporal really gives.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';

export interface RetriedActivityInput {
  maximumAttempts: number;
  schedules: number;
  payload: unknown;
}

export async function retriedActivity({ maximumAttempts, schedules, payload }: RetriedActivityInput): Promise<string[]> {
  const { recordPathwayEvents } = proxyActivities<{ recordPathwayEvents(input: unknown): Promise<string> }>({
    startToCloseTimeout: '10 seconds',
    retry: { initialInterval: '10 milliseconds', backoffCoefficient: 1, maximumAttempts },
  });
  const outcomes: string[] = [];
  // The workflow's own retry, as the pathway workflow's flush loop does: a new schedule after the last attempt failed.
  for (let i = 0; i < schedules; i++) {
    try {
      outcomes.push(await recordPathwayEvents(payload));
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      outcomes.push(`failed: ${err.cause?.message ?? err.message}`);
    }
  }
  return outcomes;
}
