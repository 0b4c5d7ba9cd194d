import { randomUUID } from 'node:crypto';
import { createCaseManager } from './case-managers';
import { openPathway, recordPathwayEvents } from './pathway-projection';
import {
  findPathway,
  InvalidCursorError,
  listPathways,
  listPathwaysInStage,
  listStuckPathways,
  listTimeline,
  PathwayRecord,
} from './pathway-reads';
import { openedPathway, projection, referral } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

/** Microseconds since the epoch of an ISO time, keeping the digits a JS Date drops. */
function micros(iso: string): bigint {
  const [, fraction = ''] = /\.(\d+)Z$/.exec(iso) ?? [];
  const wholeSeconds = Date.parse(iso.replace(/\.\d+Z$/, 'Z'));
  return BigInt(wholeSeconds) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

function newTerritory(): string {
  return `MAIA-${randomUUID().slice(0, 8)}`;
}

async function pathwayIn(territory: string, referredAt: string, state: Partial<Parameters<typeof projection>[0]> = {}) {
  const pathwayId = await openedPathway(db.dataSource, { territory, referredAt });
  if (Object.keys(state).length > 0) {
    await recordPathwayEvents(db.dataSource, {
      pathwayId,
      events: [],
      projection: projection({ version: 2, territory, ...state }),
    });
  }
  return pathwayId;
}

async function allPages(query: Omit<Parameters<typeof listPathways>[1], 'cursor'>): Promise<PathwayRecord[]> {
  const items: PathwayRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPathways(db.dataSource, { ...query, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

describe('reading one pathway', () => {
  it('returns the projection with its patient', async () => {
    const input = referral({ territory: 'MAIA-13' });
    await openPathway(db.dataSource, input);
    await expect(findPathway(db.dataSource, input.pathwayId)).resolves.toMatchObject({
      id: input.pathwayId,
      territory: 'MAIA-13',
      patient: {
        territory: 'MAIA-13',
        externalId: input.patient.externalId,
        firstName: 'Jeanne',
        lastName: 'Martin',
        birthDate: '1941-03-12',
      },
    });
  });

  it('finds nothing for an unknown id, nor for one that is not a uuid', async () => {
    await expect(findPathway(db.dataSource, randomUUID())).resolves.toBeNull();
    await expect(findPathway(db.dataSource, 'not-a-uuid')).resolves.toBeNull();
    await expect(listTimeline(db.dataSource, 'not-a-uuid')).resolves.toEqual([]);
  });

  it('lists the timeline oldest first, whatever order the events were recorded in', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const event = (seq: number) => ({ seq, at: `2026-01-0${seq}T10:00:00.000Z`, type: `E${seq}`, actor: 'cm-1', data: {} });
    await recordPathwayEvents(db.dataSource, { pathwayId, events: [event(3)], projection: projection({ version: 3 }) });
    await recordPathwayEvents(db.dataSource, { pathwayId, events: [event(1), event(2)], projection: projection({ version: 2 }) });

    expect((await listTimeline(db.dataSource, pathwayId)).map((e) => e.type)).toEqual(['E1', 'E2', 'E3']);
  });
});

describe('listing pathways', () => {
  it('pages through newest referral first without skipping or repeating, even when referral times tie', async () => {
    const territory = newTerritory();
    const times = [
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:00:00.000Z',
      '2026-01-05T09:00:00.000123Z', // microseconds: finer than a JS Date
      '2026-01-05T09:00:00.000456Z',
      '2026-01-07T09:00:00.000Z',
      '2026-01-03T09:00:00.000Z',
    ];
    const created: { micros: bigint; id: string }[] = [];
    for (const at of times) created.push({ micros: micros(at), id: await pathwayIn(territory, at) });
    // Newest first; ties broken by id, descending (PostgreSQL orders uuids like their lowercase text).
    const expected = created
      .sort((a, b) => (a.micros === b.micros ? (a.id < b.id ? 1 : -1) : a.micros < b.micros ? 1 : -1))
      .map((p) => p.id);

    const paged = await allPages({ territory, limit: 2 });

    expect(paged.map((p) => p.id)).toEqual(expected);
  });

  it('answers an empty last page with no next cursor', async () => {
    const page = await listPathways(db.dataSource, { territory: newTerritory(), limit: 10 });
    expect(page).toEqual({ items: [], nextCursor: null });
  });

  it('filters by territory, stage and case manager together', async () => {
    const territory = newTerritory();
    const { caseManager } = await createCaseManager(db.dataSource, {
      name: 'Claire Bernard',
      email: 'c.bernard@maia.example',
      territory,
    });
    const match = await pathwayIn(territory, '2026-01-05T09:00:00Z', {
      stage: 'ASSESSMENT',
      caseManagerId: caseManager.id,
    });
    await pathwayIn(territory, '2026-01-05T09:00:00Z', { stage: 'ASSESSMENT' });
    await pathwayIn(territory, '2026-01-05T09:00:00Z', { stage: 'FOLLOW_UP', caseManagerId: caseManager.id });
    await pathwayIn(newTerritory(), '2026-01-05T09:00:00Z', { stage: 'ASSESSMENT', caseManagerId: caseManager.id });

    const page = await listPathways(db.dataSource, {
      territory,
      stage: 'ASSESSMENT',
      caseManagerId: caseManager.id,
      limit: 10,
    });
    expect(page.items.map((p) => p.id)).toEqual([match]);
  });

  it('refuses a cursor it did not issue, and a page size out of range', async () => {
    await expect(listPathways(db.dataSource, { limit: 10, cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(
      InvalidCursorError,
    );
    // Well-formed JSON of the right shape, but an instant that does not exist or PostgreSQL cannot hold:
    // refused as a cursor rather than reaching the query (where it was a database error, a 500).
    const forged = (at: string) => Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');
    for (const at of ['2026-02-31T10:00:00.000000Z', '2026-12-01T24:00:00.000000Z', '-271821-04-20T00:00:00Z', '0000-01-01T00:00:00.000000Z', 'Tue, 01 Dec 2026 10:00:00 GMT']) {
      await expect(listPathways(db.dataSource, { limit: 10, cursor: forged(at) })).rejects.toThrow(InvalidCursorError);
    }
    const page = await listPathways(db.dataSource, { limit: 10, cursor: forged('2026-02-28T10:00:00.123456Z') });
    expect(Array.isArray(page.items)).toBe(true);
    await expect(listPathways(db.dataSource, { limit: 0 })).rejects.toThrow('limit must be an integer from 1 to 200');
    await expect(listPathways(db.dataSource, { limit: 201 })).rejects.toThrow(RangeError);
  });
});

describe('supervision lists', () => {
  it('lists the stuck open pathways of a territory, most overdue first', async () => {
    const territory = newTerritory();
    const recent = await pathwayIn(territory, '2026-01-05T09:00:00Z', {
      stuckReason: 'assessmentDue passed',
      overdueSince: '2026-03-01T00:00:00Z',
    });
    const oldest = await pathwayIn(territory, '2026-01-06T09:00:00Z', {
      stuckReason: 'eligibilityDue passed',
      overdueSince: '2026-02-01T00:00:00Z',
    });
    await pathwayIn(territory, '2026-01-07T09:00:00Z', {});
    await pathwayIn(territory, '2026-01-08T09:00:00Z', {
      stuckReason: 'assessmentDue passed',
      overdueSince: '2026-01-15T00:00:00Z',
      closedAt: '2026-01-20T00:00:00Z',
      stage: 'CLOSED',
    });

    const stuck = await listStuckPathways(db.dataSource, { territory });
    expect(stuck.map((p) => [p.id, p.stuckReason])).toEqual([
      [oldest, 'eligibilityDue passed'],
      [recent, 'assessmentDue passed'],
    ]);
  });

  it('lists the waiting list oldest referral first', async () => {
    const territory = newTerritory();
    const newer = await pathwayIn(territory, '2026-01-09T09:00:00Z', { stage: 'AWAITING_ASSIGNMENT' });
    const older = await pathwayIn(territory, '2026-01-02T09:00:00Z', { stage: 'AWAITING_ASSIGNMENT' });
    await pathwayIn(territory, '2026-01-01T09:00:00Z', { stage: 'ASSESSMENT' });

    const waiting = await listPathwaysInStage(db.dataSource, { stage: 'AWAITING_ASSIGNMENT', territory });
    expect(waiting.map((p) => p.id)).toEqual([older, newer]);
  });
});
