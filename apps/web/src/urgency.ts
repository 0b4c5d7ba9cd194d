// "Mon portefeuille" in the order a case manager works it: overdue first (the longest overdue on top),
// then by next deadline (soonest first), then pathways with no running clock, newest referral first.

export interface UrgencyFields {
  overdueSince: string | null;
  nextDeadlineAt: string | null;
  referredAt: string;
}

export function byUrgency(a: UrgencyFields, b: UrgencyFields): number {
  const overdue = compareNullsLast(a.overdueSince, b.overdueSince);
  if (overdue !== 0) return overdue;
  const next = compareNullsLast(a.nextDeadlineAt, b.nextDeadlineAt);
  if (next !== 0) return next;
  return Date.parse(b.referredAt) - Date.parse(a.referredAt);
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a && b) return Date.parse(a) - Date.parse(b);
  if (a) return -1;
  if (b) return 1;
  return 0;
}
