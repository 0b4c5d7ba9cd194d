import { sql } from './sql';
import { runMigrations } from './run-migrations';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

describe('schema migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgresForTests({ migrate: false });
  }, 120_000);
  afterAll(() => db?.stop());

  it('two processes migrating an empty database at once both succeed, and each migration runs once', async () => {
    const logs: string[] = [];
    const [first, second] = await Promise.all([
      runMigrations(db.url, (line) => logs.push(line)),
      runMigrations(db.url, (line) => logs.push(line)),
    ]);

    const expected = ['InitialSchema1795437884719', 'ReminderDelivery1795440000000', 'AuditTrail1795450000000', 'Supervision1795460000000', 'WaitingListAndAbsences1795470000000', 'AppRole1795480000000', 'PatientIns1795485000000', 'StuckCodes1795490000000', 'PathwayDocuments1795500000000', 'PlanLinks1795510000000', 'AbsenceUnplaced1795515000000', 'CalendarFeeds1795519000000'];
    expect([...first, ...second]).toEqual(expected);
    expect(logs).toContain('[migrations] Migration InitialSchema1795437884719 has been executed successfully.');
    expect(logs).toContain('[migrations] No migrations are pending');
    const { rows } = await sql<{ count: number }>(db.dataSource, 'SELECT count(*)::int AS count FROM typeorm_migrations');
    expect(rows[0].count).toBe(expected.length);
  });

  it('migrating an up-to-date database applies nothing', async () => {
    await expect(runMigrations(db.url, () => undefined)).resolves.toEqual([]);
  });

  it('the entities describe exactly the schema the migrations build', async () => {
    const pending = await db.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('the schema has every table the stores use', async () => {
    const { rows } = await sql<{ table_name: string }>(
      db.dataSource,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([
      'absences',
      'activity_failures',
      'assessments',
      'audit_events',
      'calendar_feeds',
      'case_managers',
      'caseload_assignments',
      'idempotency_records',
      'pathway_documents',
      'pathway_events',
      'pathways',
      'patients',
      'plan_link_uses',
      'plans',
      'reminders',
      'supervisor_digests',
      'territory_contacts',
      'typeorm_migrations',
      'waiting_list_offers',
    ]);
  });
});
