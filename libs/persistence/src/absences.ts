import { Db, isUuid, sql, Timestamp } from './sql';

export interface AbsenceRecord {
  id: string;
  caseManagerId: string;
  territory: string;
  from: Date;
  to: Date;
  coveredBy: string[];
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
  declaredBy: string;
}

/**
 * Records a declared absence once: declaring it again with the same id (a retried request, whose id
 * derives from its Idempotency-Key) changes nothing and returns the first record.
 */
export async function recordAbsence(db: Db, input: RecordAbsenceInput): Promise<AbsenceRecord> {
  const { rows } = await sql<AbsenceRow>(
    db,
    `INSERT INTO absences (id, case_manager_id, territory, starts_at, ends_at, covered_by, declared_by)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7)
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [input.id, input.caseManagerId, input.territory, input.from, input.to, input.coveredBy, input.declaredBy],
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

export type AbsencePhase = 'SCHEDULED' | 'COVERED' | 'RETURNED';

/** Where an absence stands at `now`: before `from`, between `from` and `to`, or after `to`. */
export function absencePhase(absence: Pick<AbsenceRecord, 'from' | 'to'>, now: Date = new Date()): AbsencePhase {
  if (now.getTime() < absence.from.getTime()) return 'SCHEDULED';
  return now.getTime() < absence.to.getTime() ? 'COVERED' : 'RETURNED';
}
