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

describe('the stuck list gives each reason its clock, a code clients translate from', () => {
  it('finds the clock of a deadline the workflow found passed, from the sentence the projection keeps', () => {
    expect(stuckReasonOf({ source: 'projection', reason: 'first contact overdue' })).toEqual({ reason: 'first contact overdue', clock: 'firstContactDue' });
    expect(stuckReasonOf({ source: 'projection', reason: 'no event for too long' })).toEqual({ reason: 'no event for too long', clock: 'inactivityStuckAfter' });
  });

  it('every clock has a sentence of its own, so the sentence names one clock', () => {
    const sentences = CLOCK_KINDS.map((kind) => CLOCK_RULES[kind].overdueReason);
    expect(new Set(sentences).size).toBe(CLOCK_KINDS.length);
    for (const kind of CLOCK_KINDS) expect(stuckReasonOf({ source: 'projection', reason: CLOCK_RULES[kind].overdueReason }).clock).toBe(kind);
  });

  it('names the clock of a deadline the workflow has not processed yet', () => {
    expect(stuckReasonOf({ source: 'unprocessedDeadline', reason: null, deadlineKind: 'assessmentDue' })).toEqual({
      reason: "assessment overdue (not yet processed by the pathway's workflow)",
      clock: 'assessmentDue',
    });
    expect(stuckReasonOf({ source: 'unprocessedDeadline', reason: null, deadlineKind: null })).toEqual({ reason: "a deadline passed (not yet processed by the pathway's workflow)" });
  });

  it('gives no clock for a failing activity, nor for a sentence it does not know', () => {
    expect(stuckReasonOf({ source: 'activity', reason: null, activityType: 'recordPathwayEvents' })).toEqual({ reason: 'activity recordPathwayEvents keeps failing' });
    expect(stuckReasonOf({ source: 'projection', reason: 'activity sendReminder keeps failing' })).toEqual({ reason: 'activity sendReminder keeps failing' });
  });
});
