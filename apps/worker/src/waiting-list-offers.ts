/**
 * The waiting list (PATHWAY.md "Rules from practice"): when a case manager's active count drops below
 * capacity, the oldest waiting pathway of their territory is offered to them (who gets an offer:
 * libs/domain waiting-list.ts, applied under lock by libs/persistence offerWaitingPathway). Called by
 * the activities that free a slot (closure, reassignment away), after the slot is freed and outside
 * its transaction.
 *
 * What happens next depends on the policy:
 * - `waitingListAutoAssign: false` (default): the territory's supervisor is told through the outbox
 *   (kind `waitingListOffer`, one message per offer) and accepts or declines through the API;
 * - `true`: the auto-assigner (waiting-list-auto-assign.ts) is woken to send the pathway's own
 *   assignment Update. It is not sent from here: this runs inside pathway A's closure (or assignment)
 *   activity, which A's step waits for; sending B's Update here would make A's answer wait for B's
 *   workflow and fail with it. The offer row is the durable hand-over between the two.
 */
import type { DataSource } from 'typeorm';
import { WAITING_LIST_OFFER_KIND } from '@pathway/domain';
import { enqueueReminder, findCaseManager, findTerritoryContacts, offerWaitingPathway, WaitingListOfferRecord } from '@pathway/persistence';

export interface SlotFreedListener {
  /**
   * A slot of `caseManagerId` was freed; `triggerKey` names the event, identical on every retry of
   * the activity that freed it (so it offers once). Never throws: the offer is a proposal, and must not
   * fail the closure or the assignment that freed the slot.
   */
  slotFreed(caseManagerId: string, triggerKey: string): Promise<void>;
}

export interface WaitingListOffersOptions {
  autoAssign: boolean;
  /** Wakes the auto-assigner (policy `waitingListAutoAssign`). */
  onAutoAssignable?: () => void;
  log?: (line: string) => void;
}

export class WaitingListOffers implements SlotFreedListener {
  private readonly log: (line: string) => void;

  constructor(
    private readonly db: DataSource,
    private readonly options: WaitingListOffersOptions,
  ) {
    this.log = options.log ?? ((line) => console.log(line));
  }

  async slotFreed(caseManagerId: string, triggerKey: string): Promise<void> {
    try {
      const result = await offerWaitingPathway(this.db, { caseManagerId, triggerKey });
      if (result.status !== 'OFFERED' || result.offer.status !== 'OFFERED') return;
      if (this.options.autoAssign) this.options.onAutoAssignable?.();
      else await this.noticeToSupervisor(result.offer);
    } catch (err) {
      // The waiting list stays visible to the supervisor (GET /supervision/waiting-list): a lost offer
      // costs a manual assignment, a failed closure would cost far more.
      this.log(`[waiting-list] no offer made for case manager ${caseManagerId} (${triggerKey}): ${(err as Error).message}`);
    }
  }

  /** One outbox message per offer (its dedupe key), addressed to the territory's supervisor. */
  private async noticeToSupervisor(offer: WaitingListOfferRecord): Promise<void> {
    const [caseManager, contacts] = await Promise.all([findCaseManager(this.db, offer.caseManagerId), findTerritoryContacts(this.db, offer.territory)]);
    await enqueueReminder(this.db, {
      pathwayId: offer.pathwayId,
      kind: WAITING_LIST_OFFER_KIND,
      recipientRole: 'supervisor',
      recipientAddress: contacts.supervisor?.email ?? null,
      channel: 'email',
      dueAt: offer.offeredAt,
      payload: { offerId: offer.id, caseManagerId: offer.caseManagerId, caseManagerName: caseManager?.name ?? offer.caseManagerId, territory: offer.territory },
      dedupeKey: `${WAITING_LIST_OFFER_KIND}:${offer.id}`,
    });
  }
}
