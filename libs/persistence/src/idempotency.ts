import { Db, json, sql } from './sql';

export interface IdempotentRequest {
  key: string;
  /** Who sent it (the token's `sub`): keys are scoped per caller. */
  principal: string;
  method: string;
  path: string;
  /** A hash of the request body, so a key reused with another body is recognized. */
  requestHash: string;
}

export type BeginIdempotentRequestResult =
  /** First time this key is seen: process the request, then call `completeIdempotentRequest`. */
  | { state: 'NEW' }
  /** Already answered: send this answer again, change nothing. */
  | { state: 'REPLAY'; statusCode: number; responseBody: unknown }
  /** The first request with this key is still being processed. */
  | { state: 'IN_PROGRESS' }
  /** The key was first used for another request (method, path or body): API.md answers 422. */
  | { state: 'MISMATCH' };

interface IdempotencyRow {
  method: string;
  path: string;
  request_hash: string;
  status_code: number | null;
  response_body: unknown;
  completed_at: Date | null;
}

/** Claims the key for this request, or says what became of the request that claimed it first. */
export async function beginIdempotentRequest(db: Db, request: IdempotentRequest): Promise<BeginIdempotentRequestResult> {
  // A record released between our insert and our read is claimable again: hence the second round.
  for (let round = 0; round < 2; round += 1) {
    const claimed = await sql(
      db,
      `INSERT INTO idempotency_records (key, principal, method, path, request_hash)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key, principal) DO NOTHING`,
      [request.key, request.principal, request.method, request.path, request.requestHash],
    );
    if (claimed.rowCount === 1) return { state: 'NEW' };

    const { rows } = await sql<IdempotencyRow>(
      db,
      `SELECT method, path, request_hash, status_code, response_body, completed_at
         FROM idempotency_records WHERE key = $1 AND principal = $2`,
      [request.key, request.principal],
    );
    if (rows.length === 0) continue;
    const first = rows[0];
    if (first.method !== request.method || first.path !== request.path || first.request_hash !== request.requestHash) {
      return { state: 'MISMATCH' };
    }
    if (first.completed_at === null || first.status_code === null) return { state: 'IN_PROGRESS' };
    return { state: 'REPLAY', statusCode: first.status_code, responseBody: first.response_body };
  }
  throw new Error(`idempotency key ${request.key} was claimed and released repeatedly; retry the request`);
}

/** Stores the answer of the request that claimed the key. The first answer stored is the one replayed. */
export async function completeIdempotentRequest(
  db: Db,
  answer: { key: string; principal: string; statusCode: number; responseBody: unknown },
): Promise<void> {
  const updated = await sql(
    db,
    `UPDATE idempotency_records
        SET status_code = $3, response_body = $4::jsonb, completed_at = now()
      WHERE key = $1 AND principal = $2 AND completed_at IS NULL`,
    [answer.key, answer.principal, answer.statusCode, json(answer.responseBody)],
  );
  if (updated.rowCount === 1) return;
  const { rows } = await sql(db, `SELECT 1 FROM idempotency_records WHERE key = $1 AND principal = $2`, [
    answer.key,
    answer.principal,
  ]);
  if (rows.length === 0) {
    throw new Error(`idempotency key ${answer.key} was never begun (or was released); cannot store its answer`);
  }
}

/**
 * Gives the key up without an answer, for a request that failed in a way a retry may fix (a 5xx):
 * the next request with this key is processed as NEW. Does nothing to an answered key.
 */
export async function releaseIdempotentRequest(db: Db, request: { key: string; principal: string }): Promise<void> {
  await sql(db, `DELETE FROM idempotency_records WHERE key = $1 AND principal = $2 AND completed_at IS NULL`, [
    request.key,
    request.principal,
  ]);
}

/** A claim never answered for this long was abandoned (an API answers or gives up within a minute or two). */
const ABANDONED_AFTER_MS = 3_600_000;

/**
 * Deletes the records older than `retentionMs`: answered ones by when they were answered, abandoned
 * claims (never answered) by when they were begun, and never before an hour, so a short retention cannot
 * take a claim from a request still in progress. A record holds a whole answer, a pathway summary with
 * the patient's name among it, so it is kept only as long as a client retry can come. Returns how many.
 */
export async function purgeIdempotencyRecords(db: Db, retentionMs: number): Promise<number> {
  const { rowCount } = await sql(
    db,
    `DELETE FROM idempotency_records
      WHERE (completed_at IS NOT NULL AND completed_at < now() - make_interval(secs => $1::double precision / 1000))
         OR (completed_at IS NULL AND created_at < now() - make_interval(secs => $2::double precision / 1000))`,
    [retentionMs, Math.max(retentionMs, ABANDONED_AFTER_MS)],
  );
  return rowCount ?? 0;
}
