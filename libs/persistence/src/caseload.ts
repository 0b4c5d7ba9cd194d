import { Db, inTransaction, sql, Timestamp } from './sql';

export interface ReserveCaseloadSlotInput {
  caseManagerId: string;
  pathwayId: string;
  at: Timestamp;
}

export type ReserveCaseloadSlotResult =
  /** `movedFrom`: the case manager whose slot this reservation freed (a reassignment away from them). */
  | { status: 'RESERVED'; movedFrom?: string }
  | { status: 'AT_CAPACITY'; active: number; capacity: number }
  | { status: 'UNKNOWN_CASE_MANAGER' };

/**
 * Gives the pathway a slot in the case manager's caseload, unless they are at capacity. Concurrent
 * reservations for one case manager queue on a lock of their row, so the count each one reads is
 * final and the cap holds. Reserving again for the same case manager is RESERVED and changes nothing;
 * reserving for another one moves the slot (the old case manager's slot is freed in the same
 * transaction).
 */
export async function reserveCaseloadSlot(db: Db, input: ReserveCaseloadSlotInput): Promise<ReserveCaseloadSlotResult> {
  return inTransaction(db, async (tx) => {
    // NO KEY UPDATE serializes reservations for this case manager like FOR UPDATE would, without
    // blocking writers of rows that merely reference them (pathway projections), so no deadlock.
    const { rows: caseManagers } = await sql<{ capacity: number }>(
      tx,
      `SELECT capacity FROM case_managers WHERE id = $1 FOR NO KEY UPDATE`,
      [input.caseManagerId],
    );
    if (caseManagers.length === 0) return { status: 'UNKNOWN_CASE_MANAGER' };
    const { capacity } = caseManagers[0];

    const { rows: current } = await sql<{ case_manager_id: string }>(
      tx,
      `SELECT case_manager_id FROM caseload_assignments WHERE pathway_id = $1`,
      [input.pathwayId],
    );
    if (current[0]?.case_manager_id === input.caseManagerId) return { status: 'RESERVED' };

    const { rows: counted } = await sql<{ active: number }>(
      tx,
      `SELECT count(*)::int AS active FROM caseload_assignments WHERE case_manager_id = $1`,
      [input.caseManagerId],
    );
    const { active } = counted[0];
    if (active >= capacity) return { status: 'AT_CAPACITY', active, capacity };

    const { rows: pathways } = await sql(tx, `SELECT 1 FROM pathways WHERE id = $1`, [input.pathwayId]);
    if (pathways.length === 0) throw new Error(`pathway ${input.pathwayId} does not exist; no slot reserved`);

    await sql(
      tx,
      `INSERT INTO caseload_assignments (pathway_id, case_manager_id, assigned_at)
       VALUES ($1, $2, $3)
       ON CONFLICT (pathway_id) DO UPDATE
         SET case_manager_id = EXCLUDED.case_manager_id, assigned_at = EXCLUDED.assigned_at`,
      [input.pathwayId, input.caseManagerId, input.at],
    );
    return current[0] ? { status: 'RESERVED', movedFrom: current[0].case_manager_id } : { status: 'RESERVED' };
  });
}

/**
 * Frees the pathway's slot (closure, institutionalization...). Returns the case manager it was held
 * by, or null when it held none (so a retry is harmless).
 */
export async function releaseCaseloadSlot(
  db: Db,
  input: { pathwayId: string },
): Promise<{ releasedFrom: string | null }> {
  const { rows } = await sql<{ case_manager_id: string }>(
    db,
    `DELETE FROM caseload_assignments WHERE pathway_id = $1 RETURNING case_manager_id`,
    [input.pathwayId],
  );
  return { releasedFrom: rows[0]?.case_manager_id ?? null };
}
