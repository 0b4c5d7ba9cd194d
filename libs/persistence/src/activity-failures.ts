import { Db, sql, Timestamp } from './sql';

/** One failed attempt of an activity of a pathway's workflow, as the worker's interceptor sees it. */
export interface FailedActivityAttempt {
  pathwayId: string;
  activityType: string;
  workflowId: string;
  /** From the activity's input when it names one (the pathway's row may not exist yet). */
  territory?: string | null;
  /** Temporal's attempt number of this activity execution (1 for the first). */
  attempt: number;
  error: string;
  /** When the first attempt of this activity execution was scheduled. */
  firstScheduledAt: Timestamp;
  failedAt?: Timestamp;
}

export interface ActivityFailureRecord {
  pathwayId: string;
  activityType: string;
  territory: string | null;
  workflowId: string;
  attempts: number;
  lastError: string;
  failingSince: Date;
  lastFailedAt: Date;
}

interface ActivityFailureRow {
  pathway_id: string;
  activity_type: string;
  territory: string | null;
  workflow_id: string;
  attempts: number;
  last_error: string;
  failing_since: Date;
  last_failed_at: Date;
}

/** Error messages are for operators; a stack of them must not grow the row without bound. */
export const ACTIVITY_ERROR_MAX_LENGTH = 500;

/**
 * Counts a failed attempt. The first record is written when the attempt number reaches `threshold`;
 * once recorded, every later failure of the same activity of the same pathway is counted, whatever
 * its attempt number (the workflow retries on its own timer with a new activity execution, which
 * starts again at attempt 1). Below the threshold and unrecorded, nothing is written.
 * Returns whether the failure is on record after this call.
 */
export async function recordFailedActivityAttempt(db: Db, failure: FailedActivityAttempt, threshold: number): Promise<boolean> {
  const error = failure.error.length > ACTIVITY_ERROR_MAX_LENGTH ? `${failure.error.slice(0, ACTIVITY_ERROR_MAX_LENGTH - 1)}…` : failure.error;
  const failedAt = failure.failedAt ?? new Date();
  const counted = await sql(
    db,
    `UPDATE activity_failures
        SET attempts = attempts + 1, last_error = $3, last_failed_at = $4, workflow_id = $5,
            territory = COALESCE($6, territory)
      WHERE pathway_id = $1 AND activity_type = $2`,
    [failure.pathwayId, failure.activityType, error, failedAt, failure.workflowId, failure.territory ?? null],
  );
  if (counted.rowCount > 0) return true;
  if (failure.attempt < threshold) return false;
  // Two workers may race here for one pathway (an activity timed out on one, retried on another):
  // the later insert counts its attempt on the row the first one wrote.
  await sql(
    db,
    `INSERT INTO activity_failures (pathway_id, activity_type, territory, workflow_id, attempts, last_error,
                                    failing_since, last_failed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (pathway_id, activity_type) DO UPDATE
       SET attempts = activity_failures.attempts + 1, last_error = EXCLUDED.last_error,
           last_failed_at = EXCLUDED.last_failed_at`,
    [
      failure.pathwayId,
      failure.activityType,
      failure.territory ?? null,
      failure.workflowId,
      Math.max(1, failure.attempt),
      error,
      failure.firstScheduledAt,
      failedAt,
    ],
  );
  return true;
}

/** The activity succeeded: the pathway is no longer blocked by it. Returns whether a record was cleared. */
export async function clearActivityFailure(db: Db, pathwayId: string, activityType: string): Promise<boolean> {
  const deleted = await sql(db, `DELETE FROM activity_failures WHERE pathway_id = $1 AND activity_type = $2`, [pathwayId, activityType]);
  return deleted.rowCount > 0;
}

/** Failures on record, oldest first; for one pathway or all. */
export async function listActivityFailures(db: Db, filter: { pathwayId?: string } = {}): Promise<ActivityFailureRecord[]> {
  const { rows } = await sql<ActivityFailureRow>(
    db,
    `SELECT * FROM activity_failures WHERE ($1::uuid IS NULL OR pathway_id = $1) ORDER BY failing_since, pathway_id, activity_type`,
    [filter.pathwayId ?? null],
  );
  return rows.map((row) => ({
    pathwayId: row.pathway_id,
    activityType: row.activity_type,
    territory: row.territory,
    workflowId: row.workflow_id,
    attempts: row.attempts,
    lastError: row.last_error,
    failingSince: row.failing_since,
    lastFailedAt: row.last_failed_at,
  }));
}
