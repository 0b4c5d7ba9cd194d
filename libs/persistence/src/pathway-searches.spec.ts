import { randomUUID } from 'node:crypto';
import { recordPathwayEvents } from './pathway-projection';
import { PathwaySearch, searchDeadlines, searchPathways, stageEvents } from './pathway-searches';
import { closePathway, openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const NOW = new Date('2026-03-01T00:00:00Z');
const deadline = (kind: string, dueAt: string, overdueSince?: string) => ({ kind, startedAt: '2026-01-01T00:00:00Z', dueAt, overdue: Boolean(overdueSince), ...(overdueSince ? { overdueSince } : {}) });
const scopeOf = (territory: string) => ({ territories: [territory], caseManagerIds: [], physicianEmails: [], memberRpps: [] });

async function withDeadlines(territory: string, deadlines: unknown[], version = 2): Promise<string> {
  const id = await openedPathway(db.dataSource, { territory });
  await recordPathwayEvents(db.dataSource, { pathwayId: id, events: [], projection: projection({ version, territory, summary: { stage: 'REFERRED', deadlines } }) });
  return id;
}

describe("a territory's running deadlines, in SQL", () => {
  it('overdue by the workflow or by the clock, soonest due first, paged with a total; closed pathways and other territories left out', async () => {
    const territory = `T-${randomUUID()}`;
    const marked = await withDeadlines(territory, [deadline('eligibilityDue', '2026-02-10T00:00:00Z', '2026-02-10T00:00:05Z'), deadline('assessmentDue', '2026-06-01T00:00:00Z')]);
    const byClock = await withDeadlines(territory, [deadline('eligibilityDue', '2026-02-05T00:00:00Z')]);
    const closed = await withDeadlines(territory, [deadline('eligibilityDue', '2026-02-01T00:00:00Z', '2026-02-01T00:00:05Z')]);
    await closePathway(db.dataSource, closed, 3, territory);
    await withDeadlines(`T-${randomUUID()}`, [deadline('eligibilityDue', '2026-02-01T00:00:00Z', '2026-02-01T00:00:05Z')]);

    const first = await searchDeadlines(db.dataSource, { scope: scopeOf(territory), overdue: true, now: NOW, limit: 1, offset: 0 });
    expect(first).toEqual({ total: 2, items: [expect.objectContaining({ pathwayId: byClock, kind: 'eligibilityDue', overdue: true, territory })] });
    const second = await searchDeadlines(db.dataSource, { scope: scopeOf(territory), overdue: true, now: NOW, limit: 1, offset: 1 });
    expect(second.items.map((d) => [d.pathwayId, d.overdueSince])).toEqual([[marked, '2026-02-10T00:00:05Z']]);
    expect(await searchDeadlines(db.dataSource, { scope: scopeOf(territory), overdue: true, now: NOW, limit: 1, offset: 5 })).toEqual({ total: 2, items: [] });

    const onTime = await searchDeadlines(db.dataSource, { scope: scopeOf(territory), overdue: false, now: NOW, limit: 10, offset: 0 });
    expect(onTime.items.map((d) => [d.pathwayId, d.kind])).toEqual([[marked, 'assessmentDue']]);
    const dueBy = await searchDeadlines(db.dataSource, { scope: scopeOf(territory), dueBefore: new Date('2026-02-06T00:00:00Z'), limit: 10, offset: 0 });
    expect(dueBy.items.map((d) => d.pathwayId)).toEqual([byClock]);
    // Out of scope: nothing, not an error.
    expect(await searchDeadlines(db.dataSource, { scope: scopeOf('T-nobody'), limit: 10, offset: 0 })).toEqual({ total: 0, items: [] });
  });
});

describe('pathways by patient and status, in SQL', () => {
  it('closed ones split by whether a case manager ever took them on; the INS finds the patient', async () => {
    const territory = `T-${randomUUID()}`;
    const open = await openedPathway(db.dataSource, { territory });
    const taken = await openedPathway(db.dataSource, { territory });
    await recordPathwayEvents(db.dataSource, {
      pathwayId: taken,
      events: [{ seq: 1, at: '2026-01-06T09:00:00Z', type: 'CASE_MANAGER_ASSIGNED', actor: 'sup', data: { caseManagerId: 'cm-1', stage: 'ASSESSMENT' } }],
      projection: projection({ version: 2, territory, stage: 'ASSESSMENT' }),
    });
    await closePathway(db.dataSource, taken, 3, territory);
    const refused = await openedPathway(db.dataSource, { territory });
    await closePathway(db.dataSource, refused, 3, territory);

    const ids = async (query: Partial<PathwaySearch>) =>
      (await searchPathways(db.dataSource, { scope: scopeOf(territory), limit: 10, offset: 0, ...query })).items.map((p) => p.id).sort();
    expect(await ids({})).toEqual([open, taken, refused].sort());
    expect(await ids({ stages: ['REFERRED'] })).toEqual([open]);
    expect(await ids({ stages: [], closed: 'assigned' })).toEqual([taken]);
    expect(await ids({ stages: [], closed: 'unassigned' })).toEqual([refused]);
    expect(await ids({ stages: ['REFERRED'], closed: 'all' })).toEqual([open, taken, refused].sort());
    expect(await ids({ stages: ['ASSESSMENT'] })).toEqual([]);

    const events = await stageEvents(db.dataSource, [taken, open]);
    expect(events.get(taken)?.map((e) => e.type)).toEqual(['CASE_MANAGER_ASSIGNED']);
    expect(events.get(open)).toEqual([]);

    const withIns = await openedPathway(db.dataSource, { territory, patient: { externalId: `P-${randomUUID()}`, firstName: 'A', lastName: 'B', birthDate: '1940-01-01', territory, ins: '255081416802538' } });
    expect(await ids({ ins: '255081416802538' })).toEqual([withIns]);
    expect(await ids({ ins: '255081416802538', scope: scopeOf('T-nobody') })).toEqual([]);
  });
});
