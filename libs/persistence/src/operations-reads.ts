/**
 * What the worker's metrics read at scrape time (README "Operating it"): the reminder outbox by state and
 * the open stuck pathways by code, counted in SQL. Counts and codes only, never a row's content.
 */
import { Db, sql, Timestamp } from './sql';
import { UNPROCESSED_DEADLINE_GRACE_MS } from './supervision-reads';

/** A reminder's state for operators: `waiting` is due (or being sent) and not delivered yet. */
export type ReminderState = 'waiting' | 'scheduled' | 'sent' | 'failed' | 'cancelled';
export const REMINDER_STATES: readonly ReminderState[] = ['waiting', 'scheduled', 'sent', 'failed', 'cancelled'];

export interface ReminderOutboxCounts {
  counts: Record<ReminderState, number>;
  /** The due time of the oldest waiting reminder; null when none is waiting. */
  oldestWaitingDueAt: Date | null;
}

export async function reminderOutboxCounts(db: Db, now: Timestamp): Promise<ReminderOutboxCounts> {
  const { rows } = await sql<{ state: ReminderState; n: number; oldest: Date | null }>(
    db,
    `SELECT CASE WHEN status IN ('scheduled', 'sending') THEN CASE WHEN due_at <= $1 THEN 'waiting' ELSE 'scheduled' END ELSE status END AS state,
            count(*)::int AS n, min(due_at) AS oldest
       FROM reminders GROUP BY 1`,
    [now],
  );
  const counts = Object.fromEntries(REMINDER_STATES.map((state) => [state, 0])) as Record<ReminderState, number>;
  let oldestWaitingDueAt: Date | null = null;
  for (const row of rows) {
    counts[row.state] = row.n;
    if (row.state === 'waiting') oldestWaitingDueAt = row.oldest;
  }
  return { counts, oldestWaitingDueAt };
}

/**
 * Open stuck pathways by territory and code, as the stuck list names them: the projection's code (a
 * clock kind, `inactivityStuckAfter`, `activityFailing`), or `deadlinePassed` for a deadline passed more
 * than UNPROCESSED_DEADLINE_GRACE_MS ago that the workflow has not processed.
 */
export async function countStuckPathways(db: Db, now: Date): Promise<{ territory: string; code: string; count: number }[]> {
  const { rows } = await sql<{ territory: string; code: string; n: number }>(
    db,
    `SELECT territory, stuck_reason AS code, count(*)::int AS n FROM pathways
      WHERE closed_at IS NULL AND stuck_reason IS NOT NULL GROUP BY 1, 2
     UNION ALL
     SELECT territory, 'deadlinePassed', count(*)::int FROM pathways
      WHERE closed_at IS NULL AND stuck_reason IS NULL AND next_deadline_at < $1 GROUP BY 1`,
    [new Date(now.getTime() - UNPROCESSED_DEADLINE_GRACE_MS)],
  );
  return rows.map((row) => ({ territory: row.territory, code: row.code, count: row.n }));
}
