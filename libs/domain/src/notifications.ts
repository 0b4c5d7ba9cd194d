/**
 * Who must be told of what, derived from timeline events. The workflow hands these to the reminder
 * outbox; the dedupe key makes a retried hand-over (or a replayed workflow) write each one once.
 */
import { ClockKind } from './clocks';
import { careTeamMember, memberAddress } from './care-team';
import { ProviderNoticeKind, providerNoticesFor } from './provider-notices';
import { RecipientRole } from './stages';
import { PathwayEvent, PathwayState } from './state';

export type NotificationKind =
  | `${ClockKind}Reminder`
  | `${ClockKind}Overdue`
  | 'planToValidate'
  | 'referralReoriented'
  | 'pathwayClosed'
  | 'hospitalDay31'
  | 'reassessmentVisit'
  | 'crisisOpened'
  | 'apaDeemedGranted'
  | 'legalRequestLapsed'
  | 'caseManagerAssigned'
  | 'appointmentReminder'
  // The legal representative asked to co-sign the plan (co-signature.ts).
  | 'planToCoSign'
  // A provider of the plan told their part (provider-notices.ts).
  | ProviderNoticeKind;

/**
 * Notifications about the closure itself (the referrer told where the person is reoriented, the
 * physician told the person refused case management): decided by the closing step, so they are
 * written after the closure and must not be cancelled by it. Everything else is a reminder about a
 * step still to come, and closure cancels it (the outbox applies this list when it writes, claims and
 * hands over a reminder).
 */
export const CLOSURE_NOTICE_KINDS: readonly NotificationKind[] = ['pathwayClosed', 'referralReoriented'];

/** True for a notification that a closed pathway still sends (see CLOSURE_NOTICE_KINDS). */
export function survivesClosure(kind: string): boolean {
  return (CLOSURE_NOTICE_KINDS as readonly string[]).includes(kind);
}

export interface Notification {
  dedupeKey: string;
  pathwayId: string;
  kind: NotificationKind;
  recipientRole: RecipientRole;
  /** The deadline the notification is about, when there is one. */
  dueAt?: string;
  /** When it should go out (now, for everything the workflow decides at its time). */
  sendAt: string;
  caseManagerId?: string;
  territory: string;
  /** Known from the referral for the physician, the caregiver and the referrer; the worker resolves the others. */
  recipientAddress?: string;
  data: Record<string, unknown>;
}

export function notificationsFor(state: PathwayState, events: PathwayEvent[]): Notification[] {
  const out: Notification[] = [];
  const base = { pathwayId: state.pathwayId, territory: state.territory, caseManagerId: state.caseManagerId };
  const add = (event: PathwayEvent, kind: NotificationKind, role: RecipientRole, discriminator: string, dueAt?: string, data: Record<string, unknown> = {}, sendAt = event.at) => {
    // After a death nothing more is ever sent to the family.
    if (role === 'caregiver' && state.closure?.reason === 'DECEASED') return;
    if (role === 'caregiver' && !state.referral.caregiver) return;
    const recipientAddress = addressFromReferral(state, role);
    out.push({ ...base, kind, recipientRole: role, recipientAddress, dueAt, sendAt, dedupeKey: `${state.pathwayId}:${kind}:${discriminator}:${role}`, data });
  };
  for (const event of events) {
    const d = event.data;
    for (const n of providerNoticesFor(state, event)) {
      out.push({ ...base, kind: n.kind, recipientRole: n.recipientRole, recipientAddress: n.recipientAddress, sendAt: event.at, dedupeKey: `${state.pathwayId}:${n.kind}:${n.discriminator}:provider`, data: n.data });
    }
    switch (event.type) {
      case 'REMINDER_DUE': {
        const clock = d.clock as ClockKind;
        // Several clocks of one kind (two EHPAD applications) are told apart by their episode's ref.
        const ref = d.ref === undefined ? '' : `${d.ref as string}:`;
        for (const role of d.to as RecipientRole[]) {
          const kind: NotificationKind = clock === 'reassessmentDue' && role === 'caregiver' ? 'reassessmentVisit' : `${clock}Reminder`;
          add(event, kind, role, `${ref}${d.dueAt as string}:${d.remindAt as string}`, d.dueAt as string, d.ref === undefined ? {} : { ref: d.ref });
        }
        break;
      }
      case 'DEADLINE_PASSED': {
        const ref = d.ref === undefined ? '' : `${d.ref as string}:`;
        for (const role of (d.escalate as RecipientRole[] | undefined) ?? []) {
          add(event, `${d.clock as ClockKind}Overdue`, role, `${ref}${d.dueAt as string}`, d.dueAt as string, d.ref === undefined ? { reason: d.reason } : { reason: d.reason, ref: d.ref });
        }
        break;
      }
      case 'CRISIS_OPENED':
        // The supervisor is notified at once.
        for (const role of d.notify as RecipientRole[]) add(event, 'crisisOpened', role, d.at as string, d.actionDueAt as string, { kind: d.kind });
        break;
      case 'APA_DEEMED_GRANTED':
        // The case manager is told to inform the family (granted at a flat rate).
        for (const role of d.notify as RecipientRole[]) add(event, 'apaDeemedGranted', role, d.dueAt as string, d.dueAt as string);
        break;
      case 'LEGAL_REQUEST_LAPSED':
        for (const role of d.notify as RecipientRole[]) add(event, 'legalRequestLapsed', role, d.lapsedAt as string, d.lapsedAt as string, { kind: d.kind });
        break;
      case 'CASE_MANAGER_ASSIGNED':
      case 'CASE_MANAGER_REASSIGNED':
        // The case manager taking the pathway is told (on a reassignment its running deadlines are now theirs).
        // Addressed to the one this event names, not to whoever holds the pathway when the batch is written.
        out.push({
          ...base,
          caseManagerId: d.caseManagerId as string,
          kind: 'caseManagerAssigned',
          recipientRole: 'case_manager',
          sendAt: event.at,
          dedupeKey: `${state.pathwayId}:caseManagerAssigned:${event.seq}:case_manager`,
          data: d.previousCaseManagerId === undefined ? {} : { previousCaseManagerId: d.previousCaseManagerId },
        });
        break;
      case 'APPOINTMENT_BOOKED':
      case 'APPOINTMENT_RESCHEDULED':
        // The caregiver, the day before a booked visit (the discriminator is the booking's time: a move is a new reminder).
        if (typeof d.remindCaregiverAt === 'string') {
          const at = d.at as string;
          const data = { appointmentId: d.appointmentId, appointmentKind: d.kind, place: d.place };
          add(event, 'appointmentReminder', 'caregiver', `${d.appointmentId as string}:${at}`, at, data, d.remindCaregiverAt);
        }
        break;
      case 'PLAN_RECORDED':
        add(event, 'planToValidate', 'physician', `v${d.version as number}`, undefined, { version: d.version });
        if (typeof d.coSigner === 'string') {
          const coSigner = careTeamMember(state, d.coSigner);
          out.push({
            ...base,
            kind: 'planToCoSign',
            recipientRole: 'legal_representative',
            recipientAddress: memberAddress(coSigner),
            sendAt: event.at,
            dedupeKey: `${state.pathwayId}:planToCoSign:v${d.version as number}:${d.coSigner}:legal_representative`,
            data: { version: d.version, memberId: d.coSigner, representativeName: coSigner?.name },
          });
        }
        break;
      case 'HOSPITAL_DAY_31':
        for (const role of d.to as RecipientRole[]) add(event, 'hospitalDay31', role, d.admittedAt as string, undefined, { homeApaGranted: d.homeApaGranted });
        break;
      case 'ELIGIBILITY_DECIDED':
        if (d.decision === 'REFUSED') add(event, 'referralReoriented', 'referrer', String(event.seq), undefined, { failedCriteria: d.failedCriteria, reorientedTo: d.reorientedTo });
        break;
      case 'PATHWAY_CLOSED':
        for (const role of (d.notify as RecipientRole[] | undefined) ?? []) add(event, 'pathwayClosed', role, String(event.seq), undefined, { reason: d.reason });
        break;
      default:
        break;
    }
  }
  return out;
}

/** The people of the pathway are named by the referral; roles (case manager, supervisor, intake) are resolved when sent. */
function addressFromReferral(state: PathwayState, role: RecipientRole): string | undefined {
  switch (role) {
    case 'physician':
      // The attending physician of the care team (the referral's until a team step changes them).
      return memberAddress(careTeamMember(state, 'physician')) ?? state.referral.physician.email;
    case 'caregiver':
      return state.referral.caregiver?.email;
    case 'referrer':
      return state.referral.referral.referrerEmail;
    default:
      return undefined;
  }
}
