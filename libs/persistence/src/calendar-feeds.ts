/**
 * The secret URLs of the case managers' calendar feeds (migration CalendarFeeds1795519000000). The secret
 * itself is never stored: the API hands it out once and keeps its SHA-256, which is what a feed request is
 * looked up by.
 */
import { createHash } from 'node:crypto';
import { Db, sql } from './sql';

export function calendarSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Sets the case manager's feed secret, replacing the one before (rotation: the old URL stops working at once). */
export async function setCalendarFeed(db: Db, caseManagerId: string, secret: string, createdBy: string): Promise<{ createdAt: Date }> {
  const { rows } = await sql<{ created_at: Date }>(
    db,
    `INSERT INTO calendar_feeds (case_manager_id, secret_sha256, created_by) VALUES ($1, $2, $3)
     ON CONFLICT (case_manager_id) DO UPDATE SET secret_sha256 = EXCLUDED.secret_sha256, created_at = now(), created_by = EXCLUDED.created_by
     RETURNING created_at`,
    [caseManagerId, calendarSecretHash(secret), createdBy],
  );
  return { createdAt: rows[0].created_at };
}

/** Revokes the feed: true when there was one. */
export async function revokeCalendarFeed(db: Db, caseManagerId: string): Promise<boolean> {
  const { rows } = await sql(db, `DELETE FROM calendar_feeds WHERE case_manager_id = $1 RETURNING 1`, [caseManagerId]);
  return rows.length > 0;
}

export async function findCalendarFeed(db: Db, caseManagerId: string): Promise<{ createdAt: Date } | undefined> {
  const { rows } = await sql<{ created_at: Date }>(db, `SELECT created_at FROM calendar_feeds WHERE case_manager_id = $1`, [caseManagerId]);
  return rows[0] ? { createdAt: rows[0].created_at } : undefined;
}

/** Whose feed a secret opens, if any. */
export async function caseManagerOfCalendarSecret(db: Db, secret: string): Promise<string | undefined> {
  const { rows } = await sql<{ case_manager_id: string }>(db, `SELECT case_manager_id FROM calendar_feeds WHERE secret_sha256 = $1`, [calendarSecretHash(secret)]);
  return rows[0]?.case_manager_id;
}
