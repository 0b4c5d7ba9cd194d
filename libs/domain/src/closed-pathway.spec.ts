import { closedPathwayRejection } from './closed-pathway';
import { decide } from './decide';
import { CLOSURE_NOTICE_KINDS, survivesClosure } from './notifications';
import { context, pathwayIn, sampleCommand } from './testing/pathway-fixtures';

describe('a closed pathway', () => {
  it('is refused by decide() with the rejection the API gives without asking the workflow', () => {
    const closed = pathwayIn('CLOSED');
    const decision = decide(closed, sampleCommand('logContact', '2026-01-05T09:00:00Z'), context('2026-01-05T09:00:00Z'));
    expect(decision).toEqual({ ok: false, rejection: closedPathwayRejection(closed.closure?.reason) });
    expect(closedPathwayRejection('DECEASED')).toEqual({ stage: 'CLOSED', reason: 'the pathway is closed (DECEASED); it accepts no more steps' });
    expect(closedPathwayRejection(undefined).reason).toBe('the pathway is closed (CLOSED); it accepts no more steps');
  });

  it('still sends the notices about its closure, and nothing else', () => {
    expect(CLOSURE_NOTICE_KINDS).toEqual(['pathwayClosed', 'referralReoriented']);
    expect(survivesClosure('pathwayClosed')).toBe(true);
    expect(survivesClosure('referralReoriented')).toBe(true);
    expect(survivesClosure('assessmentDueReminder')).toBe(false);
    expect(survivesClosure('waitingListOffer')).toBe(false);
  });
});
