/**
 * TEST-ONLY fault injection: makes named activities fail on purpose, so an end-to-end test can watch
 * a pathway become stuck with the failing activity named, then recover.
 *
 *   WORKER_FAULTS=recordPathwayEvents:always         every attempt of recordPathwayEvents fails
 *   WORKER_FAULTS=recordPathwayEvents:3              its first 3 attempts (in this worker process) fail
 *   WORKER_FAULTS=recordPathwayEvents:3,enqueueNotifications:always
 *
 * The injected failure is retryable, thrown before the activity runs (nothing is written). Refused at
 * start-up when NODE_ENV=production, and refused for an activity this worker does not have.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { SettingsError } from '@pathway/config';

export const INJECTED_FAULT = 'InjectedFault';

export interface WorkerFault {
  activityType: string;
  /** Attempts left to fail; Infinity for `always`. */
  remaining: number;
}

/** Parses WORKER_FAULTS; an empty or absent value injects nothing. */
export function workerFaults(env: Record<string, string | undefined>, activityTypes: readonly string[]): WorkerFault[] {
  const raw = env.WORKER_FAULTS?.trim();
  if (!raw) return [];
  if (env.NODE_ENV === 'production') {
    throw new SettingsError('WORKER_FAULTS makes activities fail on purpose, for tests only; it is refused when NODE_ENV=production');
  }
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [activityType, mode = ''] = entry.split(':').map((part) => part.trim());
      if (!activityTypes.includes(activityType)) {
        throw new SettingsError(`WORKER_FAULTS: no activity "${activityType}" (activities: ${activityTypes.join(', ')})`);
      }
      const count = Number(mode);
      if (mode !== 'always' && !(Number.isInteger(count) && count >= 1)) {
        throw new SettingsError(`WORKER_FAULTS: "${entry}" must be <activity>:always or <activity>:<number of attempts to fail>`);
      }
      return { activityType, remaining: mode === 'always' ? Infinity : count };
    });
}

/** The interceptor that applies them (innermost, so the failure recorder sees the injected failures). */
export function faultInjector(faults: WorkerFault[]): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        const fault = faults.find((f) => f.activityType === ctx.info.activityType && f.remaining > 0);
        if (!fault) return next(input);
        fault.remaining -= 1;
        throw ApplicationFailure.create({
          type: INJECTED_FAULT,
          message: `injected fault (WORKER_FAULTS, test only): ${ctx.info.activityType} attempt ${ctx.info.attempt} fails on purpose`,
          nonRetryable: false,
        });
      },
    },
  });
}

export function describeFaults(faults: WorkerFault[]): string {
  return faults.map((f) => `${f.activityType} ${f.remaining === Infinity ? 'always' : `for its next ${f.remaining} attempts`}`).join(', ');
}
