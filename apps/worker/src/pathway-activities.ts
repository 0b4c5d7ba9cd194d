/**
 * The pathway workflow's activities, bound to PostgreSQL. Each one is idempotent (see the stores):
 * Temporal retries them, and a retry writes nothing twice.
 */
import type { DataSource } from 'typeorm';
import {
  cancelPendingReminders,
  caseManagerOfClosedPathway,
  enqueueReminder,
  findCaseManager,
  findTerritoryContacts,
  openPathway,
  recordPathwayEvents,
  releaseCaseloadSlot,
  reserveCaseloadSlot,
} from '@pathway/persistence';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, type PathwayActivities } from '@pathway/workflows';
import type { SlotFreedListener } from './waiting-list-offers';

/**
 * `waitingList` hears of every freed caseload slot (waiting-list-offers.ts). Offering from here keeps
 * the pathway workflow unchanged (no new activity, so no versioning of its histories); the offer step
 * never throws, so it cannot fail the closure or the assignment.
 */
/**
 * An imported case its case manager cannot take: refused for good, like a constraint (the workflow then
 * opens nothing and answers ReferralNotRecorded with this code): 23514 at capacity, 23503 no such person.
 */
function caseloadRefusal(caseManagerId: string, slot: { status: string }): ApplicationFailure {
  const code = slot.status === 'AT_CAPACITY' ? '23514' : '23503';
  return ApplicationFailure.create({
    type: FailureTypes.DATABASE_REFUSED,
    message: `openPathwayRecord: case manager ${caseManagerId} ${slot.status === 'AT_CAPACITY' ? 'is at capacity' : 'does not exist'} (SQLSTATE ${code}, caseload cap)`,
    details: [{ code }],
    nonRetryable: true,
  });
}

export function createPathwayActivities(db: DataSource, waitingList?: SlotFreedListener): PathwayActivities {
  return {
    async openPathwayRecord({ pathwayId, referral, events, projection }) {
      // One transaction: the pathway opens with its events (and, imported, its slot) or not at all.
      return db.transaction(async (tx) => {
        const opened = await openPathway(tx, {
          pathwayId,
          patient: referral.patient,
          referredAt: referral.referral.referredAt,
          summary: projection.summary,
          projectionVersion: 0,
        });
        if (opened.status !== 'OPENED') return opened;
        // A referral arrives unassigned; an imported case may arrive with its case manager, whose cap
        // holds here as in an assignment (the import checks it first; this is what holds under races).
        if (projection.caseManagerId) {
          const slot = await reserveCaseloadSlot(tx, { caseManagerId: projection.caseManagerId, pathwayId, at: projection.lastEventAt });
          if (slot.status !== 'RESERVED') throw caseloadRefusal(projection.caseManagerId, slot);
        }
        await recordPathwayEvents(tx, { pathwayId, events, projection });
        return opened;
      });
    },

    async recordPathwayEvents(input) {
      await recordPathwayEvents(db, input);
    },

    async enqueueNotifications({ notifications }) {
      for (const n of notifications) {
        const caseManager = n.recipientRole === 'case_manager' && n.caseManagerId ? await findCaseManager(db, n.caseManagerId) : null;
        // The territory's supervisor and intake desk; the dispatcher resolves roles again at delivery.
        const contact =
          n.recipientRole === 'supervisor' || n.recipientRole === 'intake' ? (await findTerritoryContacts(db, n.territory))[n.recipientRole] : undefined;
        await enqueueReminder(db, {
          pathwayId: n.pathwayId,
          kind: n.kind,
          recipientRole: n.recipientRole,
          recipientAddress: n.recipientAddress ?? caseManager?.email ?? contact?.email ?? null,
          channel: 'email',
          // The outbox's due time is when the message goes out; the deadline it is about travels in the payload.
          dueAt: n.sendAt,
          payload: { ...n.data, deadlineAt: n.dueAt, caseManagerId: n.caseManagerId, territory: n.territory, notificationKey: n.dedupeKey },
          // The domain's key: stable across replays and retries, and distinct for two episodes' reminders due at once.
          dedupeKey: n.dedupeKey,
        });
      }
    },

    async cancelPendingReminders({ pathwayId, dedupeKeys }) {
      await cancelPendingReminders(db, pathwayId, dedupeKeys ? { dedupeKeys } : {});
    },

    async reserveCaseloadSlot(input) {
      const reservation = await reserveCaseloadSlot(db, input);
      if (reservation.status !== 'RESERVED') return reservation;
      // A reassignment away frees the previous case manager's slot. A retry of this activity finds the
      // slot already moved (no movedFrom), so this runs once per move; `at` is the workflow's, stable.
      if (reservation.movedFrom) await waitingList?.slotFreed(reservation.movedFrom, `reassignment:${input.pathwayId}:${input.at}`);
      // The workflow's contract is the status; what moved is the worker's business.
      return { status: 'RESERVED' };
    },

    async releaseCaseloadSlot(input) {
      const { releasedFrom } = await releaseCaseloadSlot(db, input);
      // A retry after the slot was released finds nothing to release: the closed pathway's projection
      // still names its case manager, and the trigger key makes the offer once either way.
      const caseManagerId = releasedFrom ?? (await caseManagerOfClosedPathway(db, input.pathwayId));
      if (caseManagerId) await waitingList?.slotFreed(caseManagerId, `closure:${input.pathwayId}`);
    },
  };
}
