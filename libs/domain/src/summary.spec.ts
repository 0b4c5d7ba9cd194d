import { CLOCK_KINDS, CLOCK_RULES, startClock } from './clocks';
import { DEFAULT_POLICY, parsePolicy } from './policy';
import { nextDeadlineAt, OVERDUE_CODES, stuckReasons, summarize, upcomingReminders, visibleStuckCode } from './summary';
import { pathwayIn, storyUpTo } from './testing/pathway-fixtures';

describe('clocks', () => {
  it('every clock kind has a policy duration (or a date its step gives) and a reason a supervisor can read', () => {
    for (const kind of CLOCK_KINDS) {
      const duration = CLOCK_RULES[kind].dueFrom === 'input' ? 'string' : typeof DEFAULT_POLICY[kind as keyof typeof DEFAULT_POLICY];
      expect([kind, duration]).toEqual([kind, 'string']);
      expect(CLOCK_RULES[kind].overdueReason.length).toBeGreaterThan(5);
    }
  });

  it('a reminder whose lead time covers the whole window is sent when the clock starts', () => {
    const policy = parsePolicy({ planDueReminderBefore: 'P15D' });
    expect(startClock('planDue', '2025-03-28T10:00:00.000Z', policy).reminders).toEqual([{ at: '2025-03-28T10:00:00.000Z', to: ['case_manager'] }]);
  });

  it('a reminder is placed by instants, not by text, when the start date carries an offset', () => {
    // 09:00 in Paris (07:00 UTC); the 24-hour crisis-style window with a 23-hour lead reminds at 08:00 UTC.
    const policy = parsePolicy({ postDischargeReassessmentDue: 'PT24H', postDischargeReassessmentDueReminderBefore: 'PT23H' });
    const clock = startClock('postDischargeReassessmentDue', '2025-08-05T09:00:00+02:00', policy);
    expect(clock.dueAt).toBe('2025-08-06T07:00:00.000Z');
    expect(clock.reminders[0].at).toBe('2025-08-05T08:00:00.000Z');
  });

  it('a due instant given by the caller wins over the policy duration', () => {
    expect(startClock('reassessmentDue', '2025-04-11T10:00:00.000Z', DEFAULT_POLICY, '2025-08-15T10:00:00.000Z')).toMatchObject({
      dueAt: '2025-08-15T10:00:00.000Z',
      reminders: [{ at: '2025-08-01T10:00:00.000Z', to: ['case_manager', 'caregiver'] }],
    });
  });
});

describe('the summary', () => {
  it('shows the deadlines soonest first, without the inactivity watch', () => {
    const summary = summarize(pathwayIn('ASSESSMENT'), new Date('2025-03-08T00:00:00Z'));
    expect(summary.deadlines.map((d) => [d.kind, d.dueAt, d.overdue])).toEqual([
      ['firstContactDue', '2025-03-14T14:00:00.000Z', false],
      ['firstHomeVisitDue', '2025-03-22T14:00:00.000Z', false],
      ['assessmentDue', '2025-04-06T14:00:00.000Z', false],
    ]);
  });

  it('shows a deadline already past as overdue even before the timer has run', () => {
    const summary = summarize(pathwayIn('ASSESSMENT'), new Date('2025-03-15T00:00:00Z'));
    expect(summary.deadlines[0]).toMatchObject({ kind: 'firstContactDue', overdue: true, overdueSince: undefined });
  });

  it('carries who is who, the stage and the case manager', () => {
    const summary = summarize(pathwayIn('FOLLOW_UP'), new Date('2025-04-16T00:00:00Z'));
    expect(summary).toMatchObject({
      id: 'pw-1',
      stage: 'FOLLOW_UP',
      cycle: 1,
      territory: 'MAIA-75-NORD',
      caseManagerId: 'cm-1',
      physician: { name: 'Dr Martin' },
      caregiver: { relationship: 'daughter' },
      plan: { version: 1 },
      stuck: [],
    });
  });

  it('the next deadline skips those already overdue', () => {
    const story = storyUpTo('ASSESSMENT');
    story.advanceTo('2025-03-15T00:00:00Z');
    expect(nextDeadlineAt(story.state)).toBe('2025-03-22T14:00:00.000Z');
  });

  it('lists the reminders still to come, one per role', () => {
    const upcoming = upcomingReminders(pathwayIn('FOLLOW_UP'));
    expect(upcoming.filter((r) => r.clock === 'reassessmentDue').map((r) => [r.recipientRole, r.remindAt])).toEqual([
      ['case_manager', '2025-09-27T10:00:00.000Z'],
      ['caregiver', '2025-09-27T10:00:00.000Z'],
    ]);
  });
});

describe('stuck reasons', () => {
  it('name each passed deadline and since when, oldest first', () => {
    const story = storyUpTo('ASSESSMENT');
    story.advanceTo('2025-03-23T00:00:00Z');
    expect(stuckReasons(story.state)).toEqual([
      { code: 'firstContactDue', reason: 'first contact overdue', since: '2025-03-14T14:00:00.000Z', clock: 'firstContactDue' },
      { code: 'firstHomeVisitDue', reason: 'first home visit overdue', since: '2025-03-22T14:00:00.000Z', clock: 'firstHomeVisitDue' },
    ]);
  });

  it('include an activity that keeps failing', () => {
    expect(stuckReasons(pathwayIn('FOLLOW_UP'), '2025-04-20T00:00:00.000Z', 'persistEvents')).toEqual([
      { code: 'activityFailing', reason: 'activity persistEvents keeps failing', since: '2025-04-20T00:00:00.000Z' },
    ]);
  });

  it('are empty for a pathway on time', () => {
    expect(stuckReasons(pathwayIn('PLAN_VALIDATION'))).toEqual([]);
  });
});

describe('stuck codes', () => {
  it('key a reason by its clock, whatever its sentence says (a display sentence may be reworded)', () => {
    const story = storyUpTo('ASSESSMENT');
    story.advanceTo('2025-03-23T00:00:00Z');
    expect(stuckReasons(story.state).map((r) => r.code)).toEqual(['firstContactDue', 'firstHomeVisitDue']);
  });

  it('publish in Temporal only a neutral code that names no clock, so no condition', () => {
    expect(visibleStuckCode('crisisActionDue')).toBe('DEADLINE_OVERDUE');
    expect(visibleStuckCode('legalMeasureRenewal')).toBe('DEADLINE_OVERDUE');
    expect(visibleStuckCode('inactivityStuckAfter')).toBe('INACTIVE');
    expect(visibleStuckCode('activityFailing')).toBe('ACTIVITY_FAILING');
  });

  it('count as overdue the escalating deadlines only, not inactivity nor a failing activity', () => {
    expect(OVERDUE_CODES).toContain('crisisActionDue');
    expect(OVERDUE_CODES).not.toContain('inactivityStuckAfter');
    expect(OVERDUE_CODES).not.toContain('dischargeLetterDue');
  });
});
