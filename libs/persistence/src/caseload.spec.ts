import { randomUUID } from 'node:crypto';
import { createCaseManager, findCaseManager, listCaseManagersWithCaseload } from './case-managers';
import { releaseCaseloadSlot, reserveCaseloadSlot } from './caseload';
import { recordPathwayEvents } from './pathway-projection';
import { openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const at = new Date('2026-01-10T09:00:00Z');

async function caseManager(capacity?: number, territory = `MAIA-${randomUUID().slice(0, 6)}`): Promise<string> {
  const result = await createCaseManager(db.dataSource, {
    name: 'Claire Bernard',
    email: 'claire.bernard@maia.example',
    territory,
    capacity,
  });
  return result.caseManager.id;
}

async function withActivePathways(caseManagerId: string, count: number): Promise<string[]> {
  const pathways = await Promise.all(Array.from({ length: count }, () => openedPathway(db.dataSource)));
  for (const pathwayId of pathways) {
    const result = await reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId, at });
    if (result.status !== 'RESERVED') throw new Error(`fixture slot not reserved: ${JSON.stringify(result)}`);
  }
  return pathways;
}

describe('the caseload cap', () => {
  it('lets exactly one of 50 concurrent assignments through to a case manager at 39 of 40', async () => {
    const caseManagerId = await caseManager();
    await withActivePathways(caseManagerId, 39);
    const candidates = await Promise.all(Array.from({ length: 50 }, () => openedPathway(db.dataSource)));

    const results = await Promise.all(
      candidates.map((pathwayId) => reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId, at })),
    );

    expect(results.filter((r) => r.status === 'RESERVED')).toHaveLength(1);
    expect(results.filter((r) => r.status !== 'RESERVED')).toEqual(
      Array.from({ length: 49 }, () => ({ status: 'AT_CAPACITY', active: 40, capacity: 40 })),
    );
    await expect(findCaseManager(db.dataSource, caseManagerId)).resolves.toMatchObject({ active: 40, capacity: 40 });
  });

  it('answers RESERVED to a repeated reservation of the same pathway, using one slot, even at capacity', async () => {
    const caseManagerId = await caseManager(2);
    const [pathwayId] = await withActivePathways(caseManagerId, 2);

    await expect(reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId, at })).resolves.toEqual({
      status: 'RESERVED',
    });
    await expect(findCaseManager(db.dataSource, caseManagerId)).resolves.toMatchObject({ active: 2 });
  });

  it('frees the previous case manager slot when a pathway is reassigned', async () => {
    const first = await caseManager(1);
    const second = await caseManager(1);
    const [pathwayId] = await withActivePathways(first, 1);

    await expect(reserveCaseloadSlot(db.dataSource, { caseManagerId: second, pathwayId, at })).resolves.toEqual({
      status: 'RESERVED',
      movedFrom: first,
    });
    await expect(findCaseManager(db.dataSource, first)).resolves.toMatchObject({ active: 0 });
    await expect(findCaseManager(db.dataSource, second)).resolves.toMatchObject({ active: 1 });
  });

  it('does not move a pathway to a case manager at capacity: it keeps its current slot', async () => {
    const current = await caseManager(1);
    const full = await caseManager(1);
    const [pathwayId] = await withActivePathways(current, 1);
    await withActivePathways(full, 1);

    await expect(reserveCaseloadSlot(db.dataSource, { caseManagerId: full, pathwayId, at })).resolves.toEqual({
      status: 'AT_CAPACITY',
      active: 1,
      capacity: 1,
    });
    await expect(findCaseManager(db.dataSource, current)).resolves.toMatchObject({ active: 1 });
  });

  it('answers UNKNOWN_CASE_MANAGER for a case manager that does not exist', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await expect(
      reserveCaseloadSlot(db.dataSource, { caseManagerId: 'nobody', pathwayId, at }),
    ).resolves.toEqual({ status: 'UNKNOWN_CASE_MANAGER' });
  });

  it('gives a released slot to the next pathway; releasing twice is harmless', async () => {
    const caseManagerId = await caseManager(1);
    const [held] = await withActivePathways(caseManagerId, 1);
    const waiting = await openedPathway(db.dataSource);

    await expect(releaseCaseloadSlot(db.dataSource, { pathwayId: held })).resolves.toEqual({
      releasedFrom: caseManagerId,
    });
    await expect(releaseCaseloadSlot(db.dataSource, { pathwayId: held })).resolves.toEqual({ releasedFrom: null });
    await expect(reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId: waiting, at })).resolves.toEqual({
      status: 'RESERVED',
    });
  });
});

describe('caseload reservations alongside projection writes', () => {
  it('do not deadlock when a pathway is reserved while its projection names the case manager', async () => {
    const caseManagerId = await caseManager();
    const pathways = await Promise.all(Array.from({ length: 30 }, () => openedPathway(db.dataSource)));

    const results = await Promise.all(
      pathways.flatMap((pathwayId) => [
        reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId, at }),
        recordPathwayEvents(db.dataSource, {
          pathwayId,
          events: [],
          projection: projection({ version: 2, stage: 'ASSESSMENT', caseManagerId }),
        }),
      ]),
    );

    expect(results.filter((r) => 'status' in r && r.status === 'RESERVED')).toHaveLength(30);
    await expect(findCaseManager(db.dataSource, caseManagerId)).resolves.toMatchObject({ active: 30 });
  });
});

describe('case managers', () => {
  it('are created with a capacity of 40 unless told otherwise', async () => {
    const result = await createCaseManager(db.dataSource, {
      id: `cm-${randomUUID()}`,
      name: 'Hugo Petit',
      email: 'hugo.petit@maia.example',
      territory: 'MAIA-69',
    });
    expect(result).toMatchObject({ status: 'CREATED', caseManager: { name: 'Hugo Petit', capacity: 40 } });
  });

  it('keep their id: creating another one with a taken id answers ID_TAKEN with the existing one', async () => {
    const id = `cm-${randomUUID()}`;
    await createCaseManager(db.dataSource, { id, name: 'Hugo Petit', email: 'h@maia.example', territory: 'MAIA-69' });
    const again = await createCaseManager(db.dataSource, {
      id,
      name: 'Someone Else',
      email: 'x@maia.example',
      territory: 'MAIA-13',
    });
    expect(again).toMatchObject({ status: 'ID_TAKEN', caseManager: { id, name: 'Hugo Petit' } });
  });

  it('are listed per territory with their current caseload', async () => {
    const territory = `MAIA-${randomUUID().slice(0, 6)}`;
    const busy = await caseManager(3, territory);
    const idle = await caseManager(undefined, territory);
    await caseManager(undefined, 'MAIA-ELSEWHERE');
    await withActivePathways(busy, 2);

    const listed = await listCaseManagersWithCaseload(db.dataSource, { territory });
    expect(listed.map(({ id, active, capacity }) => ({ id, active, capacity })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [
        { id: busy, active: 2, capacity: 3 },
        { id: idle, active: 0, capacity: 40 },
      ].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('that do not exist are not found', async () => {
    await expect(findCaseManager(db.dataSource, 'nobody')).resolves.toBeNull();
  });
});
