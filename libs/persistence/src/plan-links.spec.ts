import { randomUUID } from 'node:crypto';
import { claimPlanLink, findPlanLinkUse, planLinkId, releasePlanLink, signPlanLink, verifyPlanLink } from './plan-links';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

const SECRET = 's'.repeat(32);
const claims = { pathwayId: randomUUID(), memberId: 'physician', planVersion: 2, expiresAt: '2026-03-16T09:00:00.000Z' };

describe('plan links: signed, and verified only as signed', () => {
  it('gives back the claims of a link it signed', () => {
    expect(verifyPlanLink(signPlanLink(claims, SECRET), SECRET)).toEqual(claims);
  });

  it('refuses any character changed, another secret, or something that is not a link', () => {
    const link = signPlanLink(claims, SECRET);
    for (let i = 0; i < link.length; i += 1) {
      if (link[i] === '.') continue;
      const changed = `${link.slice(0, i)}${link[i] === 'A' ? 'B' : 'A'}${link.slice(i + 1)}`;
      expect(verifyPlanLink(changed, SECRET)).toBeUndefined();
    }
    expect(verifyPlanLink(link, 't'.repeat(32))).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${link}.x`, link.replace('.', '')]) expect(verifyPlanLink(junk, SECRET)).toBeUndefined();
  });
});

describe('plan link uses (PostgreSQL, as care_app)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await startPostgresForTests({ migrate: true });
  }, 120_000);
  afterAll(() => db?.stop());

  it('is claimed once, whoever comes second at the same moment; a release gives it back', async () => {
    const linkId = planLinkId(signPlanLink({ ...claims, pathwayId: randomUUID() }, SECRET));
    const use = { linkId, pathwayId: claims.pathwayId, memberId: 'physician', planVersion: 2, decision: 'VALIDATED' as const };
    const both = await Promise.all([claimPlanLink(db.dataSource, use), claimPlanLink(db.dataSource, use)]);
    expect(both.sort()).toEqual([false, true]);
    expect(await findPlanLinkUse(db.dataSource, linkId)).toMatchObject({ memberId: 'physician', planVersion: 2, decision: 'VALIDATED', usedAt: expect.any(Date) });
    await releasePlanLink(db.dataSource, linkId);
    expect(await findPlanLinkUse(db.dataSource, linkId)).toBeNull();
    expect(await claimPlanLink(db.dataSource, use)).toBe(true);
  });
});
