import { CLOSURE_NOTICE_KINDS } from '@pathway/domain';
import { ReminderStatus } from './entities/reminder.entity';
import { Db, isUuid, json, sql, Timestamp } from './sql';

export interface ReminderRecord {
  id: string;
  dedupeKey: string;
  pathwayId: string;
  kind: string;
  recipientRole: string;
  recipientAddress: string | null;
  channel: string;
  dueAt: Date;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  sentAt: Date | null;
  payload: Record<string, unknown>;
  /** The delivery attempt in progress (see reminder-delivery.ts), null before the first claim. */
  claimToken: string | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  handedOverAt: Date | null;
  messageId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ReminderRow {
  id: string;
  dedupe_key: string;
  pathway_id: string;
  kind: string;
  recipient_role: string;
  recipient_address: string | null;
  channel: string;
  due_at: Date;
  status: ReminderStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  sent_at: Date | null;
  payload: Record<string, unknown>;
  claim_token: string | null;
  claimed_by: string | null;
  lease_expires_at: Date | null;
  handed_over_at: Date | null;
  message_id: string | null;
  created_at: Date;
  updated_at: Date;
}

function toReminder(row: ReminderRow): ReminderRecord {
  return {
    id: row.id,
    dedupeKey: row.dedupe_key,
    pathwayId: row.pathway_id,
    kind: row.kind,
    recipientRole: row.recipient_role,
    recipientAddress: row.recipient_address,
    channel: row.channel,
    dueAt: row.due_at,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    sentAt: row.sent_at,
    payload: row.payload,
    claimToken: row.claim_token,
    claimedBy: row.claimed_by,
    leaseExpiresAt: row.lease_expires_at,
    handedOverAt: row.handed_over_at,
    messageId: row.message_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface EnqueueReminderInput {
  pathwayId: string;
  /** The deadline or event it is about, e.g. `planAcknowledgementDue`. */
  kind: string;
  recipientRole: string;
  recipientAddress?: string | null;
  channel: string;
  dueAt: Timestamp;
  payload?: Record<string, unknown>;
  /**
   * The decision's own key (libs/domain notifications: it tells apart two reminders of one kind due at
   * once, e.g. two EHPAD applications); derived from pathway, kind, recipient and due time when absent.
   */
  dedupeKey?: string;
}

/**
 * One reminder per pathway, kind, recipient and due time. The recipient is part of the key because
 * one due event can remind several people (a discharge reminds the case manager and the physician).
 */
export function reminderDedupeKey(input: Pick<EnqueueReminderInput, 'pathwayId' | 'kind' | 'recipientRole' | 'dueAt'>): string {
  const dueAt = new Date(input.dueAt);
  if (Number.isNaN(dueAt.getTime())) throw new RangeError(`reminder dueAt is not a time: ${String(input.dueAt)}`);
  return `${input.pathwayId}:${input.kind}:${input.recipientRole}:${dueAt.toISOString()}`;
}

/**
 * Writes the reminder once: the same decision enqueued again (a retried activity) returns the row
 * already there. A reminder for a closed pathway is stored already cancelled, so nothing is sent
 * (closure notices excepted: the domain's CLOSURE_NOTICE_KINDS).
 */
export async function enqueueReminder(db: Db, input: EnqueueReminderInput): Promise<ReminderRecord> {
  const dedupeKey = input.dedupeKey ?? reminderDedupeKey(input);
  const { rows } = await sql<ReminderRow>(
    db,
    `INSERT INTO reminders (dedupe_key, pathway_id, kind, recipient_role, recipient_address, channel, due_at,
                            next_attempt_at, payload, status, last_error)
     SELECT $1::text, p.id, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, $7::timestamptz, $8::jsonb,
            CASE WHEN p.closed_at IS NULL OR $3::text = ANY($9::text[]) THEN 'scheduled' ELSE 'cancelled' END,
            CASE WHEN p.closed_at IS NULL OR $3::text = ANY($9::text[]) THEN NULL
                 ELSE 'pathway closed before the reminder was scheduled' END
       FROM pathways p WHERE p.id = $2
     ON CONFLICT (dedupe_key) DO NOTHING
     RETURNING *`,
    [
      dedupeKey,
      input.pathwayId,
      input.kind,
      input.recipientRole,
      input.recipientAddress ?? null,
      input.channel,
      input.dueAt,
      json(input.payload ?? {}),
      CLOSURE_NOTICE_KINDS,
    ],
  );
  if (rows.length === 1) return toReminder(rows[0]);
  const existing = await sql<ReminderRow>(db, `SELECT * FROM reminders WHERE dedupe_key = $1`, [dedupeKey]);
  if (existing.rows.length === 0) throw new Error(`pathway ${input.pathwayId} does not exist; reminder not enqueued`);
  return toReminder(existing.rows[0]);
}

/**
 * Cancels the pathway's reminders that are not sent yet (all of them at closure, or those of the
 * given kinds once the step they were about has happened). Returns the cancelled rows. Closure
 * notices are not cancelled by the closure they announce (a retried closure runs this again after
 * they were written).
 */
export async function cancelPendingReminders(
  db: Db,
  pathwayId: string,
  options: { kinds?: string[]; dedupeKeys?: string[] } = {},
): Promise<ReminderRecord[]> {
  const { rows } = await sql<ReminderRow>(
    db,
    `UPDATE reminders SET status = 'cancelled', next_attempt_at = NULL, updated_at = now(),
            last_error = CASE WHEN $4::text[] IS NULL THEN last_error ELSE 'withdrawn: the appointment was moved, cancelled or settled' END
      WHERE pathway_id = $1 AND status IN ('scheduled', 'failed')
        AND CASE WHEN $2::text[] IS NULL THEN kind <> ALL($3::text[]) ELSE kind = ANY($2) END
        AND ($4::text[] IS NULL OR dedupe_key = ANY($4))
      RETURNING *`,
    [pathwayId, options.kinds ?? null, CLOSURE_NOTICE_KINDS, options.dedupeKeys ?? null],
  );
  return rows.map(toReminder);
}

export interface ClaimOptions {
  /** Due means `next_attempt_at <= now`. */
  now: Timestamp;
  limit: number;
  /**
   * How long the claimer may take to hand the message over, on the database's clock (default 5 min).
   * Past it, recoverExpiredLeases decides what becomes of the row; the claimer can no longer hand it over.
   */
  leaseMs?: number;
  /** Who claims (host:pid), shown to operators. */
  claimedBy?: string;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Hands due reminders to one delivery worker: moves up to `limit` due `scheduled`/`failed` rows to
 * `sending` and returns them. SKIP LOCKED lets concurrent claimers take disjoint rows without waiting.
 * A due reminder whose pathway has closed is cancelled instead of claimed: nothing is sent after
 * closure, even if the cancellation at closure was missed (closure notices excepted).
 *
 * Each claim gets a fresh `claimToken` and a lease. A row stays `sending` until its claimer records the
 * outcome, or until its lease has expired and `recoverExpiredLeases` resolves it: a worker that dies
 * mid-delivery leaves it for that deliberate recovery, never a blind resend.
 */
export async function claimDueReminders(db: Db, options: ClaimOptions): Promise<ReminderRecord[]> {
  const { rows } = await sql<ReminderRow>(
    db,
    `WITH due AS (
       SELECT r.id, (p.closed_at IS NOT NULL AND r.kind <> ALL($3::text[])) AS pathway_closed
         FROM reminders r JOIN pathways p ON p.id = r.pathway_id
        WHERE r.status IN ('scheduled', 'failed') AND r.next_attempt_at <= $1
        ORDER BY r.next_attempt_at, r.id
        LIMIT $2
        FOR UPDATE OF r SKIP LOCKED
     )
     UPDATE reminders r
        SET status = CASE WHEN due.pathway_closed THEN 'cancelled' ELSE 'sending' END,
            attempts = r.attempts + CASE WHEN due.pathway_closed THEN 0 ELSE 1 END,
            next_attempt_at = CASE WHEN due.pathway_closed THEN NULL ELSE r.next_attempt_at END,
            last_error = CASE WHEN due.pathway_closed THEN 'pathway closed before delivery' ELSE r.last_error END,
            claim_token = CASE WHEN due.pathway_closed THEN r.claim_token ELSE gen_random_uuid() END,
            claimed_by = CASE WHEN due.pathway_closed THEN r.claimed_by ELSE $4 END,
            lease_expires_at = CASE WHEN due.pathway_closed THEN NULL
                                    ELSE clock_timestamp() + make_interval(secs => $5::double precision / 1000) END,
            handed_over_at = CASE WHEN due.pathway_closed THEN r.handed_over_at ELSE NULL END,
            updated_at = now()
       FROM due
      WHERE r.id = due.id
      RETURNING r.*`,
    [options.now, options.limit, CLOSURE_NOTICE_KINDS, options.claimedBy ?? null, options.leaseMs ?? DEFAULT_LEASE_MS],
  );
  return rows
    .filter((row) => row.status === 'sending')
    .map(toReminder)
    .sort((a, b) => (a.nextAttemptAt?.getTime() ?? 0) - (b.nextAttemptAt?.getTime() ?? 0));
}

/** Records a delivery. Idempotent; refuses a reminder that was not being sent. */
export async function markReminderSent(db: Db, id: string, sentAt: Timestamp = new Date()): Promise<ReminderRecord> {
  return finishDelivery(
    db,
    id,
    'sent',
    `UPDATE reminders SET status = 'sent', sent_at = $2, next_attempt_at = NULL, last_error = NULL, updated_at = now()
      WHERE id = $1 AND status = 'sending'
      RETURNING *`,
    [id, sentAt],
  );
}

/**
 * Records a failed attempt. With a `nextAttemptAt` the reminder is claimed again from then on;
 * with null it stays failed for good (the error stays visible).
 */
export async function markReminderFailed(
  db: Db,
  id: string,
  error: string,
  nextAttemptAt: Timestamp | null,
): Promise<ReminderRecord> {
  return finishDelivery(
    db,
    id,
    'failed',
    `UPDATE reminders SET status = 'failed', last_error = $2, next_attempt_at = $3, updated_at = now()
      WHERE id = $1 AND status = 'sending'
      RETURNING *`,
    [id, error, nextAttemptAt],
  );
}

async function finishDelivery(
  db: Db,
  id: string,
  outcome: 'sent' | 'failed',
  update: string,
  params: unknown[],
): Promise<ReminderRecord> {
  const { rows } = await sql<ReminderRow>(db, update, params);
  if (rows.length === 1) return toReminder(rows[0]);
  const { rows: found } = await sql<ReminderRow>(db, `SELECT * FROM reminders WHERE id = $1`, [id]);
  if (found.length === 0) throw new Error(`reminder ${id} does not exist`);
  // Recording the same outcome twice (a retried activity) is harmless.
  if (found[0].status === outcome) return toReminder(found[0]);
  throw new Error(`reminder ${id} is ${found[0].status}, not sending: cannot mark it ${outcome}`);
}

/** A pathway's reminders, by due time. */
export async function listReminders(db: Db, filter: { pathwayId: string }): Promise<ReminderRecord[]> {
  if (!isUuid(filter.pathwayId)) return [];
  const { rows } = await sql<ReminderRow>(
    db,
    `SELECT * FROM reminders WHERE pathway_id = $1 ORDER BY due_at, id`,
    [filter.pathwayId],
  );
  return rows.map(toReminder);
}
