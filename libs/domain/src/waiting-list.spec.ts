import { nextWaitingPathway, offerNoLongerApplies, waitingListRoom } from './waiting-list';

describe('waiting list: who is offered a pathway', () => {
  it('offers only when the freed slot brought the case manager just below capacity', () => {
    expect(waitingListRoom({ absent: false, held: 4, capacity: 5 })).toEqual({ offer: true });
    expect(waitingListRoom({ absent: false, held: 3, capacity: 5 })).toEqual({ offer: false, reason: 'HAD_ROOM' });
    expect(waitingListRoom({ absent: false, held: 5, capacity: 5 })).toEqual({ offer: false, reason: 'NO_ROOM' });
  });

  it('offers nothing to an absent case manager, whatever their room', () => {
    expect(waitingListRoom({ absent: true, held: 4, capacity: 5 })).toEqual({ offer: false, reason: 'ABSENT' });
  });

  it('takes the earliest referral first, the pathway id settling a tie', () => {
    const at = (iso: string) => new Date(iso);
    const waiting = [
      { pathwayId: 'p-c', referredAt: at('2026-03-02T08:00:00Z') },
      { pathwayId: 'p-b', referredAt: at('2026-03-01T08:00:00Z') },
      { pathwayId: 'p-a', referredAt: at('2026-03-01T08:00:00Z') },
    ];
    expect(nextWaitingPathway(waiting)?.pathwayId).toBe('p-a');
    expect(nextWaitingPathway(waiting.slice(0, 2))?.pathwayId).toBe('p-b');
    expect(nextWaitingPathway([])).toBeUndefined();
  });

  it("lets an offer be taken up only while the pathway waits, or is the offeree's already", () => {
    expect(offerNoLongerApplies({ stage: 'AWAITING_ASSIGNMENT' }, 'cm-a')).toBeUndefined();
    // An earlier accept went through and its answer was lost: the same Update attaches.
    expect(offerNoLongerApplies({ stage: 'ASSESSMENT', caseManagerId: 'cm-a' }, 'cm-a')).toBeUndefined();
    expect(offerNoLongerApplies({ stage: 'ASSESSMENT', caseManagerId: 'cm-b' }, 'cm-a')).toBe('the pathway no longer waits for a case manager (stage ASSESSMENT)');
  });
});
