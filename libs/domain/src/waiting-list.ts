/**
 * The waiting list (PATHWAY.md "Rules from practice"): when a case manager's active count drops below
 * capacity, the oldest waiting pathway of their territory is offered to them. The persistence gathers
 * the facts under the case manager's lock and writes the offer; who is offered is decided here.
 */
import type { PathwayStage } from './stages';

export type WaitingListNoOffer = 'ABSENT' | 'NO_ROOM' | 'HAD_ROOM';

/**
 * Whether a freed slot leads to an offer. `held` counts the case manager's active pathways and open
 * offers (an open offer reserves its slot). "Drops below capacity" means this slot brought them below
 * it: a case manager who had room before (HAD_ROOM) is the supervisor's ordinary assignment, not the
 * waiting list, so a closure in a half-empty caseload does not send the supervisor an offer every time.
 * An absent case manager is offered nothing (the pathways would wait for their return).
 */
export function waitingListRoom(caseManager: { absent: boolean; held: number; capacity: number }): { offer: true } | { offer: false; reason: WaitingListNoOffer } {
  if (caseManager.absent) return { offer: false, reason: 'ABSENT' };
  if (caseManager.held >= caseManager.capacity) return { offer: false, reason: 'NO_ROOM' };
  if (caseManager.held + 1 < caseManager.capacity) return { offer: false, reason: 'HAD_ROOM' };
  return { offer: true };
}

export interface WaitingPathway {
  pathwayId: string;
  referredAt: Date;
}

/** First come, first served: the earliest referral (then the pathway id, so the order is total); undefined when none waits. */
export function nextWaitingPathway(waiting: readonly WaitingPathway[]): WaitingPathway | undefined {
  let next: WaitingPathway | undefined;
  for (const w of waiting) {
    const earlier = next === undefined || w.referredAt.getTime() < next.referredAt.getTime() || (w.referredAt.getTime() === next.referredAt.getTime() && w.pathwayId < next.pathwayId);
    if (earlier) next = w;
  }
  return next;
}

/**
 * Why an open offer can no longer be taken up, or undefined while it can: the pathway still waits for
 * a case manager, or is the offeree's already (an earlier accept whose answer was lost). An offer never
 * moves a pathway someone has taken meanwhile.
 */
export function offerNoLongerApplies(pathway: { stage: PathwayStage; caseManagerId?: string }, offeredTo: string): string | undefined {
  if (pathway.stage === 'AWAITING_ASSIGNMENT' || pathway.caseManagerId === offeredTo) return undefined;
  return `the pathway no longer waits for a case manager (stage ${pathway.stage})`;
}
