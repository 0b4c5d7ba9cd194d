import { Db, isUuid, sql, Timestamp } from './sql';

export interface AbsenceRecord {
  id: string;
  caseManagerId: string;
  territory: string;
  from: Date;
  to: Date;
  coveredBy: string[];
  /** The pathways no covering case manager had a slot for when it was declared (issue 19). */
  unplaced: string[];
  declaredBy: string;
  declaredAt: Date;
}

interface AbsenceRow {
  id: string;
  case_manager_id: string;
  territory: string;
  starts_at: Date;
  ends_at: Date;
  covered_by: string[];
  unplaced: string[];
  declared_by: string;
  declared_at: Date;
}

function toAbsence(row: AbsenceRow): AbsenceRecord {
  return {
    id: row.id,
    caseManagerId: row.case_manager_id,
    territory: row.territory,
    from: row.starts_at,
    to: row.ends_at,
    coveredBy: row.covered_by,
    unplaced: row.unplaced,
    declaredBy: row.declared_by,
    declaredAt: row.declared_at,
  };
}

export interface RecordAbsenceInput {
  id: string;
  caseManagerId: string;
  territory: string;
  from: Timestamp;
  to: Timestamp;
  coveredBy: string[];
  unplaced?: string[];
  declaredBy: string;
}

/**
 * Records a declared absence once: declaring it again with the same id (a retried request, whose id
 * derives from its Idempotency-Key) changes nothing and returns the first record.
 */
export async function recordAbsence(db: Db, input: RecordAbsenceInput): Promise<AbsenceRecord> {
  const { rows } = await sql<AbsenceRow>(
    db,
    `INSERT INTO absences (id, case_manager_id, territory, starts_at, ends_at, covered_by, unplaced, declared_by)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7::uuid[], $8)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [input.id, input.caseManagerId, input.territory, input.from, input.to, input.coveredBy, input.unplaced ?? [], input.declaredBy],
  );
  if (rows.length === 1) return toAbsence(rows[0]);
  const existing = await sql<AbsenceRow>(db, `SELECT * FROM absences WHERE id = $1`, [input.id]);
  return toAbsence(existing.rows[0]);
}

/** The case manager's absences, the latest start first. */
export async function listAbsences(db: Db, caseManagerId: string): Promise<AbsenceRecord[]> {
  const { rows } = await sql<AbsenceRow>(
    db,
    `SELECT * FROM absences WHERE case_manager_id = $1 ORDER BY starts_at DESC, id`,
    [caseManagerId],
  );
  return rows.map(toAbsence);
}

export async function findAbsence(db: Db, id: string): Promise<AbsenceRecord | null> {
  if (!isUuid(id)) return null;
  const { rows } = await sql<AbsenceRow>(db, `SELECT * FROM absences WHERE id = $1`, [id]);
  return rows[0] ? toAbsence(rows[0]) : null;
}

/** An unplaced pathway of an absence and who holds it now. */
export interface UnplacedPathway {
  pathwayId: string;
  patient: { firstName: string; lastName: string };
  /** Its case manager now: still the absent one until a supervisor places it. */
  caseManagerId: string | null;
  closed: boolean;
}

/** The absence's unplaced pathways, in the order they were left (oldest assignment first). */
export async function listUnplacedPathways(db: Db, absenceId: string): Promise<UnplacedPathway[]> {
  const { rows } = await sql<{ id: string; first_name: string; last_name: string; case_manager_id: string | null; closed_at: Date | null }>(
    db,
    `SELECT p.id, pt.first_name, pt.last_name, p.case_manager_id, p.closed_at
       FROM absences a
       CROSS JOIN LATERAL unnest(a.unplaced) WITH ORDINALITY AS u(pathway_id, n)
       JOIN pathways p ON p.id = u.pathway_id
       JOIN patients pt ON pt.id = p.patient_id
      WHERE a.id = $1
      ORDER BY u.n`,
    [absenceId],
  );
  return rows.map((r) => ({ pathwayId: r.id, patient: { firstName: r.first_name, lastName: r.last_name }, caseManagerId: r.case_manager_id, closed: r.closed_at !== null }));
}

export type AbsencePhase = 'SCHEDULED' | 'COVERED' | 'RETURNED';

/** Where an absence stands at `now`: before `from`, between `from` and `to`, or after `to`. */
export function absencePhase(absence: Pick<AbsenceRecord, 'from' | 'to'>, now: Date = new Date()): AbsencePhase {
  if (now.getTime() < absence.from.getTime()) return 'SCHEDULED';
  return now.getTime() < absence.to.getTime() ? 'COVERED' : 'RETURNED';
}
