import { randomUUID } from 'node:crypto';
import { Db, sql } from './sql';

export interface CaseManagerRecord {
  id: string;
  name: string;
  email: string;
  territory: string;
  capacity: number;
  createdAt: Date;
}

export interface CaseManagerWithCaseload extends CaseManagerRecord {
  /** Pathways currently counting against `capacity`. */
  active: number;
}

export interface CreateCaseManagerInput {
  /** Defaults to a random uuid. */
  id?: string;
  name: string;
  email: string;
  territory: string;
  /** Defaults to 40 (the column default). */
  capacity?: number;
}

export type CreateCaseManagerResult =
  | { status: 'CREATED'; caseManager: CaseManagerRecord }
  | { status: 'ID_TAKEN'; caseManager: CaseManagerRecord };

interface CaseManagerRow {
  id: string;
  name: string;
  email: string;
  territory: string;
  capacity: number;
  created_at: Date;
  active?: number;
}

function toCaseManager(row: CaseManagerRow): CaseManagerRecord {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    territory: row.territory,
    capacity: row.capacity,
    createdAt: row.created_at,
  };
}

export async function createCaseManager(db: Db, input: CreateCaseManagerInput): Promise<CreateCaseManagerResult> {
  const id = input.id ?? randomUUID();
  const { rows } = await sql<CaseManagerRow>(
    db,
    `INSERT INTO case_managers (id, name, email, territory, capacity)
     VALUES ($1, $2, $3, $4, COALESCE($5::int, 40))
     ON CONFLICT (id) DO NOTHING
     RETURNING *`,
    [id, input.name, input.email, input.territory, input.capacity ?? null],
  );
  if (rows.length === 1) return { status: 'CREATED', caseManager: toCaseManager(rows[0]) };
  const existing = await findCaseManager(db, id);
  if (!existing) throw new Error(`case manager ${id} could not be created and does not exist`);
  return { status: 'ID_TAKEN', caseManager: existing };
}

const WITH_CASELOAD = `
  SELECT cm.*, (SELECT count(*)::int FROM caseload_assignments a WHERE a.case_manager_id = cm.id) AS active
    FROM case_managers cm`;

export async function findCaseManager(db: Db, id: string): Promise<CaseManagerWithCaseload | null> {
  const { rows } = await sql<CaseManagerRow>(db, `${WITH_CASELOAD} WHERE cm.id = $1`, [id]);
  return rows.length === 0 ? null : { ...toCaseManager(rows[0]), active: rows[0].active ?? 0 };
}

/** Case managers with their current caseload, by territory then name. */
export async function listCaseManagersWithCaseload(
  db: Db,
  filter: { territory?: string } = {},
): Promise<CaseManagerWithCaseload[]> {
  const { rows } = await sql<CaseManagerRow>(
    db,
    `${WITH_CASELOAD} WHERE $1::text IS NULL OR cm.territory = $1 ORDER BY cm.territory, cm.name, cm.id`,
    [filter.territory ?? null],
  );
  return rows.map((row) => ({ ...toCaseManager(row), active: row.active ?? 0 }));
}
