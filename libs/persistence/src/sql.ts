import { DataSource, EntityManager } from 'typeorm';

/** Anything the stores can run on: the data source, or the manager of a transaction in progress. */
export type Db = DataSource | EntityManager;

/** A point in time: a Date, or an ISO-8601 string with offset (what Temporal's JSON payloads carry). */
export type Timestamp = Date | string;

/**
 * Runs one statement and returns rows and affected count uniformly (TypeORM's `query()` returns
 * `[rows, count]` for UPDATE/DELETE but plain rows otherwise). Inside a transaction the statement runs
 * on the transaction's connection.
 */
export async function sql<Row = Record<string, unknown>>(
  db: Db,
  text: string,
  params: unknown[] = [],
): Promise<{ rows: Row[]; rowCount: number }> {
  const manager = db instanceof DataSource ? db.manager : db;
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(text, params, true);
    const rows = (result.records ?? []) as Row[];
    return { rows, rowCount: result.affected ?? rows.length };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** Runs `work` in a transaction, or in a savepoint of the caller's transaction. */
export function inTransaction<T>(db: Db, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return db.transaction(work);
}

/** jsonb parameters must be serialized by us: pg would turn a JS array into a PostgreSQL array. */
export function json(value: unknown): string {
  return JSON.stringify(value ?? null);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs; one that is not a uuid names no pathway (rather than a PostgreSQL error). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
