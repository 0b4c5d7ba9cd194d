// The audit trail's table on a real PostgreSQL: it takes inserts, and refuses every change to a row,
// both through the trigger (any role, superusers included) and through privileges (the app's role).
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
  ])('refuses %s, even to the superuser the local apps connect as', async (_what, statement) => {
    await recordAuditEvent(db.dataSource, event({ requestId: 'req-keep' }));
    await expect(sql(db.dataSource, statement)).rejects.toThrow(/audit_events is append-only/);
    expect(await listAuditEvents(db.dataSource, { requestIds: ['req-keep'] })).not.toHaveLength(0);
  });

  it('a role granted what the app needs (SELECT, INSERT) appends, and is refused any change by privilege', async () => {
    const runner = db.dataSource.createQueryRunner();
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
