import { randomUUID } from 'node:crypto';
import { CLOCK_KINDS, CLOCK_RULES, ClockKind, PathwayState, stuckReasons } from '@pathway/domain';
import { recordPathwayEvents } from '@pathway/persistence';
import { StuckCodes1795490000000 } from '../../../../libs/persistence/src/migrations/1795490000000-StuckCodes';
import { openedPathway, projection } from '../../../../libs/persistence/src/testing/fixtures';
import { startPostgresForTests, TestDatabase } from '../../../../libs/persistence/src/testing/test-database';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { SupervisionService } from './supervision.service';

/**
 * Issue 22: the stuck list and the indicators key on stable codes. Every display sentence is reworded
 * here (as a later edit of libs/domain CLOCK_RULES would), and what the workflow would project, the
 * stored rows, the stuck list and the indicators must still agree: on real PostgreSQL.
 */
let db: TestDatabase;
let service: SupervisionService;
const original = new Map(CLOCK_KINDS.map((kind) => [kind, CLOCK_RULES[kind].overdueReason]));
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
  service = new SupervisionService(db.dataSource, new PathwayAccess(db.dataSource));
}, 120_000);
afterAll(async () => {
  for (const [kind, sentence] of original) CLOCK_RULES[kind].overdueReason = sentence;
  await db?.stop();
});

const supervisorOf = (territory: string): Principal => ({ sub: 'pilote-1', roles: ['supervisor'], territory });

/** What the workflow projects for a pathway whose `kind` deadline passed (libs/workflows projection()). */
async function overduePathway(territory: string, kind: ClockKind, since = '2026-03-01T00:00:00.000Z'): Promise<string> {
  const state = { clocks: [{ kind, startedAt: '2026-02-01T00:00:00.000Z', dueAt: since, overdueSince: since, reminders: [] }] } as unknown as PathwayState;
  const stuck = stuckReasons(state);
  const pathwayId = await openedPathway(db.dataSource, { territory });
  await recordPathwayEvents(db.dataSource, {
    pathwayId,
    events: [],
    projection: projection({ version: 2, territory, stage: 'FOLLOW_UP', stuckReason: stuck[0].code, overdueSince: since, summary: { stage: 'FOLLOW_UP', stuck } }),
  });
  return pathwayId;
}

describe('stuck codes, whatever the sentences say', () => {
  it('every sentence reworded: the indicators still count an overdue pathway, the stuck list still names its code', async () => {
    for (const kind of CLOCK_KINDS) CLOCK_RULES[kind].overdueReason = `reworded: ${kind}`;
    const territory = `MAIA-${randomUUID().slice(0, 8)}`;
    const crisis = await overduePathway(territory, 'crisisActionDue');
    // Inactivity is stuck but not overdue: the indicators must keep telling them apart by code.
    await overduePathway(territory, 'inactivityStuckAfter', '2026-03-02T00:00:00.000Z');

    const indicators = await service.indicators(supervisorOf(territory), { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(indicators.overdue.pathwaysOverdueNow).toBe(1);

    const stuck = await service.stuck(supervisorOf(territory));
    expect(stuck.map((p) => [p.code, p.reason])).toEqual([
      ['crisisActionDue', 'reworded: crisisActionDue'],
      ['inactivityStuckAfter', 'reworded: inactivityStuckAfter'],
    ]);
    expect(stuck[0]).toMatchObject({ pathwayId: crisis, clock: 'crisisActionDue', reasons: [{ code: 'crisisActionDue', source: 'projection' }] });
  });
});

describe('migration StuckCodes1795490000000', () => {
  it('rewrites the sentences stored before issue 22 into codes, in the column and in the summary', async () => {
    const territory = `MAIA-${randomUUID().slice(0, 8)}`;
    const stored = async (stuckReason: string, stuck: object[]) => {
      const pathwayId = await openedPathway(db.dataSource, { territory });
      await recordPathwayEvents(db.dataSource, {
        pathwayId,
        events: [],
        projection: projection({ version: 2, territory, stage: 'FOLLOW_UP', stuckReason, overdueSince: '2026-03-01T00:00:00Z', summary: { stage: 'FOLLOW_UP', stuck } }),
      });
      return pathwayId;
    };
    const since = '2026-03-01T00:00:00.000Z';
    const crisis = await stored('crisis without action within 24 hours', [{ reason: 'crisis without action within 24 hours', since, clock: 'crisisActionDue' }]);
    const nursingHome = await stored("nursing-home application without the physician's medical part", []);
    const failing = await stored('activity recordPathwayEvents (refused by the database: SQLSTATE 22P02) keeps failing', [
      { reason: 'activity recordPathwayEvents (refused by the database: SQLSTATE 22P02) keeps failing', since },
    ]);

    const runner = db.dataSource.createQueryRunner();
    try {
      await new StuckCodes1795490000000().up(runner);
    } finally {
      await runner.release();
    }
    const rows: { id: string; stuck_reason: string; stuck: unknown }[] = await db.dataSource.query(
      `SELECT id, stuck_reason, summary->'stuck' AS stuck FROM pathways WHERE territory = $1`,
      [territory],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(crisis)).toMatchObject({ stuck_reason: 'crisisActionDue', stuck: [{ code: 'crisisActionDue', reason: 'crisis without action within 24 hours', since, clock: 'crisisActionDue' }] });
    expect(byId.get(nursingHome)).toMatchObject({ stuck_reason: 'nursingHomeMedicalPartDue', stuck: [] });
    expect(byId.get(failing)).toMatchObject({ stuck_reason: 'activityFailing', stuck: [{ code: 'activityFailing' }] });
    // The indicators count the migrated row.
    const indicators = await service.indicators(supervisorOf(territory), { from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    expect(indicators.overdue.pathwaysOverdueNow).toBe(1); // the crisis; a nursing-home medical part is a third party's delay
  });
});
