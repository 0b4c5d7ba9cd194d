import { IdempotentRequest } from './idempotency';
import { Db, sql } from './sql';

/**
 * Takes over a key whose first request has been in progress for longer than `staleAfterMs` (its
 * process most likely died before answering): the caller processes the request again and completes
 * the key. Only a request identical to the first (method, path, body hash) can take it over. True when
 * the key is now the caller's; false when it is not stale (or no longer in progress).
 *
 * Safe only for requests whose effect is itself idempotent (a Temporal Update sent with an update id
 * derived from the key, a workflow id derived from it): the takeover may run beside a first request
 * that was merely slow.
 */
export async function reclaimStaleIdempotentRequest(
  db: Db,
  request: IdempotentRequest & { staleAfterMs: number },
): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `UPDATE idempotency_records SET created_at = now()
      WHERE key = $1 AND principal = $2 AND method = $3 AND path = $4 AND request_hash = $5
        AND completed_at IS NULL AND created_at < now() - make_interval(secs => $6::double precision / 1000)`,
    [request.key, request.principal, request.method, request.path, request.requestHash, request.staleAfterMs],
  );
  return rowCount === 1;
}
