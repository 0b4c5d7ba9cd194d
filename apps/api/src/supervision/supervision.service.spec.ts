import { CLOCK_KINDS, CLOCK_RULES } from '@pathway/domain';
import { isoDuration, stuckReasonOf } from './supervision.service';

describe('indicator delays as ISO-8601 durations', () => {
  it.each([
    [null, null],
    [0, 'PT0S'],
    [0.13, 'PT0.13S'],
    [3600, 'PT1H'],
    [1_641_600, 'P19D'],
    [1_296_001.4325, 'P15DT1.433S'],
    [90_061.5, 'P1DT1H1M1.5S'],
  ])('%s seconds is %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
  });
});

describe('the stuck list keys each reason by a stable code, the sentence is for display', () => {
  it('reads the code the projection stores, and words it from the domain', () => {
    expect(stuckReasonOf({ source: 'projection', reason: 'firstContactDue' })).toEqual({ code: 'firstContactDue', reason: 'first contact overdue', clock: 'firstContactDue' });
    expect(stuckReasonOf({ source: 'projection', reason: 'inactivityStuckAfter' })).toEqual({ code: 'inactivityStuckAfter', reason: 'no event for too long', clock: 'inactivityStuckAfter' });
    expect(stuckReasonOf({ source: 'projection', reason: 'activityFailing' })).toEqual({ code: 'activityFailing', reason: 'activity keeps failing' });
  });

  it('reads a sentence a worker of before issue 22 still wrote as its code', () => {
    for (const kind of CLOCK_KINDS) expect(stuckReasonOf({ source: 'projection', reason: CLOCK_RULES[kind].overdueReason }).code).toBe(kind);
    expect(stuckReasonOf({ source: 'projection', reason: 'activity sendReminder keeps failing' }).code).toBe('activityFailing');
  });

  it('names the clock of a deadline the workflow has not processed yet', () => {
    expect(stuckReasonOf({ source: 'unprocessedDeadline', reason: null, deadlineKind: 'assessmentDue' })).toEqual({
      code: 'assessmentDue',
      reason: "assessment overdue (not yet processed by the pathway's workflow)",
      clock: 'assessmentDue',
    });
    expect(stuckReasonOf({ source: 'unprocessedDeadline', reason: null, deadlineKind: null })).toEqual({
      code: 'deadlinePassed',
      reason: "a deadline passed (not yet processed by the pathway's workflow)",
    });
  });

  it('gives a failing activity its code and no clock', () => {
    expect(stuckReasonOf({ source: 'activity', reason: null, activityType: 'recordPathwayEvents' })).toEqual({ code: 'activityFailing', reason: 'activity recordPathwayEvents keeps failing' });
  });

  it('keeps the code when a display sentence is reworded', () => {
    const before = CLOCK_RULES.crisisActionDue.overdueReason;
    try {
      CLOCK_RULES.crisisActionDue.overdueReason = 'crisis: nothing done yet';
      expect(stuckReasonOf({ source: 'projection', reason: 'crisisActionDue' })).toEqual({ code: 'crisisActionDue', reason: 'crisis: nothing done yet', clock: 'crisisActionDue' });
    } finally {
      CLOCK_RULES.crisisActionDue.overdueReason = before;
    }
  });
});
