import { everyPage, referralsToDecide, type Page } from './queue';

const referral = (id: string, over: { stage?: string; closedAt?: string; overdueSince?: string; nextDeadlineAt?: string; referredAt?: string } = {}) => ({
  id,
  stage: over.stage ?? 'REFERRED',
  closedAt: over.closedAt ?? null,
  overdueSince: over.overdueSince ?? null,
  nextDeadlineAt: over.nextDeadlineAt ?? null,
  referredAt: over.referredAt ?? '2026-11-01T00:00:00Z',
});

describe('the referrals waiting for the eligibility decision', () => {
  it('lists the overdue first (the longest overdue on top), then the soonest due, then the oldest referral', () => {
    const all = [
      referral('due-later', { nextDeadlineAt: '2026-11-20T00:00:00Z' }),
      referral('overdue-recently', { overdueSince: '2026-11-10T00:00:00Z', nextDeadlineAt: '2026-11-10T00:00:00Z' }),
      referral('no-clock-new', { referredAt: '2026-11-05T00:00:00Z' }),
      referral('due-soon', { nextDeadlineAt: '2026-11-15T00:00:00Z' }),
      referral('overdue-long', { overdueSince: '2026-11-02T00:00:00Z', nextDeadlineAt: '2026-11-02T00:00:00Z' }),
      referral('no-clock-old', { referredAt: '2026-11-03T00:00:00Z' }),
    ];
    expect(referralsToDecide(all).map((p) => p.id)).toEqual(['overdue-long', 'overdue-recently', 'due-soon', 'due-later', 'no-clock-old', 'no-clock-new']);
  });

  it('leaves out the refused or reoriented (closed) and the accepted (moved on)', () => {
    const all = [
      referral('waiting'),
      referral('refused', { stage: 'CLOSED', closedAt: '2026-11-04T00:00:00Z' }),
      referral('accepted', { stage: 'AWAITING_ASSIGNMENT' }),
      referral('closed-in-projection', { closedAt: '2026-11-04T00:00:00Z' }),
    ];
    expect(referralsToDecide(all).map((p) => p.id)).toEqual(['waiting']);
  });
});

describe('every page of a list', () => {
  const ok = <T>(data: Page<T>) => ({ data, response: new Response(null, { status: 200 }) });

  it('reads the pages one after the other, each from the previous cursor', async () => {
    const cursors: Array<string | undefined> = [];
    const pages: Record<string, Page<number>> = { first: { items: [1, 2], nextCursor: 'c2' }, c2: { items: [3], nextCursor: 'c3' }, c3: { items: [4], nextCursor: null } };
    const answer = await everyPage(async (cursor) => {
      cursors.push(cursor);
      return ok(pages[cursor ?? 'first']);
    });
    expect(cursors).toEqual([undefined, 'c2', 'c3']);
    expect(answer.data).toEqual({ items: [1, 2, 3, 4], complete: true });
  });

  it('stops at the page limit and says the list is incomplete', async () => {
    let reads = 0;
    const answer = await everyPage(async () => {
      reads++;
      return ok({ items: [reads], nextCursor: 'more' });
    }, 3);
    expect(reads).toBe(3);
    expect(answer.data).toEqual({ items: [1, 2, 3], complete: false });
  });

  it('answers a refused page as the refusal', async () => {
    const refusal = { status: 403, title: 'Forbidden' };
    const answer = await everyPage<number>(async (cursor) => (cursor ? { error: refusal, response: new Response(null, { status: 403 }) } : ok({ items: [1], nextCursor: 'c2' })));
    expect(answer.data).toBeUndefined();
    expect(answer.error).toBe(refusal);
    expect(answer.response.status).toBe(403);
  });
});
