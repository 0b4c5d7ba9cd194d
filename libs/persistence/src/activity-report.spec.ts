import { randomUUID } from 'node:crypto';
import { territoryActivity } from './activity-report';
import { PathwayEventInput, recordPathwayEvents } from './pathway-projection';
import { closePathway, openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

async function pathwayWith(territory: string, referredAt: string, events: [at: string, type: string, data?: Record<string, unknown>][]): Promise<string> {
  const pathwayId = await openedPathway(db.dataSource, { territory, referredAt: new Date(referredAt) });
  const timeline: PathwayEventInput[] = events.map(([at, type, data = {}], i) => ({ seq: i + 1, at, type, actor: 'cm-1', data }));
  await recordPathwayEvents(db.dataSource, { pathwayId, events: timeline, projection: projection({ version: 2, territory }) });
  return pathwayId;
}

describe('the activity of a territory over a period (annual report)', () => {
  it('open at the start, active during it by the case manager holding them at its end, and the GIR of their latest assessment', async () => {
    const territory = `MAIA-${randomUUID().slice(0, 8)}`;
    // Open before the period, assigned, assessed GIR 3 (and GIR 2 after the period: not counted).
    await pathwayWith(territory, '2025-12-01T09:00:00Z', [
      ['2025-12-02T09:00:00Z', 'CASE_MANAGER_ASSIGNED', { caseManagerId: 'cm-a' }],
      ['2025-12-10T09:00:00Z', 'ASSESSMENT_RECORDED', { performedAt: '2025-12-10T09:00:00Z', summary: 'at home', gir: 3 }],
      ['2026-03-10T09:00:00Z', 'ASSESSMENT_RECORDED', { performedAt: '2026-03-10T09:00:00Z', summary: 'worse', gir: 2 }],
    ]);
    // Referred during the period, never assigned.
    await pathwayWith(territory, '2026-01-20T09:00:00Z', []);
    // Open at the start, reassigned during the period, closed during it (2026-02-01).
    const closed = await pathwayWith(territory, '2025-11-01T09:00:00Z', [
      ['2025-11-03T09:00:00Z', 'CASE_MANAGER_ASSIGNED', { caseManagerId: 'cm-a' }],
      ['2026-01-20T09:00:00Z', 'CASE_MANAGER_REASSIGNED', { caseManagerId: 'cm-b', previousCaseManagerId: 'cm-a' }],
    ]);
    await closePathway(db.dataSource, closed, 3, territory);
    // Referred after the period, and one closed before it: neither counts.
    await pathwayWith(territory, '2026-04-01T09:00:00Z', []);
    const early = await pathwayWith(territory, '2025-06-01T09:00:00Z', []);
    await closePathway(db.dataSource, early, 3, territory); // closed 2026-02-01: before a period starting 2026-03-01

    expect(await territoryActivity(db.dataSource, { territory, from: '2026-01-15T00:00:00Z', to: '2026-03-01T00:00:00Z' })).toEqual({
      openAtStart: 3,
      activeInPeriod: 4,
      activeByCaseManager: [
        { caseManagerId: 'cm-a', name: 'cm-a', active: 1 },
        { caseManagerId: 'cm-b', name: 'cm-b', active: 1 },
      ],
      activeUnassigned: 2,
      girDistribution: { '1': 0, '2': 0, '3': 1, '4': 0, '5': 0, '6': 0, none: 3 },
    });
    const later = await territoryActivity(db.dataSource, { territory, from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00Z' });
    expect(later).toMatchObject({ openAtStart: 2, activeInPeriod: 3, activeUnassigned: 2, girDistribution: { '2': 1, none: 2 } });
  });
});
