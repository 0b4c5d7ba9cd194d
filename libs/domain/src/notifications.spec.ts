import { notificationsFor } from './notifications';
import { PathwayEvent } from './state';
import { passTime } from './timers';
import { ALL_CRITERIA_MET, context, JOURNEY, PathwayStory, referralOf, sampleCommand, storyUpTo } from './testing/pathway-fixtures';

/** Follow-up with monthly calls, up to the reassessment reminder of 27 September. */
function untilReassessmentReminder(story = storyUpTo('FOLLOW_UP')): PathwayStory {
  for (const at of ['2025-05-12', '2025-06-10', '2025-07-08', '2025-08-05', '2025-09-02']) {
    story.step(sampleCommand('logContact', `${at}T09:00:00Z`), `${at}T09:00:00Z`, 'cm-1');
  }
  story.advanceTo('2025-09-27T10:00:00.000Z');
  return story;
}

const reassessmentReminder = (events: PathwayEvent[]) =>
  events.filter((e) => e.type === 'REMINDER_DUE' && e.data.clock === 'reassessmentDue');

describe('notifications', () => {
  it('a reminder goes to each of its roles, with the deadline, the territory and the case manager in charge', () => {
    const story = untilReassessmentReminder();
    const sent = notificationsFor(story.state, reassessmentReminder(story.events));
    expect(sent).toEqual([
      expect.objectContaining({
        pathwayId: 'pw-1',
        kind: 'reassessmentDueReminder',
        recipientRole: 'case_manager',
        caseManagerId: 'cm-1',
        territory: 'MAIA-75-NORD',
        dueAt: '2025-10-11T10:00:00.000Z',
        sendAt: '2025-09-27T10:00:00.000Z',
      }),
      expect.objectContaining({ kind: 'reassessmentVisit', recipientRole: 'caregiver', dueAt: '2025-10-11T10:00:00.000Z' }),
    ]);
  });

  it('the same events give the same dedupe keys, so a retried hand-over writes each notification once', () => {
    const story = untilReassessmentReminder();
    const keys = () => notificationsFor(story.state, story.events).map((n) => n.dedupeKey);
    expect(keys()).toEqual(keys());
    expect(untilReassessmentReminder().notifications.map((n) => n.dedupeKey)).toEqual(story.notifications.map((n) => n.dedupeKey));
  });

  it('dedupe keys name the pathway, the kind, the due event and the role', () => {
    const [toCaseManager] = notificationsFor(untilReassessmentReminder().state, reassessmentReminder(untilReassessmentReminder().events));
    expect(toCaseManager.dedupeKey).toBe('pw-1:reassessmentDueReminder:2025-10-11T10:00:00.000Z:2025-09-27T10:00:00.000Z:case_manager');
  });

  it('every notification of a pathway has its own dedupe key', () => {
    const story = storyUpTo('ASSESSMENT');
    story.advanceTo('2025-05-01T00:00:00Z'); // every first-cycle deadline passes, with reminders and escalations
    const keys = story.notifications.map((n) => n.dedupeKey);
    expect(keys.length).toBeGreaterThan(5);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('two physician reminders of the same window are two notifications', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.advanceTo('2025-04-25T10:00:00.000Z');
    const reminders = story.notifications.filter((n) => n.kind === 'planAcknowledgementDueReminder');
    expect(reminders).toHaveLength(2);
    expect(reminders[0].dedupeKey).not.toBe(reminders[1].dedupeKey);
  });

  it("a reminder handed over after the person's death sends nothing to the caregiver", () => {
    const story = untilReassessmentReminder();
    const pending = reassessmentReminder(story.events);
    story.step({ type: 'closePathway', reason: 'DECEASED' }, '2025-09-28T10:00:00Z', 'cm-1');
    const sent = notificationsFor(story.state, pending);
    expect(sent.map((n) => n.recipientRole)).toEqual(['case_manager']);
  });

  it('after a DECEASED closure, nothing more is ever sent to the family', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('admitToHospital', '2025-05-01T08:00:00Z'), '2025-05-01T08:00:00Z', 'cm-1');
    const closing = story.step({ type: 'closePathway', reason: 'DECEASED' }, '2025-05-03T08:00:00Z', 'cm-1');
    expect(notificationsFor(story.state, closing)).toEqual([]);
    story.advanceTo('2026-12-31T00:00:00Z');
    expect(story.notifications.filter((n) => n.recipientRole === 'caregiver')).toEqual([]);
    expect(passTime(story.state, context('2026-12-31T00:00:00Z')).events).toEqual([]);
  });

  it('a pathway without a caregiver sends caregiver reminders to nobody', () => {
    const alone = PathwayStory.referred('2025-03-03T09:00:00.000Z', undefined, referralOf('2025-03-03T09:00:00.000Z', { caregiver: undefined }));
    alone.step(sampleCommand('decideEligibility', '2025-03-07T09:00:00.000Z'), '2025-03-07T09:00:00.000Z');
    alone.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-03-07T14:00:00.000Z');
    alone.step({ type: 'recordConsent', given: true, at: '2025-03-12T10:00:00.000Z' }, '2025-03-12T10:00:00.000Z');
    alone.step(sampleCommand('recordAssessment', '2025-03-28T10:00:00.000Z'), '2025-03-28T10:00:00.000Z');
    alone.step(sampleCommand('recordPlan', '2025-04-11T10:00:00.000Z'), '2025-04-11T10:00:00.000Z');
    alone.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-04-15T10:00:00.000Z' }, '2025-04-15T10:00:00.000Z');
    untilReassessmentReminder(alone);
    expect(reassessmentReminder(alone.events)[0].data.to).toEqual(['case_manager', 'caregiver']);
    expect(alone.notifications.filter((n) => n.recipientRole === 'caregiver')).toEqual([]);
    expect(alone.notifications.some((n) => n.kind === 'reassessmentDueReminder')).toBe(true);
  });

  it('after a reassignment, reminders name the new case manager', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-2' }, '2025-05-02T10:00:00Z', 'supervisor-1');
    story.advanceTo('2025-05-15T10:00:00.000Z');
    const reminder = story.notifications.find((n) => n.kind === 'contactDueReminder');
    expect(reminder).toMatchObject({ recipientRole: 'case_manager', caseManagerId: 'cm-2' });
  });

  it('a deadline passing without escalation (within the repeat period) notifies nobody', () => {
    const event: PathwayEvent = {
      seq: 9,
      at: '2025-05-01T00:00:00.000Z',
      type: 'DEADLINE_PASSED',
      actor: 'system',
      data: { clock: 'firstHomeVisitDue', dueAt: '2025-05-01T00:00:00.000Z', reason: 'first home visit overdue' },
    };
    expect(notificationsFor(storyUpTo('ASSESSMENT').state, [event])).toEqual([]);
  });

  it('a notification to the physician or the caregiver carries their address from the referral', () => {
    const story = untilReassessmentReminder();
    const planToValidate = story.notifications.find((n) => n.kind === 'planToValidate');
    const visit = story.notifications.find((n) => n.kind === 'reassessmentVisit');
    expect(planToValidate?.recipientAddress).toBe('martin@example.org');
    expect(visit?.recipientAddress).toBe('claire@example.org');
  });

  describe('the referrer', () => {
    const referredBy = (referrerEmail?: string) =>
      PathwayStory.referred(JOURNEY.referredAt, undefined, referralOf(JOURNEY.referredAt, { referral: { source: 'Dr Martin (médecin traitant)', referredAt: JOURNEY.referredAt, referrerEmail } }));
    const reorient = (story: PathwayStory) =>
      story.step(
        { type: 'decideEligibility', decision: 'REFUSED', criteria: { ...ALL_CRITERIA_MET, noCoordinator: false }, reorientedTo: 'SSIAD du secteur' },
        JOURNEY.eligibilityAt,
        'intake-1',
      );

    it("a reoriented referral that gave the referrer's e-mail tells the referrer at that address", () => {
      const story = referredBy('secretariat@cabinet-martin.example');
      const toReferrer = notificationsFor(story.state, reorient(story)).filter((n) => n.recipientRole === 'referrer');
      expect(toReferrer).toEqual([expect.objectContaining({ kind: 'referralReoriented', recipientAddress: 'secretariat@cabinet-martin.example' })]);
    });

    it('without it the notification to the referrer carries no address, as before (the worker cannot send it)', () => {
      const story = referredBy(undefined);
      const [toReferrer] = notificationsFor(story.state, reorient(story)).filter((n) => n.recipientRole === 'referrer');
      expect(toReferrer.kind).toBe('referralReoriented');
      expect(toReferrer.recipientAddress).toBeUndefined();
    });

    it('a closure told to the referrer (consent refused) goes to the same address', () => {
      const story = referredBy('secretariat@cabinet-martin.example');
      story.step({ type: 'decideEligibility', decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA_MET } }, JOURNEY.eligibilityAt, 'intake-1');
      story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, JOURNEY.assignedAt, 'supervisor-1');
      const events = story.step({ type: 'recordConsent', given: false, at: JOURNEY.firstVisitAt }, JOURNEY.firstVisitAt, 'cm-1');
      expect(notificationsFor(story.state, events).map((n) => [n.kind, n.recipientRole, n.recipientAddress])).toEqual([
        ['pathwayClosed', 'referrer', 'secretariat@cabinet-martin.example'],
        ['pathwayClosed', 'physician', 'martin@example.org'],
      ]);
    });
  });

  it('steps that concern nobody outside the pathway notify nobody', () => {
    const story = storyUpTo('ASSESSMENT');
    const events = story.step(sampleCommand('logContact', '2025-03-10T10:00:00Z'), '2025-03-10T10:00:00Z', 'cm-1');
    expect(notificationsFor(story.state, events)).toEqual([]);
  });
});
