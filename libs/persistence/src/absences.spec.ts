import { randomUUID } from 'node:crypto';
import { absencePhase, findAbsence, listAbsences, recordAbsence } from './absences';
import { createCaseManager } from './case-managers';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

async function caseManager(): Promise<string> {
  return (await createCaseManager(db.dataSource, { name: 'Claire', email: 'claire@maia.example', territory: 'MAIA-ABS' })).caseManager.id;
}

describe('absences', () => {
  it('records an absence once: the same id again returns the first record', async () => {
    const caseManagerId = await caseManager();
    const id = randomUUID();
    const input = { id, caseManagerId, territory: 'MAIA-ABS', from: '2026-08-01T00:00:00+02:00', to: '2026-08-22T00:00:00+02:00', coveredBy: ['cm-a', 'cm-b'], declaredBy: 'sup-1' };

    const first = await recordAbsence(db.dataSource, input);
    const again = await recordAbsence(db.dataSource, { ...input, to: '2026-09-01T00:00:00+02:00' });

    expect(first).toMatchObject({ id, caseManagerId, from: new Date('2026-07-31T22:00:00Z'), to: new Date('2026-08-21T22:00:00Z'), coveredBy: ['cm-a', 'cm-b'], declaredBy: 'sup-1' });
    expect(again).toEqual(first);
    await expect(listAbsences(db.dataSource, caseManagerId)).resolves.toEqual([first]);
    await expect(findAbsence(db.dataSource, id)).resolves.toEqual(first);
  });

  it('keeps the pathways left unplaced when it was declared (none unless given)', async () => {
    const caseManagerId = await caseManager();
    const unplaced = [randomUUID(), randomUUID()];
    const base = { caseManagerId, territory: 'MAIA-ABS', from: '2026-08-01T00:00:00Z', to: '2026-08-22T00:00:00Z', coveredBy: ['cm-a'], declaredBy: 'sup-1' };
    expect((await recordAbsence(db.dataSource, { ...base, id: randomUUID(), unplaced })).unplaced).toEqual(unplaced);
    expect((await recordAbsence(db.dataSource, { ...base, id: randomUUID() })).unplaced).toEqual([]);
  });

  it('lists the latest absence first', async () => {
    const caseManagerId = await caseManager();
    const base = { caseManagerId, territory: 'MAIA-ABS', coveredBy: ['cm-a'], declaredBy: 'sup-1' };
    const older = await recordAbsence(db.dataSource, { ...base, id: randomUUID(), from: '2026-02-01T00:00:00Z', to: '2026-02-10T00:00:00Z' });
    const later = await recordAbsence(db.dataSource, { ...base, id: randomUUID(), from: '2026-05-01T00:00:00Z', to: '2026-05-10T00:00:00Z' });
    expect((await listAbsences(db.dataSource, caseManagerId)).map((a) => a.id)).toEqual([later.id, older.id]);
  });

  it('refuses an absence that ends before it starts', async () => {
    const caseManagerId = await caseManager();
    await expect(
      recordAbsence(db.dataSource, { id: randomUUID(), caseManagerId, territory: 'MAIA-ABS', from: '2026-02-10T00:00:00Z', to: '2026-02-01T00:00:00Z', coveredBy: [], declaredBy: 's' }),
    ).rejects.toThrow(/absences_period_check/);
  });

  it('is SCHEDULED before from, COVERED from `from` until `to`, RETURNED from `to`', () => {
    const absence = { from: new Date('2026-08-01T00:00:00Z'), to: new Date('2026-08-22T00:00:00Z') };
    expect(absencePhase(absence, new Date('2026-07-31T23:59:59Z'))).toBe('SCHEDULED');
    expect(absencePhase(absence, new Date('2026-08-01T00:00:00Z'))).toBe('COVERED');
    expect(absencePhase(absence, new Date('2026-08-21T23:59:59Z'))).toBe('COVERED');
    expect(absencePhase(absence, new Date('2026-08-22T00:00:00Z'))).toBe('RETURNED');
  });
});
