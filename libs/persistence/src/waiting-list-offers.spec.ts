import { randomUUID } from 'node:crypto';
import { recordAbsence } from './absences';
import { createCaseManager } from './case-managers';
import { releaseCaseloadSlot, reserveCaseloadSlot } from './caseload';
import { recordPathwayEvents } from './pathway-projection';
import { sql } from './sql';
import { openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';
import { decideWaitingListOffer, findWaitingListOffer, listOpenWaitingListOffers, offerWaitingPathway } from './waiting-list-offers';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const now = new Date('2026-03-10T09:00:00Z');
const at = new Date('2026-01-10T09:00:00Z');
const newTerritory = () => `MAIA-${randomUUID().slice(0, 6)}`;

async function caseManager(territory: string, capacity = 2): Promise<string> {
  const created = await createCaseManager(db.dataSource, { name: 'Claire Bernard', email: 'claire@maia.example', territory, capacity });
  return created.caseManager.id;
}

/** A pathway of `territory` in `stage` (its projection as the workflow writes it), referred on `referredAt`. */
async function pathwayIn(territory: string, stage: string, referredAt: string, caseManagerId?: string): Promise<string> {
  const pathwayId = await openedPathway(db.dataSource, { territory, referredAt: new Date(referredAt) });
  await recordPathwayEvents(db.dataSource, {
    pathwayId,
    events: [],
    projection: projection({ version: 2, territory, stage, caseManagerId, summary: { stage } }),
  });
  return pathwayId;
}

async function holding(caseManagerId: string, territory: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const pathwayId = await pathwayIn(territory, 'ASSESSMENT', '2025-12-01T09:00:00Z', caseManagerId);
    const reserved = await reserveCaseloadSlot(db.dataSource, { caseManagerId, pathwayId, at });
    if (reserved.status !== 'RESERVED') throw new Error(`fixture slot not reserved: ${JSON.stringify(reserved)}`);
  }
}

describe('offering the waiting list to a case manager with a free slot', () => {
  it("offers the territory's oldest waiting pathway, not another territory's nor one past assignment", async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory);
    await holding(cm, territory, 1);
    await pathwayIn(newTerritory(), 'AWAITING_ASSIGNMENT', '2026-01-01T09:00:00Z');
    await pathwayIn(territory, 'REFERRED', '2026-01-02T09:00:00Z');
    const newer = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-04T09:00:00Z');
    const oldest = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');

    const result = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `closure:${randomUUID()}`, now });

    expect(result).toEqual({ status: 'OFFERED', offer: expect.objectContaining({ pathwayId: oldest, caseManagerId: cm, territory, status: 'OFFERED', offeredAt: now }) });
    const open = await listOpenWaitingListOffers(db.dataSource, { territory });
    expect(open.map((o) => o.pathwayId)).toEqual([oldest]);
    expect(open.map((o) => o.pathwayId)).not.toContain(newer);
  });

  it('offers nothing to a case manager who had room before the slot was freed (their caseload did not drop below capacity)', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 3);
    await holding(cm, territory, 1);
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');

    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })).toEqual({ status: 'NO_OFFER', reason: 'HAD_ROOM' });
  });

  it('answers a repeated trigger with the offer it made, writing one row', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 1);
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-04T09:00:00Z');
    const triggerKey = `closure:${randomUUID()}`;

    const first = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey, now });
    const again = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey, now });

    expect(again).toEqual(first);
    const { rows } = await sql<{ n: number }>(db.dataSource, `SELECT count(*)::int AS n FROM waiting_list_offers WHERE case_manager_id = $1`, [cm]);
    expect(rows[0].n).toBe(1);
  });

  it('counts open offers with active pathways against the capacity', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 2);
    await holding(cm, territory, 1);
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-04T09:00:00Z');

    expect((await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })).status).toBe('OFFERED');
    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })).toEqual({ status: 'NO_OFFER', reason: 'NO_ROOM' });
  });

  it('offers nothing to a case manager absent now; offers again once the absence has ended', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 1);
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    await recordAbsence(db.dataSource, { id: randomUUID(), caseManagerId: cm, territory, from: '2026-03-09T00:00:00Z', to: '2026-03-12T00:00:00Z', coveredBy: ['someone'], declaredBy: 'sup' });

    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })).toEqual({ status: 'NO_OFFER', reason: 'ABSENT' });
    const later = new Date('2026-03-12T00:00:00Z');
    expect((await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now: later })).status).toBe('OFFERED');
  });

  it('offers nothing when no pathway waits, or when every waiting one is already offered', async () => {
    const territory = newTerritory();
    const [first, second] = [await caseManager(territory, 1), await caseManager(territory, 1)];
    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: first, triggerKey: `t:${randomUUID()}`, now })).toEqual({ status: 'NO_OFFER', reason: 'NOTHING_WAITING' });
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    expect((await offerWaitingPathway(db.dataSource, { caseManagerId: first, triggerKey: `t:${randomUUID()}`, now })).status).toBe('OFFERED');
    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: second, triggerKey: `t:${randomUUID()}`, now })).toEqual({ status: 'NO_OFFER', reason: 'NOTHING_WAITING' });
  });

  it('offers each waiting pathway once when ten case managers are freed at once', async () => {
    const territory = newTerritory();
    const cms = await Promise.all(Array.from({ length: 10 }, () => caseManager(territory, 1)));
    const waiting = [];
    for (let day = 1; day <= 3; day += 1) waiting.push(await pathwayIn(territory, 'AWAITING_ASSIGNMENT', `2026-01-0${day}T09:00:00Z`));

    const results = await Promise.all(cms.map((cm) => offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })));

    const offered = results.flatMap((r) => (r.status === 'OFFERED' ? [r.offer.pathwayId] : []));
    expect(offered.sort()).toEqual([...waiting].sort());
    expect(results.filter((r) => r.status === 'NO_OFFER')).toHaveLength(7);
  });

  it("withdraws the case manager's open offer whose pathway was assigned to someone else, freeing its place", async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 1);
    const other = await caseManager(territory, 5);
    const taken = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    const next = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-04T09:00:00Z');
    const first = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now });
    if (first.status !== 'OFFERED') throw new Error('no first offer');
    await recordPathwayEvents(db.dataSource, { pathwayId: taken, events: [], projection: projection({ version: 3, territory, stage: 'ASSESSMENT', caseManagerId: other }) });

    const second = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now });

    expect(second).toMatchObject({ status: 'OFFERED', offer: { pathwayId: next } });
    await expect(findWaitingListOffer(db.dataSource, first.offer.id)).resolves.toMatchObject({ status: 'WITHDRAWN', decidedBy: 'system', reason: 'the pathway no longer waits for a case manager' });
  });
});

describe('an offer whose assignment went through but was not recorded yet', () => {
  it('is counted once (by its slot), and listed for the auto-assigner only', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 2);
    const held = await pathwayIn(territory, 'ASSESSMENT', '2025-12-01T09:00:00Z', cm);
    await reserveCaseloadSlot(db.dataSource, { caseManagerId: cm, pathwayId: held, at });
    const offeredPathway = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    const next = await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-04T09:00:00Z');
    const made = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now });
    if (made.status !== 'OFFERED') throw new Error('no offer');
    // The assignment Update applied: the slot is reserved and the projection moved on; the offer is still OFFERED.
    await reserveCaseloadSlot(db.dataSource, { caseManagerId: cm, pathwayId: offeredPathway, at });
    await recordPathwayEvents(db.dataSource, { pathwayId: offeredPathway, events: [], projection: projection({ version: 3, territory, stage: 'ASSESSMENT', caseManagerId: cm }) });

    await expect(listOpenWaitingListOffers(db.dataSource, { territory })).resolves.toEqual([]);
    expect((await listOpenWaitingListOffers(db.dataSource, { territory, orAssignedToOfferee: true })).map((o) => o.id)).toEqual([made.offer.id]);
    // Their other pathway closes: 1 of 2 held (not 2, as if the unrecorded offer still held a place of its own).
    await releaseCaseloadSlot(db.dataSource, { pathwayId: held });
    expect(await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now })).toMatchObject({ status: 'OFFERED', offer: { pathwayId: next } });
    await expect(findWaitingListOffer(db.dataSource, made.offer.id)).resolves.toMatchObject({ status: 'OFFERED' });
  });
});

describe('deciding an offer', () => {
  it('decides an open offer once: a second decision answers null and changes nothing', async () => {
    const territory = newTerritory();
    const cm = await caseManager(territory, 1);
    await pathwayIn(territory, 'AWAITING_ASSIGNMENT', '2026-01-03T09:00:00Z');
    const made = await offerWaitingPathway(db.dataSource, { caseManagerId: cm, triggerKey: `t:${randomUUID()}`, now });
    if (made.status !== 'OFFERED') throw new Error('no offer');

    const declined = await decideWaitingListOffer(db.dataSource, { offerId: made.offer.id, status: 'DECLINED', decidedBy: 'sup-1', reason: 'too far', at: now });
    expect(declined).toMatchObject({ status: 'DECLINED', decidedBy: 'sup-1', reason: 'too far', decidedAt: now });
    await expect(decideWaitingListOffer(db.dataSource, { offerId: made.offer.id, status: 'ACCEPTED', decidedBy: 'sup-1' })).resolves.toBeNull();
    await expect(findWaitingListOffer(db.dataSource, made.offer.id)).resolves.toMatchObject({ status: 'DECLINED' });
    await expect(listOpenWaitingListOffers(db.dataSource, { territory })).resolves.toEqual([]);
  });

  it('finds no offer for an id that is not a uuid', async () => {
    await expect(findWaitingListOffer(db.dataSource, 'nope')).resolves.toBeNull();
    await expect(decideWaitingListOffer(db.dataSource, { offerId: 'nope', status: 'DECLINED', decidedBy: 'x' })).resolves.toBeNull();
  });
});
