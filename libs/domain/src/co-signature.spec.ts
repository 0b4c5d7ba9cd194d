import { awaitedSigners } from './co-signature';
import { DAY, JOURNEY, shiftIso, storyUpTo } from './testing/pathway-fixtures';

/** A pathway in PLANNING under a curatelle granted in `at`'s week, with its legal representative in the team (m1). */
function underCuratelle() {
  const story = storyUpTo('PLANNING');
  // As the workflow's validator and patched handler decide (plan-co-signature).
  story.flags = { planCoSignature: true };
  const at = shiftIso(JOURNEY.assessedAt, DAY);
  story.step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: at }, at);
  story.step({ type: 'fileLegalProtectionRequest', filedAt: at }, at);
  story.step({ type: 'recordLegalProtectionRuling', ruledAt: at, outcome: 'GRANTED', measureEndsAt: shiftIso(at, 365 * DAY), representative: 'Paul A.' }, at);
  story.step({ type: 'addCareTeamMember', member: { role: 'LEGAL_REPRESENTATIVE', name: 'Paul A.', email: 'paul@example.org', relationship: 'curateur, fils' } }, at);
  story.step({ type: 'recordPlan', services: [{ type: 'SAAD', provider: 'SAAD Nord', frequency: 'daily', startsAt: at }] }, at);
  const ack = (by: string | undefined, when: string) => story.attempt({ type: 'acknowledgePlan', acknowledgedAt: when, ...(by ? { by } : {}) }, when);
  return { story, at, ack };
}

describe('the legal representative co-signs the plan under a curatelle or tutelle', () => {
  it('is sent the plan with the physician', () => {
    const { story } = underCuratelle();
    expect(story.notifications.filter((n) => n.kind === 'planToCoSign').map((n) => [n.recipientRole, n.recipientAddress, n.data.memberId])).toEqual([
      ['legal_representative', 'paul@example.org', 'm1'],
    ]);
  });

  it('counts the plan as validated only after both acknowledgements, in either order', () => {
    for (const order of [['physician', 'm1'], ['m1', undefined]] as const) {
      const { story, at, ack } = underCuratelle();
      const first = shiftIso(at, DAY);
      const one = ack(order[0], first);
      expect(one.ok).toBe(true);
      expect(story.state.stage).toBe('PLAN_VALIDATION');
      expect(story.state.plan?.acknowledgedAt).toBeUndefined();
      expect(awaitedSigners(story.state, new Date(first))).toEqual([order[0] === 'physician' ? 'm1' : 'physician']);
      expect(ack(order[0], first)).toMatchObject({ ok: false, rejection: { reason: expect.stringMatching(/already acknowledged by/) } });
      const two = ack(order[1], shiftIso(first, DAY));
      expect(two.ok).toBe(true);
      expect(story.state.stage).toBe('FOLLOW_UP');
      expect(story.state.plan?.acknowledgements?.map((a) => a.memberId).sort()).toEqual(['m1', 'physician']);
    }
  });

  it('replays the old rule without the flag: the physician alone validated (histories before plan-co-signature)', () => {
    const { story, at } = underCuratelle();
    story.flags = {};
    story.step({ type: 'acknowledgePlan', acknowledgedAt: shiftIso(at, DAY) }, shiftIso(at, DAY));
    expect(story.state.stage).toBe('FOLLOW_UP');
  });

  it('refuses an acknowledgement by anyone else; without a measure in force the physician alone validates', () => {
    const { ack, at } = underCuratelle();
    expect(ack('caregiver', shiftIso(at, DAY))).toMatchObject({ ok: false, rejection: { reason: expect.stringMatching(/does not sign the plan/) } });
    const plain = storyUpTo('PLAN_VALIDATION');
    expect(plain.attempt({ type: 'acknowledgePlan', acknowledgedAt: JOURNEY.acknowledgedAt, by: 'm1' }, JOURNEY.acknowledgedAt)).toMatchObject({ ok: false });
    plain.step({ type: 'acknowledgePlan', acknowledgedAt: JOURNEY.acknowledgedAt }, JOURNEY.acknowledgedAt);
    expect(plain.state.stage).toBe('FOLLOW_UP');
  });
});
