/**
 * Is a reminder still wanted when it is about to go out? The workflow writes a reminder when it falls
 * due, but delivery may come later (an SMTP outage, a retry): by then the step it was about may have
 * happened. The worker answers it from the pathway's projected summary before sending, and again under a
 * lock on the pathway row at the hand-over; the rule itself is the pathway's, so it lives here.
 *
 * The rule is the deadline table's (clocks.ts): a clock that is stopped is a step done.
 */
import { APPOINTMENT_REMINDER_KIND } from './appointments';
import { CLOCK_KINDS, ClockKind } from './clocks';
import { providerNoticeStillWanted } from './provider-notices';
import type { PathwaySummary } from './summary';

/** The outbox kind of a waiting-list offer told to the supervisor (written by the worker, not by a step). */
export const WAITING_LIST_OFFER_KIND = 'waitingListOffer';

export type ReminderRelevance = { send: true } | { send: false; reason: string };

export interface NotificationClock {
  clock: ClockKind;
  family: 'Reminder' | 'Overdue';
}

/**
 * The notification kinds that are about a deadline, as notificationsFor names them: `<clock>Reminder`
 * (REMINDER_DUE), `<clock>Overdue` (DEADLINE_PASSED), and the caregiver's `reassessmentVisit`.
 */
const CLOCK_OF_KIND: ReadonlyMap<string, NotificationClock> = new Map<string, NotificationClock>([
  ...CLOCK_KINDS.flatMap((clock): [string, NotificationClock][] => [
    [`${clock}Reminder`, { clock, family: 'Reminder' }],
    [`${clock}Overdue`, { clock, family: 'Overdue' }],
  ]),
  ['reassessmentVisit', { clock: 'reassessmentDue', family: 'Reminder' }],
]);

/** The deadline a notification kind is about, if any (`planDueReminder` → `planDue`). */
export function clockOfNotification(kind: string): NotificationClock | undefined {
  return CLOCK_OF_KIND.get(kind);
}

const SEND: ReminderRelevance = { send: true };

function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);
}

/** `projected`: the pathway's summary as last projected (possibly partial, or absent before the first). */
export function reminderStillWanted(kind: string, payload: Record<string, unknown>, projected: unknown, now: Date = new Date()): ReminderRelevance {
  const summary = (projected ?? {}) as Partial<PathwaySummary>;
  const deadlineAt = payload.deadlineAt;
  const about = clockOfNotification(kind);

  if (kind === 'planToCoSign' && (summary.plan?.acknowledgements ?? []).some((a) => a.memberId === payload.memberId)) {
    return { send: false, reason: 'the legal representative has acknowledged the plan since' };
  }
  if (about?.clock === 'planAcknowledgementDue' || kind === 'planToValidate' || kind === 'planToCoSign') {
    // The plan window's clock stops at its end (the at-deadline reminder is written in that same
    // pass), so the question is the plan's, not the clock's: acknowledged, or replaced by a new version.
    const plan = summary.plan;
    if (plan?.acknowledgedAt) return { send: false, reason: 'the physician has acknowledged the plan since' };
    if ((kind === 'planToValidate' || kind === 'planToCoSign') && plan && typeof payload.version === 'number' && plan.version !== payload.version) {
      return { send: false, reason: `plan version ${String(payload.version)} has been replaced by version ${plan.version}` };
    }
    return SEND;
  }
  if (about?.family === 'Reminder') {
    const running = (summary.deadlines ?? []).some(
      (d) => d.kind === about.clock && (payload.ref === undefined || d.ref === payload.ref) && sameInstant(d.dueAt, deadlineAt),
    );
    if (running) return SEND;
    // A clock whose deadline has come may have been stopped by the deadline itself (an outcome: the
    // respite begins, the APA is deemed granted), in the very pass that wrote its at-deadline reminder.
    // Only a clock stopped before its deadline was certainly stopped by the step it waited for.
    if (typeof deadlineAt === 'string' && Date.parse(deadlineAt) <= now.getTime()) return SEND;
    return { send: false, reason: `the step this reminder was about has happened (${about.clock} is no longer running)` };
  }
  if (about?.family === 'Overdue') {
    const stillOverdue = (summary.stuck ?? []).some((s) => s.clock === about.clock && sameInstant(s.since, deadlineAt));
    return stillOverdue ? SEND : { send: false, reason: `no longer overdue (${about.clock} was completed since)` };
  }
  if (kind === 'caseManagerAssigned') {
    // Addressed to the case manager the pathway was given to; reassigned again since, it is no longer theirs.
    return summary.caseManagerId === undefined || summary.caseManagerId === payload.caseManagerId
      ? SEND
      : { send: false, reason: `the pathway has been reassigned since (to ${String(summary.caseManagerId)})` };
  }
  if (kind === WAITING_LIST_OFFER_KIND) {
    // Offered to a case manager: pointless once the pathway has a case manager (accepted, or assigned otherwise).
    return summary.stage === undefined || summary.stage === 'AWAITING_ASSIGNMENT'
      ? SEND
      : { send: false, reason: `the pathway no longer waits for a case manager (stage ${summary.stage})` };
  }
  if (kind === APPOINTMENT_REMINDER_KIND) {
    // Still booked for that time: moved, cancelled, held early or missed, the caregiver is not told of it.
    const booked = (summary.appointments ?? []).some((a) => a.id === payload.appointmentId && a.status === 'BOOKED' && sameInstant(a.at, deadlineAt));
    return booked ? SEND : { send: false, reason: `appointment ${String(payload.appointmentId)} is no longer booked for ${String(deadlineAt)}` };
  }
  const providers = providerNoticeStillWanted(kind, payload, summary);
  if (providers) return providers;
  if (kind === 'hospitalDay31') {
    return summary.episodes?.hospitalization ? SEND : { send: false, reason: 'the patient has left hospital since' };
  }
  // Closure notices, crisis and file events: facts that no later step makes untrue.
  return SEND;
}
