// "Guichet" in the order an intake coordinator works it: the referrals waiting for the eligibility
// decision, the overdue ones first (the longest overdue on top), then by the decision's due date, then
// the oldest referral first (first come, first served). A refused or reoriented referral is closed,
// an accepted one has moved on: neither waits here.
import type { Answer } from '../useLoad';

export interface QueuedReferral {
  stage: string;
  closedAt: string | null;
  overdueSince: string | null;
  nextDeadlineAt: string | null;
  referredAt: string;
}

const at = (iso: string | null) => (iso ? Date.parse(iso) : undefined);

function nullsLast(a: number | undefined, b: number | undefined): number {
  if (a !== undefined && b !== undefined) return a - b;
  return a !== undefined ? -1 : b !== undefined ? 1 : 0;
}

export function byEligibilityUrgency(a: QueuedReferral, b: QueuedReferral): number {
  return nullsLast(at(a.overdueSince), at(b.overdueSince)) || nullsLast(at(a.nextDeadlineAt), at(b.nextDeadlineAt)) || Date.parse(a.referredAt) - Date.parse(b.referredAt);
}

/** The referrals awaiting the eligibility decision, most urgent first. */
export function referralsToDecide<T extends QueuedReferral>(pathways: readonly T[]): T[] {
  return pathways.filter((p) => p.stage === 'REFERRED' && !p.closedAt).sort(byEligibilityUrgency);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every page of a list, read one after the other (the API lists the newest first: the oldest, the
 * most urgent here, are on the last pages). Stops at `maxPages`, saying the list is then incomplete;
 * a refused page is the whole answer.
 */
export async function everyPage<T>(read: (cursor?: string) => Promise<Answer<Page<T>>>, maxPages = 10): Promise<Answer<{ items: T[]; complete: boolean }>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let page = 0; ; page++) {
    const answer = await read(cursor);
    if (!answer.response.ok || answer.data === undefined) return { error: answer.error, response: answer.response };
    items.push(...answer.data.items);
    cursor = answer.data.nextCursor ?? undefined;
    if (!cursor) return { data: { items, complete: true }, response: answer.response };
    if (page + 1 >= maxPages) return { data: { items, complete: false }, response: answer.response };
  }
}
