import { byUrgency, UrgencyFields } from './urgency';

const item = (id: string, overdueSince: string | null, nextDeadlineAt: string | null, referredAt = '2026-01-01T00:00:00Z') => ({ id, overdueSince, nextDeadlineAt, referredAt });
const order = (items: Array<UrgencyFields & { id: string }>) => [...items].sort(byUrgency).map((i) => i.id);

describe('the caseload in order of urgency', () => {
  it('puts overdue pathways first, the longest overdue on top', () => {
    expect(order([item('soon', null, '2026-03-02T00:00:00Z'), item('late', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00Z'), item('later', '2026-02-20T00:00:00Z', '2026-02-20T00:00:00Z')])).toEqual(['later', 'late', 'soon']);
  });

  it('then the soonest next deadline, then pathways without a running clock, newest referral first', () => {
    expect(
      order([
        item('idle-old', null, null, '2025-01-01T00:00:00Z'),
        item('in-a-week', null, '2026-03-08T00:00:00Z'),
        item('idle-new', null, null, '2025-06-01T00:00:00Z'),
        item('tomorrow', null, '2026-03-02T00:00:00Z'),
      ]),
    ).toEqual(['tomorrow', 'in-a-week', 'idle-new', 'idle-old']);
  });
});
