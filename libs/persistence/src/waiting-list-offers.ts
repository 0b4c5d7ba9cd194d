/**
 * Waiting-list offers (PATHWAY.md, "Rules from practice"): when a case manager's active count drops
 * below capacity, the oldest waiting pathway of their territory is offered to them; the supervisor
 * accepts or declines, or the policy (`waitingListAutoAssign`) assigns it. The assignment itself always
 * goes through the pathway's own `assignCaseManager` Update (which reserves the slot under the cap);
 * an offer is only the proposal and its outcome.
 */
import { nextWaitingPathway, waitingListRoom, WaitingListNoOffer } from '@pathway/domain';
import { WaitingListOfferStatus } from './entities/waiting-list-offer.entity';
import { Db, inTransaction, isUuid, sql } from './sql';

export interface WaitingListOfferRecord {
  id: string;
  pathwayId: string;
  caseManagerId: string;
  territory: string;
  triggerKey: string;
  offeredAt: Date;
  status: WaitingListOfferStatus;
  decidedAt: Date | null;
  decidedBy: string | null;
  reason: string | null;
}

interface OfferRow {
  id: string;
  pathway_id: string;
  case_manager_id: string;
  territory: string;
  trigger_key: string;
  offered_at: Date;
  status: WaitingListOfferStatus;
  decided_at: Date | null;
  decided_by: string | null;
  reason: string | null;
}

function toOffer(row: OfferRow): WaitingListOfferRecord {
  return {
    id: row.id,
    pathwayId: row.pathway_id,
    caseManagerId: row.case_manager_id,
    territory: row.territory,
    triggerKey: row.trigger_key,
    offeredAt: row.offered_at,
    status: row.status,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    reason: row.reason,
  };
}

/** Who decides an offer when no person does. */
export const WAITING_LIST_POLICY_ACTOR = 'policy:waitingListAutoAssign';
export const WAITING_LIST_SYSTEM_ACTOR = 'system';

/**
 * The Temporal update id of the assignment an offer leads to, whoever sends it (the supervisor's
 * accept, the policy's auto-assignment, a retry of either): they all attach to one Update, so the
 * pathway is assigned once.
 */
export function waitingListOfferUpdateId(offerId: string): string {
  return `assignCaseManager:waiting-list-offer:${offerId}`;
}

export type OfferWaitingPathwayResult =
  | { status: 'OFFERED'; offer: WaitingListOfferRecord }
  | { status: 'NO_OFFER'; reason: 'UNKNOWN_CASE_MANAGER' | WaitingListNoOffer | 'NOTHING_WAITING' };

/**
 * A slot of the case manager was freed (`triggerKey` names how: `closure:<pathway>`,
 * `reassignment:<pathway>:<at>`): offers them a waiting pathway of their territory that has no open
 * offer, as the domain's waiting-list rules decide (waitingListRoom: not absent, this slot brought them
 * below capacity, open offers counted with active pathways; nextWaitingPathway: which one). In one
 * transaction under the same lock of the case manager's row as reserveCaseloadSlot, so concurrent
 * freed slots count each other's offers. Idempotent: the same trigger answers the offer it made the
 * first time (whatever became of it since).
 */
export async function offerWaitingPathway(
  db: Db,
  input: { caseManagerId: string; triggerKey: string; now?: Date },
): Promise<OfferWaitingPathwayResult> {
  const now = input.now ?? new Date();
  return inTransaction(db, async (tx) => {
    const { rows: caseManagers } = await sql<{ capacity: number; territory: string }>(
      tx,
      `SELECT capacity, territory FROM case_managers WHERE id = $1 FOR NO KEY UPDATE`,
      [input.caseManagerId],
    );
    if (caseManagers.length === 0) return { status: 'NO_OFFER', reason: 'UNKNOWN_CASE_MANAGER' };
    const { capacity, territory } = caseManagers[0];

    // Read after the lock: a retry that raced its first attempt sees the offer it made.
    const { rows: made } = await sql<OfferRow>(tx, `SELECT * FROM waiting_list_offers WHERE trigger_key = $1`, [input.triggerKey]);
    if (made[0]) return { status: 'OFFERED', offer: toOffer(made[0]) };

    const { rows: away } = await sql(
      tx,
      `SELECT 1 FROM absences WHERE case_manager_id = $1 AND starts_at <= $2 AND ends_at > $2 LIMIT 1`,
      [input.caseManagerId, now],
    );
    const absent = away.length > 0;
    const room = waitingListRoom({ absent, held: absent ? 0 : await heldSlots(tx, input.caseManagerId, now), capacity });
    if (!room.offer) return { status: 'NO_OFFER', reason: room.reason };

    // Two case managers of the territory may pick the same oldest pathway at once: the partial unique
    // index lets one offer it, the other takes the next one.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const { rows: candidates } = await sql<{ id: string; referred_at: Date }>(
        tx,
        `SELECT p.id, p.referred_at FROM pathways p
          WHERE p.territory = $1 AND p.stage = 'AWAITING_ASSIGNMENT' AND p.closed_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM waiting_list_offers o WHERE o.pathway_id = p.id AND o.status = 'OFFERED')`,
        [territory],
      );
      const next = nextWaitingPathway(candidates.map((c) => ({ pathwayId: c.id, referredAt: c.referred_at })));
      if (!next) return { status: 'NO_OFFER', reason: 'NOTHING_WAITING' };
      const { rows: inserted } = await sql<OfferRow>(
        tx,
        `INSERT INTO waiting_list_offers (pathway_id, case_manager_id, territory, trigger_key, offered_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (pathway_id) WHERE status = 'OFFERED' DO NOTHING
         RETURNING *`,
        [next.pathwayId, input.caseManagerId, territory, input.triggerKey, now],
      );
      if (inserted[0]) return { status: 'OFFERED', offer: toOffer(inserted[0]) };
    }
    return { status: 'NO_OFFER', reason: 'NOTHING_WAITING' };
  });
}

/**
 * The slots a case manager holds: active pathways and open offers (an open offer reserves its slot).
 * Called under their row's lock.
 */
async function heldSlots(tx: Db, caseManagerId: string, now: Date): Promise<number> {
  // Their open offers whose pathway was meanwhile assigned to someone else, or closed, no longer hold
  // a slot. Only this case manager's offers are touched, under their lock: no lock-order cycle with
  // another case manager's offer. (Assigned to them: an accept in flight, it is decided by its caller.)
  await sql(
    tx,
    `UPDATE waiting_list_offers o
        SET status = 'WITHDRAWN', decided_at = $2, decided_by = $3, reason = 'the pathway no longer waits for a case manager'
       FROM pathways p
      WHERE o.pathway_id = p.id AND o.case_manager_id = $1 AND o.status = 'OFFERED'
        AND (p.closed_at IS NOT NULL OR (p.stage <> 'AWAITING_ASSIGNMENT' AND p.case_manager_id IS DISTINCT FROM o.case_manager_id))`,
    [caseManagerId, now, WAITING_LIST_SYSTEM_ACTOR],
  );
  const { rows: counted } = await sql<{ held: number }>(
    tx,
    `SELECT (SELECT count(*) FROM caseload_assignments WHERE case_manager_id = $1)::int
          + (SELECT count(*) FROM waiting_list_offers o JOIN pathways p ON p.id = o.pathway_id
              WHERE o.case_manager_id = $1 AND o.status = 'OFFERED' AND p.stage = 'AWAITING_ASSIGNMENT')::int AS held`,
    [caseManagerId],
  );
  // An open offer whose pathway is already theirs (an accept between its Update and its record) holds
  // its slot in caseload_assignments: it is counted once.
  return counted[0].held;
}

/** The offer with the offered case manager's name; null for an unknown id. */
export async function findWaitingListOffer(db: Db, offerId: string): Promise<(WaitingListOfferRecord & { caseManagerName: string }) | null> {
  if (!isUuid(offerId)) return null;
  const { rows } = await sql<OfferRow & { cm_name: string }>(
    db,
    `SELECT o.*, cm.name AS cm_name FROM waiting_list_offers o JOIN case_managers cm ON cm.id = o.case_manager_id WHERE o.id = $1`,
    [offerId],
  );
  return rows[0] ? { ...toOffer(rows[0]), caseManagerName: rows[0].cm_name } : null;
}

export interface OpenWaitingListOffer extends WaitingListOfferRecord {
  caseManagerName: string;
  referredAt: Date;
  /** The pathway's projected summary (the patient's name for the list). */
  summary: unknown;
}

/**
 * Open offers whose pathway still waits, oldest offer first: of one territory (the supervisor's list),
 * or of all (the auto-assigning worker). An offer whose pathway was assigned otherwise is not shown.
 * `orAssignedToOfferee` adds the open offers whose pathway is already assigned to the offered case
 * manager: an assignment whose Update went through but whose outcome was not recorded (a crash in
 * between), for the auto-assigner to record.
 */
export async function listOpenWaitingListOffers(
  db: Db,
  filter: { territory?: string; limit?: number; orAssignedToOfferee?: boolean } = {},
): Promise<OpenWaitingListOffer[]> {
  const { rows } = await sql<OfferRow & { cm_name: string; referred_at: Date; summary: unknown }>(
    db,
    `SELECT o.*, cm.name AS cm_name, p.referred_at, p.summary
       FROM waiting_list_offers o
       JOIN pathways p ON p.id = o.pathway_id
       JOIN case_managers cm ON cm.id = o.case_manager_id
      WHERE o.status = 'OFFERED' AND ($1::text IS NULL OR o.territory = $1)
        AND p.closed_at IS NULL AND (p.stage = 'AWAITING_ASSIGNMENT' OR ($3 AND p.case_manager_id = o.case_manager_id))
      ORDER BY o.offered_at, o.id
      LIMIT $2`,
    [filter.territory ?? null, filter.limit ?? 1000, filter.orAssignedToOfferee ?? false],
  );
  return rows.map((row) => ({ ...toOffer(row), caseManagerName: row.cm_name, referredAt: row.referred_at, summary: row.summary }));
}

/**
 * Records an open offer's outcome. Only an OFFERED offer is decided: the answer is the decided offer,
 * or null when it had been decided already (read it again for its outcome).
 */
export async function decideWaitingListOffer(
  db: Db,
  input: { offerId: string; status: Exclude<WaitingListOfferStatus, 'OFFERED'>; decidedBy: string; reason?: string | null; at?: Date },
): Promise<WaitingListOfferRecord | null> {
  if (!isUuid(input.offerId)) return null;
  const { rows } = await sql<OfferRow>(
    db,
    `UPDATE waiting_list_offers SET status = $2, decided_at = $3, decided_by = $4, reason = $5
      WHERE id = $1 AND status = 'OFFERED'
      RETURNING *`,
    [input.offerId, input.status, input.at ?? new Date(), input.decidedBy, input.reason ?? null],
  );
  return rows[0] ? toOffer(rows[0]) : null;
}

/** The case manager a closed pathway's projection still names (whose slot its closure freed). */
export async function caseManagerOfClosedPathway(db: Db, pathwayId: string): Promise<string | null> {
  if (!isUuid(pathwayId)) return null;
  const { rows } = await sql<{ case_manager_id: string | null }>(db, `SELECT case_manager_id FROM pathways WHERE id = $1 AND closed_at IS NOT NULL`, [pathwayId]);
  return rows[0]?.case_manager_id ?? null;
}
