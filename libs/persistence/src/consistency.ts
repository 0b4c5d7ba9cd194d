import { Db, sql } from './sql';

/**
 * One pathway as the database holds it, for the consistency check (apps/worker check-consistency):
 * its projection and its caseload row. Every open pathway, and every closed one that still holds a slot.
 */
export interface PathwayRecordsForCheck {
  pathwayId: string;
  stage: string;
  closed: boolean;
  /** The projection's case manager (pathways.case_manager_id). */
  projectedCaseManagerId: string | null;
  /** The case manager whose caseload counts the pathway (caseload_assignments), or null. */
  slotHeldBy: string | null;
  projectionVersion: number;
}

export async function pathwayRecordsForCheck(db: Db): Promise<PathwayRecordsForCheck[]> {
  const { rows } = await sql<{ id: string; stage: string; closed: boolean; projected: string | null; held: string | null; version: number }>(
    db,
    `SELECT p.id, p.stage, p.closed_at IS NOT NULL AS closed, p.case_manager_id AS projected, c.case_manager_id AS held,
            p.projection_version AS version
       FROM pathways p LEFT JOIN caseload_assignments c ON c.pathway_id = p.id
      WHERE p.closed_at IS NULL OR c.pathway_id IS NOT NULL
      ORDER BY p.referred_at, p.id`,
  );
  return rows.map((r) => ({
    pathwayId: r.id,
    stage: r.stage,
    closed: r.closed,
    projectedCaseManagerId: r.projected,
    slotHeldBy: r.held,
    projectionVersion: r.version,
  }));
}
