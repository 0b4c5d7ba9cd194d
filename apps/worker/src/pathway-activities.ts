/**
 * The pathway workflow's activities, bound to PostgreSQL. Each one is idempotent (see the stores):
 * Temporal retries them, and a retry writes nothing twice.
 */
import type { DataSource } from 'typeorm';
import {
  cancelPendingReminders,
  enqueueReminder,
  findCaseManager,
  findTerritoryContacts,
  openPathway,
  recordPathwayEvents,
  releaseCaseloadSlot,
  reserveCaseloadSlot,
} from '@pathway/persistence';
import type { PathwayActivities } from '@pathway/workflows';

export function createPathwayActivities(db: DataSource): PathwayActivities {
  return {
    async openPathwayRecord({ pathwayId, referral, events, projection }) {
      const opened = await openPathway(db, {
        pathwayId,
        patient: referral.patient,
        referredAt: referral.referral.referredAt,
        summary: projection.summary,
        projectionVersion: 0,
      });
      if (opened.status === 'OPENED') await recordPathwayEvents(db, { pathwayId, events, projection });
      return opened;
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

    async cancelPendingReminders({ pathwayId }) {
      await cancelPendingReminders(db, pathwayId);
    },

    async reserveCaseloadSlot(input) {
      return reserveCaseloadSlot(db, input);
    },

    async releaseCaseloadSlot(input) {
      await releaseCaseloadSlot(db, input);
    },
  };
}
