/**
 * The I/O the pathway workflow asks of the worker. Workflows import these types only; the worker binds
 * the implementations. Every activity is idempotent: Temporal retries it, and a retry writes nothing twice.
 */
import type { Notification, PathwayEvent, PathwaySummary, ReferralInput } from '@pathway/domain';

export interface PathwayProjection {
  stage: string;
  caseManagerId?: string;
  territory: string;
  closedAt?: string;
  closureReason?: string;
  nextDeadlineAt?: string;
  overdueSince?: string;
  /** The oldest stuck reason's code (libs/domain StuckCode: a clock kind or activityFailing), not its sentence. */
  stuckReason?: string;
  flags: string[];
  lastEventAt: string;
  summary: PathwaySummary;
  /** The sequence number of the last event: the projection never moves backwards. */
  version: number;
}

export type OpenPathwayResult = { status: 'OPENED' } | { status: 'DUPLICATE'; openPathwayId: string };

export type CaseloadReservation =
  | { status: 'RESERVED' }
  | { status: 'AT_CAPACITY'; active: number; capacity: number }
  | { status: 'UNKNOWN_CASE_MANAGER' };

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
  /** Cancels what the outbox still holds for a pathway (closure). */
  cancelPendingReminders(input: { pathwayId: string }): Promise<void>;
  /** Takes a slot in the case manager's caseload, transactionally under the cap. */
  reserveCaseloadSlot(input: { caseManagerId: string; pathwayId: string; at: string }): Promise<CaseloadReservation>;
  /** Frees the pathway's slot (closure). */
  releaseCaseloadSlot(input: { pathwayId: string }): Promise<void>;
}
