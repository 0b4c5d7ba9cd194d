/**
 * The I/O the pathway workflow asks of the worker. Workflows import these types only; the worker binds
 * the implementations. Every activity is idempotent: Temporal retries it, and a retry writes nothing twice.
 */
import type { Notification, PathwayEvent, ReferralInput } from '@pathway/domain';
// The results and the projection are the stores' own types (libs/persistence implements these
// activities; the worker binds them). Type-only, and lint-checked so (eslint.config.mjs): erased from
// the workflow bundle, so no Node I/O reaches the sandbox, and never declared a second time here.
import type { OpenPathwayResult, PathwayProjection, ReserveCaseloadSlotResult } from '@pathway/persistence';

export type { OpenPathwayResult, PathwayProjection };

/** The worker answers the status only: which slot a reassignment freed (`movedFrom`) stays its business. */
export type CaseloadReservation = ReserveCaseloadSlotResult;

export interface PathwayActivities {
  /** Persists patient and pathway; the database refuses a second open pathway for one patient. */
  openPathwayRecord(input: {
    pathwayId: string;
    referral: ReferralInput;
    events: PathwayEvent[];
    projection: PathwayProjection;
  }): Promise<OpenPathwayResult>;
  /** Appends timeline events and moves the projection forward. */
  recordPathwayEvents(input: { pathwayId: string; events: PathwayEvent[]; projection: PathwayProjection }): Promise<void>;
  /** Writes reminders and notifications to the outbox (once each, by dedupe key). */
  enqueueNotifications(input: { notifications: Notification[] }): Promise<void>;
  /** Cancels what the outbox still holds for a pathway (closure), or only the reminders of these keys (a visit moved or settled). */
  cancelPendingReminders(input: { pathwayId: string; dedupeKeys?: string[] }): Promise<void>;
  /** Takes a slot in the case manager's caseload, transactionally under the cap. */
  reserveCaseloadSlot(input: { caseManagerId: string; pathwayId: string; at: string }): Promise<CaseloadReservation>;
  /** Frees the pathway's slot (closure). */
  releaseCaseloadSlot(input: { pathwayId: string }): Promise<void>;
}
