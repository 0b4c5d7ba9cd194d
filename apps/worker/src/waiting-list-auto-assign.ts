/**
 * Policy `waitingListAutoAssign: true`: each open waiting-list offer is assigned with no supervisor
 * action, through the pathway's own `assignCaseManager` Update (the same validator and capacity
 * reservation as any assignment), then recorded AUTO_ASSIGNED, or WITHDRAWN with the workflow's reason
 * (the case manager is full again, the pathway no longer waits).
 *
 * A loop in the worker process rather than an activity or a workflow: the activity that makes the
 * offer belongs to another pathway's step (see waiting-list-offers.ts), and a new workflow type would
 * change the workflow bundle for a two-call job. The offer row is the durable state: the loop wakes
 * when an offer is made and sweeps every few seconds, so an offer left open by a crash is assigned by
 * the next round (of this or any worker). The Update id derives from the offer id, so two rounds or
 * two workers attach to one Update and the pathway is assigned once; no database lock is held while
 * it runs.
 */
import { Client } from '@temporalio/client';
import { assignConditionally } from '@pathway/assignment';
import { offerNoLongerApplies } from '@pathway/domain';
import type { DataSource } from 'typeorm';
import {
  decideWaitingListOffer,
  listOpenWaitingListOffers,
  OpenWaitingListOffer,
  WAITING_LIST_POLICY_ACTOR,
  WAITING_LIST_SYSTEM_ACTOR,
  waitingListOfferUpdateId,
} from '@pathway/persistence';

const SWEEP_EVERY_MS = 5_000;
const BATCH = 20;
const UPDATE_TIMEOUT_MS = 30_000;

export type AutoAssignOutcome = 'AUTO_ASSIGNED' | 'WITHDRAWN' | 'RETRY_LATER';

export class WaitingListAutoAssigner {
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private pendingWake = false;
  private lastErrorLogAt = 0;

  constructor(
    private readonly deps: { db: DataSource; client: Client; log?: (line: string) => void; sweepEveryMs?: number },
  ) {}

  private log(line: string): void {
    (this.deps.log ?? ((l: string) => console.log(l)))(line);
  }

  start(): void {
    if (this.loop) return;
    this.log('[waiting-list] policy waitingListAutoAssign: open offers are assigned with no supervisor action');
    this.loop = this.run();
  }

  /** An offer was just made: run a round now rather than at the next sweep. */
  nudge(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.pendingWake = false;
      try {
        await this.runOnce();
      } catch (err) {
        if (Date.now() - this.lastErrorLogAt > 30_000) {
          this.lastErrorLogAt = Date.now();
          this.log(`[waiting-list] auto-assignment round failed, will retry: ${(err as Error).message}`);
        }
      }
      if (!this.stopping && !this.pendingWake) await this.pause(this.deps.sweepEveryMs ?? SWEEP_EVERY_MS);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** One round over the open offers, oldest first; exposed for tests. */
  async runOnce(): Promise<Record<string, AutoAssignOutcome>> {
    const outcomes: Record<string, AutoAssignOutcome> = {};
    for (const offer of await listOpenWaitingListOffers(this.deps.db, { limit: BATCH, orAssignedToOfferee: true })) {
      if (this.stopping) break;
      outcomes[offer.id] = await this.assign(offer);
    }
    return outcomes;
  }

  private async assign(offer: OpenWaitingListOffer): Promise<AutoAssignOutcome> {
    try {
      const outcome = await assignConditionally(this.deps.client, {
        pathwayId: offer.pathwayId,
        caseManagerId: offer.caseManagerId,
        // assignCaseManager also reassigns: only a pathway still waiting may be taken from the list (the
        // summary for the plain reason; `null` for an assignment made between the read and the Update).
        expectedCaseManagerId: null,
        actor: WAITING_LIST_POLICY_ACTOR,
        updateId: waitingListOfferUpdateId(offer.id),
        timeoutMs: UPDATE_TIMEOUT_MS,
        // (Assigned to this case manager already: an earlier round's Update went through; the same update id attaches to it.)
        check: (summary) => offerNoLongerApplies(summary, offer.caseManagerId),
        // Refused (the case manager is full again, the stage) or not waiting any more: final for this offer.
        withdraw: async (reason) => {
          await decideWaitingListOffer(this.deps.db, { offerId: offer.id, status: 'WITHDRAWN', decidedBy: WAITING_LIST_SYSTEM_ACTOR, reason });
        },
      });
      if (outcome.status !== 'ASSIGNED') return 'WITHDRAWN';
      await decideWaitingListOffer(this.deps.db, { offerId: offer.id, status: 'AUTO_ASSIGNED', decidedBy: WAITING_LIST_POLICY_ACTOR });
      return 'AUTO_ASSIGNED';
    } catch (err) {
      // Temporal unreachable or slow: the offer stays open for the next round.
      this.log(`[waiting-list] offer ${offer.id} not auto-assigned yet, will retry: ${(err as Error).message}`);
      return 'RETRY_LATER';
    }
  }
}
