import { TerritoryContactRole } from './entities/territory-contact.entity';
import { Db, sql } from './sql';

export interface TerritoryContactRecord {
  territory: string;
  role: TerritoryContactRole;
  name: string;
  email: string;
  updatedAt: Date;
}

interface TerritoryContactRow {
  territory: string;
  role: TerritoryContactRole;
  name: string;
  email: string;
  updated_at: Date;
}

function toContact(row: TerritoryContactRow): TerritoryContactRecord {
  return { territory: row.territory, role: row.role, name: row.name, email: row.email, updatedAt: row.updated_at };
}

/** Names (or renames) the territory's supervisor or intake desk. */
export async function setTerritoryContact(
  db: Db,
  input: { territory: string; role: TerritoryContactRole; name: string; email: string },
): Promise<TerritoryContactRecord> {
  const { rows } = await sql<TerritoryContactRow>(
    db,
    `INSERT INTO territory_contacts (territory, role, name, email) VALUES ($1, $2, $3, $4)
     ON CONFLICT (territory, role) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, updated_at = now()
     RETURNING *`,
    [input.territory, input.role, input.name, input.email],
  );
  return toContact(rows[0]);
}

/** The territory's contacts by role (absent when not configured). */
export async function findTerritoryContacts(
  db: Db,
  territory: string,
): Promise<Partial<Record<TerritoryContactRole, TerritoryContactRecord>>> {
  const { rows } = await sql<TerritoryContactRow>(db, `SELECT * FROM territory_contacts WHERE territory = $1`, [territory]);
  return Object.fromEntries(rows.map((row) => [row.role, toContact(row)]));
}

/** Every contact of one role, by territory (e.g. the supervisors that get a daily digest). */
export async function listTerritoryContacts(db: Db, filter: { role: TerritoryContactRole }): Promise<TerritoryContactRecord[]> {
  const { rows } = await sql<TerritoryContactRow>(
    db,
    `SELECT * FROM territory_contacts WHERE role = $1 ORDER BY territory`,
    [filter.role],
  );
  return rows.map(toContact);
}
