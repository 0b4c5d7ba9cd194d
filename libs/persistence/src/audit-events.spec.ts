// The audit trail's table on a real PostgreSQL: it takes inserts, and refuses every change to a row,
// both through the trigger (any role, superusers included) and through privileges (the app's role,
// care_app, which `db.dataSource` connects as, like the API and the worker).
import { listAuditEvents, NewAuditEvent, recordAuditEvent } from './audit-events';
import { sql } from './sql';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const event = (over: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  requestId: 'req-1',
  actor: 'cm-1',
  roles: ['case_manager'],
  territory: 'T75',
  pathwayId: '6f1c2d7e-0000-4000-8000-000000000001',
  method: 'POST',
  route: '/api/v1/pathways/:id/assessments',
  action: 'PathwayStepsController.recordAssessment',
  outcome: 'allowed',
  status: 200,
  reason: null,
  clientIp: '127.0.0.1',
  details: null,
  ...over,
});

describe('audit_events', () => {
  it('records an event as given; a pathway id that is not a uuid is kept as no pathway', async () => {
    await recordAuditEvent(db.dataSource, event({ requestId: 'req-a', details: { listed: ['x'] } }));
    await recordAuditEvent(db.dataSource, event({ requestId: 'req-b', pathwayId: 'not-a-uuid', outcome: 'denied', status: 404, actor: null, roles: [] }));
    const [a, b] = await listAuditEvents(db.dataSource, { requestIds: ['req-a', 'req-b'] });
    expect(a).toMatchObject({ ...event({ requestId: 'req-a', details: { listed: ['x'] } }), occurredAt: expect.any(Date) });
    expect(b).toMatchObject({ requestId: 'req-b', pathwayId: null, outcome: 'denied', status: 404, actor: null, roles: [] });
  });

  it.each([
    ['UPDATE', "UPDATE audit_events SET outcome = 'allowed'"],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
    ['a DELETE matching no row', 'DELETE FROM audit_events WHERE false'],
  ])('refuses %s, even to the superuser that owns the table', async (_what, statement) => {
    await recordAuditEvent(db.dataSource, event({ requestId: 'req-keep' }));
    await expect(sql(db.owner, statement)).rejects.toThrow(/audit_events is append-only/);
    expect(await listAuditEvents(db.dataSource, { requestIds: ['req-keep'] })).not.toHaveLength(0);
  });

  it('a role granted what the app needs (SELECT, INSERT) appends, and is refused any change by privilege', async () => {
    const runner = db.owner.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`DO $$ BEGIN CREATE ROLE audit_app_test NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`);
      await runner.query('GRANT SELECT, INSERT ON audit_events TO audit_app_test');
      // Even a careless blanket grant does not reach past the trigger.
      await runner.query('GRANT UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO audit_app_test');
      await runner.query('SET ROLE audit_app_test');
      await runner.query(`INSERT INTO audit_events (request_id, method, route, outcome, status) VALUES ('req-role', 'GET', '/x', 'allowed', 200)`);
      await expect(runner.query(`UPDATE audit_events SET status = 500 WHERE request_id = 'req-role'`)).rejects.toThrow(/append-only/);
      await runner.query('RESET ROLE');
      await runner.query('REVOKE UPDATE, DELETE ON ALL TABLES IN SCHEMA public FROM audit_app_test');
      await runner.query('SET ROLE audit_app_test');
      await expect(runner.query(`DELETE FROM audit_events WHERE request_id = 'req-role'`)).rejects.toThrow(/permission denied for table audit_events/);
      await expect(runner.query('TRUNCATE audit_events')).rejects.toThrow(/permission denied for table audit_events/);
    } finally {
      await runner.query('RESET ROLE').catch(() => undefined);
      await runner.release();
    }
    expect(await listAuditEvents(db.dataSource, { requestIds: ['req-role'] })).toMatchObject([{ status: 200 }]);
  });
});

describe('audit_events as the application role care_app (issue 15: the bypasses a superuser has)', () => {
  /** Runs `statements` in one transaction on `source`, rolled back whatever happens; rejects with the first error. */
  async function inTransaction(source: TestDatabase['dataSource'], statements: string[]): Promise<void> {
    const runner = source.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      for (const statement of statements) await runner.query(statement);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  const replicaDelete = ['SET LOCAL session_replication_role = replica', "DELETE FROM audit_events WHERE request_id = 'req-bypass'"];
  const disabledTriggerUpdate = ['ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only', "UPDATE audit_events SET status = 500 WHERE request_id = 'req-bypass'"];

  beforeAll(async () => {
    await recordAuditEvent(db.dataSource, event({ requestId: 'req-bypass' }));
  });

  it('connects as care_app: no superuser, owner of no table', async () => {
    const { rows } = await sql<{ user: string; superuser: boolean; owner: string }>(
      db.dataSource,
      `SELECT current_user AS user, r.rolsuper AS superuser, t.tableowner AS owner
         FROM pg_roles r, pg_tables t WHERE r.rolname = current_user AND t.tablename = 'audit_events'`,
    );
    expect(rows).toEqual([{ user: 'care_app', superuser: false, owner: 'postgres' }]);
    const owned = await sql(db.dataSource, `SELECT 1 FROM pg_tables WHERE tableowner = current_user`);
    expect(owned.rowCount).toBe(0);
  });

  it('the owner (a superuser) does get past the trigger both ways: what the role must not be able to do', async () => {
    // Each in a rolled-back transaction, so the row stays; this shows the two statements really are bypasses.
    for (const statements of [replicaDelete, disabledTriggerUpdate]) {
      const runner = db.owner.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query(statements[0]);
        const [, changed] = (await runner.query(statements[1])) as [unknown, number];
        expect(changed).toBe(1);
      } finally {
        await runner.rollbackTransaction();
        await runner.release();
      }
    }
  });

  it('refuses SET LOCAL session_replication_role = replica, so the DELETE after it never runs', async () => {
    await expect(inTransaction(db.dataSource, replicaDelete)).rejects.toThrow(/permission denied to set parameter "session_replication_role"/);
    // And without it, the DELETE itself is refused by privilege.
    await expect(inTransaction(db.dataSource, replicaDelete.slice(1))).rejects.toThrow(/permission denied for table audit_events/);
  });

  it('refuses ALTER TABLE audit_events DISABLE TRIGGER (not the owner), and the UPDATE by privilege', async () => {
    await expect(inTransaction(db.dataSource, disabledTriggerUpdate)).rejects.toThrow(/must be owner of table audit_events/);
    await expect(inTransaction(db.dataSource, disabledTriggerUpdate.slice(1))).rejects.toThrow(/permission denied for table audit_events/);
    await expect(inTransaction(db.dataSource, ['TRUNCATE audit_events'])).rejects.toThrow(/permission denied for table audit_events/);
  });

  it('cannot change the schema or the migrations table either', async () => {
    await expect(inTransaction(db.dataSource, ['DROP TRIGGER audit_events_append_only ON audit_events'])).rejects.toThrow(/must be owner/);
    await expect(inTransaction(db.dataSource, ['DELETE FROM typeorm_migrations'])).rejects.toThrow(/permission denied for table typeorm_migrations/);
    await expect(inTransaction(db.dataSource, ['CREATE TABLE public.app_made (x int)'])).rejects.toThrow(/permission denied for schema public/);
  });

  afterAll(async () => {
    // Nothing of the above got through: the row is there, unchanged.
    expect(await listAuditEvents(db.owner, { requestIds: ['req-bypass'] })).toMatchObject([{ status: 200 }]);
  });
});
