/**
 * The interceptors every activity of this worker runs through: its log line (logging.ts), the failure recorder (supervisors see
 * an activity that keeps failing), in tests only the faults WORKER_FAULTS injects, and innermost the
 * database-failure classifier (no SQL parameters leave an activity; a refused write is non-retryable). Read and
 * checked at start-up: a bad setting stops the worker with one line.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { Logger, pathwayPolicy } from '@pathway/config';
import { activityFailureRecorder, activityFailureThreshold } from './activity-failures';
import { databaseFailureInterceptor } from './database-failures';
import { createPathwayActivities } from './pathway-activities';
import { activityLog, lineLogger } from './logging';
import { describeFaults, faultInjector, workerFaults } from './worker-faults';

export function activityInterceptors(db: DataSource, logger: Logger, env: Record<string, string | undefined> = process.env): ActivityInterceptorsFactory[] {
  const threshold = activityFailureThreshold(pathwayPolicy(env).activityFailureStuckAttempts, env);
  const faults = workerFaults(env, Object.keys(createPathwayActivities(db)));
  if (faults.length) logger.warn(`TEST-ONLY fault injection (WORKER_FAULTS): ${describeFaults(faults)} will fail on purpose`);
  // The log line and the recorder come first (outermost), so they see the injected failures like real ones.
  return [
    activityLog(logger),
    activityFailureRecorder({ db, threshold, log: lineLogger(logger, 'activity-failures') }),
    ...(faults.length ? [faultInjector(faults)] : []),
    databaseFailureInterceptor(),
  ];
}
