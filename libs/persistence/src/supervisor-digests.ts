/**
 * The supervisors' daily digest: per territory and period, the deadlines that became overdue. Written
 * once per (territory, period end), by whichever worker gets there first, then delivered through the
 * same protocol as the reminders (reminder-delivery.ts).
 */
import { ReminderStatus } from './entities/reminder.entity';
import { ClaimOptions, DEFAULT_LEASE_MS } from './reminders';
import { Db, sql, Timestamp } from './sql';

export interface DigestItem {
  pathwayId: string;
  /** The deadline (ClockKind) that passed. */
  clock: string;
  dueAt: string;
  /** When the workflow recorded it as passed. */
  overdueAt: string;
}

export interface SupervisorDigestRecord {
  id: string;
  territory: string;
  periodStart: Date;
  periodEnd: Date;
  recipientAddress: string | null;
  channel: string;
  status: ReminderStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  claimToken: string | null;
  claimedBy: string | null;
  leaseExpiresAt: Date | null;
  handedOverAt: Date | null;
  messageId: string | null;
  sentAt: Date | null;
  items: DigestItem[];
  createdAt: Date;
  updatedAt: Date;
}

interface DigestRow {
  id: string;
  territory: string;
  period_start: Date;
  period_end: Date;
  recipient_address: string | null;
  channel: string;
  status: ReminderStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: Date | null;
  claim_token: string | null;
  claimed_by: string | null;
  lease_expires_at: Date | null;
  handed_over_at: Date | null;
  message_id: string | null;
  sent_at: Date | null;
  items: DigestItem[];
  created_at: Date;
  updated_at: Date;
}

function toDigest(row: DigestRow): SupervisorDigestRecord {
  return {
    id: row.id,
    territory: row.territory,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    recipientAddress: row.recipient_address,
    channel: row.channel,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    nextAttemptAt: row.next_attempt_at,
    claimToken: row.claim_token,
    claimedBy: row.claimed_by,
    leaseExpiresAt: row.lease_expires_at,
    handedOverAt: row.handed_over_at,
    messageId: row.message_id,
    sentAt: row.sent_at,
    items: row.items,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Writes the territory's digest for (periodStart, periodEnd] once; a second call (another worker, a
 * restart) returns the row already there. The period is taken on `recorded_at`, when the workflow's
 * activity wrote the DEADLINE_PASSED event, so that an event recorded late falls in the next digest
 * rather than in none. A period where nothing became overdue is stored `cancelled` ("nothing to
 * report"): it is then known to be done, and nobody gets an empty e-mail.
 */
export async function enqueueSupervisorDigest(
  db: Db,
  input: { territory: string; periodStart: Timestamp; periodEnd: Timestamp; recipientAddress: string | null },
): Promise<SupervisorDigestRecord> {
  const { rows } = await sql<DigestRow>(
    db,
    `WITH items AS (
       SELECT coalesce(jsonb_agg(jsonb_build_object(
                'pathwayId', e.pathway_id, 'clock', e.data->>'clock', 'dueAt', e.data->>'dueAt',
                'overdueAt', to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
              ORDER BY e.at, e.pathway_id, e.seq), '[]'::jsonb) AS list
         FROM pathway_events e JOIN pathways p ON p.id = e.pathway_id
        WHERE e.type = 'DEADLINE_PASSED' AND p.territory = $1
          AND e.recorded_at > $2 AND e.recorded_at <= $3
     )
     INSERT INTO supervisor_digests (territory, period_start, period_end, recipient_address, items,
                                     status, next_attempt_at, last_error)
     SELECT $1, $2, $3, $4, items.list,
            CASE WHEN jsonb_array_length(items.list) = 0 THEN 'cancelled' ELSE 'scheduled' END,
            CASE WHEN jsonb_array_length(items.list) = 0 THEN NULL ELSE $3::timestamptz END,
            CASE WHEN jsonb_array_length(items.list) = 0 THEN 'nothing became overdue in the period' END
       FROM items
     ON CONFLICT (territory, period_end) DO NOTHING
     RETURNING *`,
    [input.territory, input.periodStart, input.periodEnd, input.recipientAddress],
  );
  if (rows.length === 1) return toDigest(rows[0]);
  const existing = await sql<DigestRow>(db, `SELECT * FROM supervisor_digests WHERE territory = $1 AND period_end = $2`, [
    input.territory,
    input.periodEnd,
  ]);
  return toDigest(existing.rows[0]);
}

/** True when the territory's digest for the period ending then has been written (sent or not). */
export async function supervisorDigestExists(db: Db, territory: string, periodEnd: Timestamp): Promise<boolean> {
  const { rows } = await sql(db, `SELECT 1 FROM supervisor_digests WHERE territory = $1 AND period_end = $2`, [territory, periodEnd]);
  return rows.length > 0;
}

/** The end of the territory's latest digest period, where the next one starts. */
export async function lastSupervisorDigestEnd(db: Db, territory: string): Promise<Date | null> {
  const { rows } = await sql<{ end: Date | null }>(db, `SELECT max(period_end) AS end FROM supervisor_digests WHERE territory = $1`, [territory]);
  return rows[0]?.end ?? null;
}

/** Same contract as claimDueReminders, for digests. */
export async function claimDueDigests(db: Db, options: ClaimOptions): Promise<SupervisorDigestRecord[]> {
  const { rows } = await sql<DigestRow>(
    db,
    `WITH due AS (
       SELECT id FROM supervisor_digests
        WHERE status IN ('scheduled', 'failed') AND next_attempt_at <= $1
        ORDER BY next_attempt_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
     )
     UPDATE supervisor_digests d
        SET status = 'sending', attempts = d.attempts + 1, claim_token = gen_random_uuid(), claimed_by = $3,
            lease_expires_at = clock_timestamp() + make_interval(secs => $4::double precision / 1000),
            handed_over_at = NULL, updated_at = now()
       FROM due
      WHERE d.id = due.id
      RETURNING d.*`,
    [options.now, options.limit, options.claimedBy ?? null, options.leaseMs ?? DEFAULT_LEASE_MS],
  );
  return rows.map(toDigest);
}

export interface DigestLine extends DigestItem {
  patient: { firstName: string; lastName: string };
  caseManagerName: string | null;
  /** Still overdue now (the step may have happened since). */
  stillOverdue: boolean;
  closed: boolean;
}

/** The digest's items with the names a supervisor reads, in the digest's order. */
export async function readDigestLines(db: Db, digest: Pick<SupervisorDigestRecord, 'items'>): Promise<DigestLine[]> {
  if (!digest.items.length) return [];
  const ids = [...new Set(digest.items.map((item) => item.pathwayId))];
  const { rows } = await sql<{
    id: string;
    first_name: string;
    last_name: string;
    cm_name: string | null;
    closed_at: Date | null;
    summary: { stuck?: { clock?: string; since?: string }[] } | null;
  }>(
    db,
    `SELECT p.id, pt.first_name, pt.last_name, cm.name AS cm_name, p.closed_at, p.summary
       FROM pathways p JOIN patients pt ON pt.id = p.patient_id
       LEFT JOIN case_managers cm ON cm.id = p.case_manager_id
      WHERE p.id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return digest.items.flatMap((item) => {
    const row = byId.get(item.pathwayId);
    if (!row) return [];
    const stillOverdue =
      !row.closed_at &&
      (row.summary?.stuck ?? []).some((s) => s.clock === item.clock && s.since !== undefined && Date.parse(s.since) === Date.parse(item.dueAt));
    return [
      {
        ...item,
        patient: { firstName: row.first_name, lastName: row.last_name },
        caseManagerName: row.cm_name,
        stillOverdue,
        closed: row.closed_at !== null,
      },
    ];
  });
}

/** A territory's digests, newest period first. */
export async function listSupervisorDigests(db: Db, filter: { territory: string }): Promise<SupervisorDigestRecord[]> {
  const { rows } = await sql<DigestRow>(
    db,
    `SELECT * FROM supervisor_digests WHERE territory = $1 ORDER BY period_end DESC`,
    [filter.territory],
  );
  return rows.map(toDigest);
}

/** A digest by id. */
export async function findSupervisorDigest(db: Db, id: string): Promise<SupervisorDigestRecord | null> {
  const { rows } = await sql<DigestRow>(db, `SELECT * FROM supervisor_digests WHERE id = $1`, [id]);
  return rows[0] ? toDigest(rows[0]) : null;
}
