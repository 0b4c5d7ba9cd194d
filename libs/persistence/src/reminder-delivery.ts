/**
 * The delivery protocol of the outboxes (`reminders`, `supervisor_digests`), the part that decides
 * whether a message can go out twice.
 *
 *   claim ──▶ sending (claim token, lease) ──handOver──▶ handed over ──recordDelivered──▶ sent
 *                 │                              │                  └─recordFailedAttempt─▶ failed (retry at)
 *                 ├─ cancelClaimed (closed, step done)             
 *                 └─ lease expires ──recoverExpiredLeases──▶ failed, retried now      (never handed over)
 *                                                  └────────▶ failed, not retried     (handed over: outcome unknown)
 *
 * `handOver` is written, and committed, at the last instant before the message becomes irrevocable: for
 * SMTP just before the end-of-data dot (the server discards a message whose connection drops before
 * it), for the webhook just before the POST. It is refused unless the caller still holds the claim
 * (same token, lease not expired on the database's clock) and the pathway is still open, checked under
 * a lock on the pathway row, so a closure or a recovery cannot slip between the check and the write.
 *
 * What remains: a worker killed after `handOver` committed and before `recordDelivered` committed (one
 * SMTP round trip and one database commit) leaves a message whose fate is unknown. It is then never sent
 * again automatically on a non-idempotent channel (e-mail): it is marked `failed`, not retried, with an
 * error naming its Message-ID, so at most one copy exists and an operator sees the one case to check.
 * On a channel whose receiver drops duplicates by key (the webhook's Idempotency-Key) it is sent again.
 */
import { survivesClosure } from '@pathway/domain';
import { Db, inTransaction, sql, Timestamp } from './sql';

export type OutboxTable = 'reminders' | 'supervisor_digests';
const OUTBOX_TABLES: readonly OutboxTable[] = ['reminders', 'supervisor_digests'];

/** One claimed delivery attempt: the token proves it is still the caller's. */
export interface DeliveryClaim {
  table: OutboxTable;
  id: string;
  claimToken: string;
}

/** What `handOver` re-checks under lock, beside the claim and the closure. */
export interface HandoverState {
  kind: string;
  payload: Record<string, unknown>;
  pathwayClosedAt: Date | null;
  /** The pathway's projected summary (PathwaySummary), as fresh as the last step recorded. */
  pathwaySummary: unknown;
}

export type HandoverCheck = (state: HandoverState) => { send: true } | { send: false; reason: string };

export type HandoverResult =
  | { status: 'HANDED_OVER'; handedOverAt: Date }
  | { status: 'CANCELLED'; reason: string }
  | { status: 'CLAIM_LOST'; currentStatus: string | null };

function table(name: OutboxTable): OutboxTable {
  // Interpolated into SQL: only the two outbox tables can ever get there.
  if (!OUTBOX_TABLES.includes(name)) throw new Error(`not an outbox table: ${String(name)}`);
  return name;
}

interface ClaimRow {
  status: string;
  claim_token: string | null;
  leased: boolean;
  kind?: string;
  payload?: Record<string, unknown>;
  closed_at?: Date | null;
  summary?: unknown;
}

/**
 * Records that the message is about to become irrevocable, if the claim still holds and the message
 * is still wanted; otherwise cancels it (pathway closed, `check` says no) or reports the claim lost.
 * Only after HANDED_OVER may the caller let the message go.
 */
export async function handOver(
  db: Db,
  claim: DeliveryClaim,
  delivery: { channel: string; recipientAddress: string; messageId: string },
  check?: HandoverCheck,
): Promise<HandoverResult> {
  const t = table(claim.table);
  return inTransaction(db, async (tx) => {
    // The pathway row is share-locked: a closure being recorded right now either commits first (and
    // is seen here) or waits for this handover to commit (and the message counts as sent before it).
    const { rows } =
      t === 'reminders'
        ? await sql<ClaimRow>(
            tx,
            `SELECT r.status, r.claim_token, r.lease_expires_at > clock_timestamp() AS leased,
                    r.kind, r.payload, p.closed_at, p.summary
               FROM reminders r JOIN pathways p ON p.id = r.pathway_id
              WHERE r.id = $1
                FOR UPDATE OF r FOR SHARE OF p`,
            [claim.id],
          )
        : await sql<ClaimRow>(
            tx,
            `SELECT status, claim_token, lease_expires_at > clock_timestamp() AS leased
               FROM supervisor_digests WHERE id = $1 FOR UPDATE`,
            [claim.id],
          );
    const row = rows[0];
    if (!row || row.status !== 'sending' || row.claim_token !== claim.claimToken || !row.leased) {
      return { status: 'CLAIM_LOST', currentStatus: row?.status ?? null } as const;
    }
    if (t === 'reminders') {
      const kind = row.kind ?? '';
      let reason: string | undefined;
      if (row.closed_at && !survivesClosure(kind)) reason = 'pathway closed before delivery';
      else if (check) {
        const decision = check({ kind, payload: row.payload ?? {}, pathwayClosedAt: row.closed_at ?? null, pathwaySummary: row.summary });
        if (!decision.send) reason = decision.reason;
      }
      if (reason) {
        await sql(
          tx,
          `UPDATE reminders SET status = 'cancelled', next_attempt_at = NULL, lease_expires_at = NULL,
                                last_error = $2, updated_at = now()
            WHERE id = $1`,
          [claim.id, reason],
        );
        return { status: 'CANCELLED', reason } as const;
      }
    }
    const { rows: updated } = await sql<{ handed_over_at: Date }>(
      tx,
      `UPDATE ${t} SET handed_over_at = clock_timestamp(), channel = $2, recipient_address = $3, message_id = $4,
                       updated_at = now()
        WHERE id = $1
        RETURNING handed_over_at`,
      [claim.id, delivery.channel, delivery.recipientAddress, delivery.messageId],
    );
    return { status: 'HANDED_OVER', handedOverAt: updated[0].handed_over_at } as const;
  });
}

/**
 * Records the delivery. Also accepted after a recovery marked the attempt "outcome unknown" (the claim
 * token is kept for that): the late answer settles it. False when the claim is no longer the caller's.
 */
export async function recordDelivered(db: Db, claim: DeliveryClaim, sentAt: Timestamp = new Date()): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `UPDATE ${table(claim.table)}
        SET status = 'sent', sent_at = $3, next_attempt_at = NULL, last_error = NULL, lease_expires_at = NULL,
            updated_at = now()
      WHERE id = $1 AND claim_token = $2 AND handed_over_at IS NOT NULL AND status IN ('sending', 'failed')`,
    [claim.id, claim.claimToken, sentAt],
  );
  return rowCount === 1;
}

/**
 * Records a failed attempt, to be claimed again from `nextAttemptAt` (null: not again, the error stays
 * visible). False when the claim is no longer the caller's.
 */
export async function recordFailedAttempt(
  db: Db,
  claim: DeliveryClaim,
  failure: { error: string; nextAttemptAt: Timestamp | null },
): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `UPDATE ${table(claim.table)}
        SET status = 'failed', last_error = $3, next_attempt_at = $4, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND claim_token = $2 AND status = 'sending'`,
    [claim.id, claim.claimToken, failure.error.slice(0, 2000), failure.nextAttemptAt],
  );
  return rowCount === 1;
}

/** Cancels a claimed message that must not go out (nothing was handed over). */
export async function cancelClaimed(db: Db, claim: DeliveryClaim, reason: string): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `UPDATE ${table(claim.table)}
        SET status = 'cancelled', last_error = $3, next_attempt_at = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND claim_token = $2 AND status = 'sending' AND handed_over_at IS NULL`,
    [claim.id, claim.claimToken, reason],
  );
  return rowCount === 1;
}

/**
 * Gives a claimed, not handed over, message back to the outbox as it was (a worker stopping before it
 * got to it): claimable again at once, by anyone, without waiting for the lease to expire.
 */
export async function releaseClaim(db: Db, claim: DeliveryClaim): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `UPDATE ${table(claim.table)}
        SET status = CASE WHEN attempts > 1 THEN 'failed' ELSE 'scheduled' END, attempts = attempts - 1,
            lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND claim_token = $2 AND status = 'sending' AND handed_over_at IS NULL`,
    [claim.id, claim.claimToken],
  );
  return rowCount === 1;
}

export interface RecoveredDelivery {
  id: string;
  /** True when the message had been handed over: its outcome was unknown. */
  handedOver: boolean;
  /** True when it will be attempted again. */
  retried: boolean;
  lastError: string;
}

/**
 * Resolves the rows left `sending` past their lease (their worker was killed or hung):
 * - never handed over: nothing left the building, it is attempted again at once;
 * - handed over on a channel listed in `idempotentChannels` (the receiver drops a second copy with the
 *   same key): attempted again at once;
 * - handed over otherwise: the outcome is unknown, and it is NOT attempted again (a second copy would
 *   break "never sent twice"). It stays `failed`, not retried, with an error naming the Message-ID; the
 *   claim token is kept, so if the first worker was only slow its late `recordDelivered` still lands.
 */
export async function recoverExpiredLeases(
  db: Db,
  outbox: OutboxTable,
  options: { idempotentChannels: readonly string[] },
): Promise<RecoveredDelivery[]> {
  const { rows } = await sql<{ id: string; handed_over: boolean; retried: boolean; last_error: string }>(
    db,
    `UPDATE ${table(outbox)}
        SET status = 'failed',
            next_attempt_at = CASE WHEN handed_over_at IS NULL OR channel = ANY($1::text[]) THEN clock_timestamp() END,
            last_error = CASE
              WHEN handed_over_at IS NULL THEN
                'delivery interrupted before the message was handed over (worker ' || coalesce(claimed_by, '?')
                || ' stopped; lease expired): delivered again'
              WHEN channel = ANY($1::text[]) THEN
                'the worker stopped after handing the message to the ' || channel
                || ' channel; sent again with the same idempotency key (the receiver drops a duplicate)'
              ELSE
                'delivery outcome unknown: message ' || coalesce(message_id, '?') || ' was handed to the ' || channel
                || ' server at ' || to_char(handed_over_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                || ' but the worker (' || coalesce(claimed_by, '?') || ') stopped before the answer was recorded;'
                || ' not sent again so that it is never sent twice (check the mail server log for that Message-ID)'
            END,
            lease_expires_at = NULL,
            updated_at = now()
      WHERE status = 'sending' AND (lease_expires_at IS NULL OR lease_expires_at < clock_timestamp())
      RETURNING id, handed_over_at IS NOT NULL AS handed_over, next_attempt_at IS NOT NULL AS retried, last_error`,
    [options.idempotentChannels],
  );
  return rows.map((row) => ({ id: row.id, handedOver: row.handed_over, retried: row.retried, lastError: row.last_error }));
}

// ---- what a reminder is written from ----------------------------------------------------------

export interface ReminderDeliveryContext {
  pathway: {
    id: string;
    territory: string;
    stage: string;
    closedAt: Date | null;
    closureReason: string | null;
    caseManagerId: string | null;
    /** The projected PathwaySummary: names of the physician and caregiver, deadlines, plan. */
    summary: Record<string, unknown>;
  };
  patient: { firstName: string; lastName: string; birthDate: string };
  /** The pathway's current case manager (not necessarily the one when the reminder was decided). */
  caseManager: { id: string; name: string; email: string } | null;
  supervisor: { name: string; email: string } | null;
  intake: { name: string; email: string } | null;
  /**
   * Its case manager is away and no covering case manager had room for it: until a supervisor places it
   * or the absence ends, what is addressed to its case manager goes to the territory's supervisor.
   */
  awaitingPlacement: boolean;
}

interface ContextRow {
  id: string;
  territory: string;
  stage: string;
  closed_at: Date | null;
  closure_reason: string | null;
  case_manager_id: string | null;
  summary: Record<string, unknown>;
  first_name: string;
  last_name: string;
  birth_date: string;
  cm_name: string | null;
  cm_email: string | null;
  supervisor_name: string | null;
  supervisor_email: string | null;
  intake_name: string | null;
  intake_email: string | null;
  awaiting_placement: boolean;
}

/** Who the pathway is about and who is around it, read when the message is written (names are not in the outbox). */
export async function readReminderDeliveryContext(db: Db, pathwayId: string): Promise<ReminderDeliveryContext | null> {
  const { rows } = await sql<ContextRow>(
    db,
    `SELECT p.id, p.territory, p.stage, p.closed_at, p.closure_reason, p.case_manager_id, p.summary,
            pt.first_name, pt.last_name, to_char(pt.birth_date, 'YYYY-MM-DD') AS birth_date,
            cm.name AS cm_name, cm.email AS cm_email,
            sv.name AS supervisor_name, sv.email AS supervisor_email,
            ik.name AS intake_name, ik.email AS intake_email,
            EXISTS (SELECT 1 FROM absences a
                     WHERE a.case_manager_id = p.case_manager_id AND p.id = ANY (a.unplaced)
                       AND a.starts_at <= now() AND now() < a.ends_at) AS awaiting_placement
       FROM pathways p
       JOIN patients pt ON pt.id = p.patient_id
       LEFT JOIN case_managers cm ON cm.id = p.case_manager_id
       LEFT JOIN territory_contacts sv ON sv.territory = p.territory AND sv.role = 'supervisor'
       LEFT JOIN territory_contacts ik ON ik.territory = p.territory AND ik.role = 'intake'
      WHERE p.id = $1`,
    [pathwayId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    pathway: {
      id: row.id,
      territory: row.territory,
      stage: row.stage,
      closedAt: row.closed_at,
      closureReason: row.closure_reason,
      caseManagerId: row.case_manager_id,
      summary: row.summary ?? {},
    },
    patient: { firstName: row.first_name, lastName: row.last_name, birthDate: row.birth_date },
    caseManager: row.case_manager_id && row.cm_name && row.cm_email ? { id: row.case_manager_id, name: row.cm_name, email: row.cm_email } : null,
    supervisor: row.supervisor_email ? { name: row.supervisor_name ?? '', email: row.supervisor_email } : null,
    intake: row.intake_email ? { name: row.intake_name ?? '', email: row.intake_email } : null,
    awaitingPlacement: row.awaiting_placement,
  };
}
