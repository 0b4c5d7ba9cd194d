import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { assignConditionally, ConditionalAssignmentOutcome } from '@pathway/assignment';
import { DataSource } from 'typeorm';
import { offerNoLongerApplies, type PathwaySummary } from '@pathway/domain';
import {
  decideWaitingListOffer,
  findWaitingListOffer,
  listOpenWaitingListOffers,
  WAITING_LIST_SYSTEM_ACTOR,
  WaitingListOfferRecord,
  waitingListOfferUpdateId,
} from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { notFound, ProblemException } from '../common/problem';
import { problemFromTemporal } from '../common/temporal-errors';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { WaitingListOfferDto } from './dto/waiting-list-offer.dto';

/** As for any step: past this the API answers 503, and a retry (same offer) attaches to the same Update. */
const ASSIGNMENT_TIMEOUT_MS = 30_000;

/**
 * The supervisor's side of waiting-list offers (the worker makes them when a slot is freed, see
 * apps/worker/src/waiting-list-offers.ts). Accepting assigns through the pathway's own
 * `assignCaseManager` Update, under the same update id the policy's auto-assigner would use, and the
 * offer is recorded ACCEPTED only once that Update has succeeded: a refusal (the case manager is full
 * again, the pathway no longer waits) is a 409 and the offer is withdrawn with that reason.
 */
@Injectable()
export class WaitingListOffersService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: PathwayAccess,
  ) {}

  /** Open offers of the supervisor's territory whose pathway still waits, oldest offer first. */
  async listOpen(principal: Principal, territory?: string): Promise<WaitingListOfferDto[]> {
    const offers = await listOpenWaitingListOffers(this.db, { territory: this.access.supervisedTerritory(principal, territory) });
    return offers.map((o) => ({
      ...view(o),
      patient: (o.summary as Partial<PathwaySummary> | null)?.patient as WaitingListOfferDto['patient'],
      referredAt: o.referredAt.toISOString(),
    }));
  }

  async accept(offerId: string, principal: Principal): Promise<WaitingListOfferDto> {
    const offer = await this.openOffer(offerId, principal, 'accepting a waiting-list offer');
    let problem: unknown;
    let outcome: ConditionalAssignmentOutcome;
    try {
      outcome = await assignConditionally(this.temporal, {
        pathwayId: offer.pathwayId,
        caseManagerId: offer.caseManagerId,
        // assignCaseManager also reassigns: a pathway taken meanwhile must not be moved by a stale offer. The
        // summary gives the plain reason; `null` makes the workflow itself refuse a pathway assigned between
        // the read and the Update. (Already assigned to this case manager: an earlier accept whose answer
        // was lost; the same update id attaches to it.)
        expectedCaseManagerId: null,
        actor: principal.sub,
        updateId: waitingListOfferUpdateId(offer.id),
        timeoutMs: ASSIGNMENT_TIMEOUT_MS,
        check: (summary) => offerNoLongerApplies(summary, offer.caseManagerId),
        // Refused by the workflow, or no longer waiting: final for this offer. A refusal is answered like the
        // assignment step, and the offer keeps that answer as its reason.
        withdraw: async (reason, refusal) => {
          problem = refusal && problemFromTemporal(refusal, offer.pathwayId);
          const why = !refusal ? reason : problem instanceof ProblemException ? problem.detail : 'the assignment was refused';
          await decideWaitingListOffer(this.db, { offerId: offer.id, status: 'WITHDRAWN', decidedBy: WAITING_LIST_SYSTEM_ACTOR, reason: why });
        },
      });
    } catch (err) {
      throw problemFromTemporal(err, offer.pathwayId);
    }
    if (outcome.status === 'NOT_SENT') {
      throw new ProblemException(HttpStatus.CONFLICT, 'Offer withdrawn', outcome.reason, { reason: 'the pathway no longer waits for a case manager', stage: outcome.summary.stage });
    }
    if (outcome.status === 'REFUSED') {
      if (problem instanceof ProblemException && problem.getStatus() === HttpStatus.NOT_FOUND) {
        throw new ProblemException(HttpStatus.CONFLICT, 'Offer withdrawn', `${problem.detail}: the pathway no longer waits`, { reason: 'the pathway no longer waits for a case manager' });
      }
      throw problem;
    }
    const accepted = await decideWaitingListOffer(this.db, { offerId: offer.id, status: 'ACCEPTED', decidedBy: principal.sub });
    // Decided meanwhile by the policy's auto-assigner (the same Update): the pathway is assigned all the same.
    return view({ ...(accepted ?? (await findWaitingListOffer(this.db, offer.id)) ?? offer), caseManagerName: offer.caseManagerName });
  }

  async decline(offerId: string, principal: Principal, reason?: string): Promise<WaitingListOfferDto> {
    const offer = await this.openOffer(offerId, principal, 'declining a waiting-list offer');
    const declined = await decideWaitingListOffer(this.db, { offerId: offer.id, status: 'DECLINED', decidedBy: principal.sub, reason: reason ?? null });
    if (!declined) throw await this.notOpen(offer.id);
    return view({ ...declined, caseManagerName: offer.caseManagerName });
  }

  /** The offer, if the caller supervises its territory (403) and it is still open (409). */
  private async openOffer(offerId: string, principal: Principal, what: string): Promise<WaitingListOfferRecord & { caseManagerName: string }> {
    const offer = await findWaitingListOffer(this.db, offerId);
    if (!offer) throw notFound(`there is no waiting-list offer ${offerId}`);
    this.access.assertTerritory(principal, offer.territory, ['supervisor'], what);
    if (offer.status !== 'OFFERED') throw await this.notOpen(offer.id);
    return offer;
  }

  private async notOpen(offerId: string): Promise<ProblemException> {
    const offer = await findWaitingListOffer(this.db, offerId);
    const status = offer?.status ?? 'unknown';
    return new ProblemException(HttpStatus.CONFLICT, 'Offer already decided', `the offer is ${status}${offer?.reason ? ` (${offer.reason})` : ''}; it can no longer be accepted or declined`, {
      status,
      reason: `the offer is ${status}`,
    });
  }
}

function view(o: WaitingListOfferRecord & { caseManagerName?: string }): WaitingListOfferDto {
  return {
    offerId: o.id,
    pathwayId: o.pathwayId,
    caseManagerId: o.caseManagerId,
    caseManagerName: o.caseManagerName ?? o.caseManagerId,
    territory: o.territory,
    offeredAt: o.offeredAt.toISOString(),
    status: o.status,
    decidedAt: o.decidedAt?.toISOString() ?? null,
    decidedBy: o.decidedBy,
    reason: o.reason,
  };
}
