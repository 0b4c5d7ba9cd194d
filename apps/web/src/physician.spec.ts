import { awaitsVisa, otherPatients, plansToAcknowledge } from './physician';

const pathway = (id: string, stage: string, over: { flags?: string[]; closedAt?: string; nextDeadlineAt?: string; overdueSince?: string } = {}) => ({
  id,
  stage,
  flags: over.flags ?? [],
  closedAt: over.closedAt ?? null,
  nextDeadlineAt: over.nextDeadlineAt ?? null,
  overdueSince: over.overdueSince ?? null,
  referredAt: '2026-01-01T00:00:00Z',
});

describe('the attending physician’s patients', () => {
  it('a plan waits for the visa in plan validation, or after its window ended without it', () => {
    expect(awaitsVisa(pathway('a', 'PLAN_VALIDATION'))).toBe(true);
    expect(awaitsVisa(pathway('b', 'FOLLOW_UP', { flags: ['PLAN_NOT_ACKNOWLEDGED'] }))).toBe(true);
    expect(awaitsVisa(pathway('c', 'FOLLOW_UP'))).toBe(false);
    expect(awaitsVisa(pathway('d', 'PLANNING'))).toBe(false);
  });

  it('lists the plans to acknowledge first: a window that ended, then the soonest due', () => {
    const all = [
      pathway('later', 'PLAN_VALIDATION'),
      pathway('follow', 'FOLLOW_UP', { nextDeadlineAt: '2026-02-01T00:00:00Z' }),
      pathway('soon', 'PLAN_VALIDATION'),
      pathway('ended', 'FOLLOW_UP', { flags: ['PLAN_NOT_ACKNOWLEDGED'] }),
      pathway('closed', 'PLAN_VALIDATION', { closedAt: '2026-01-05T00:00:00Z' }),
      pathway('unknown', 'PLAN_VALIDATION'),
    ];
    const due = new Map([
      ['later', '2026-03-10T00:00:00Z'],
      ['soon', '2026-03-02T00:00:00Z'],
    ]);
    expect(plansToAcknowledge(all, due).map((p) => p.id)).toEqual(['ended', 'soon', 'later', 'unknown']);
    expect(otherPatients(all).map((p) => p.id)).toEqual(['follow']);
  });

  it('orders the other patients as a portfolio: overdue first, then the next deadline', () => {
    const all = [pathway('next', 'ASSESSMENT', { nextDeadlineAt: '2026-02-01T00:00:00Z' }), pathway('late', 'FOLLOW_UP', { overdueSince: '2026-01-10T00:00:00Z' }), pathway('none', 'PLANNING')];
    expect(otherPatients(all).map((p) => p.id)).toEqual(['late', 'next', 'none']);
  });
});
