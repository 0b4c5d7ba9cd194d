/**
 * The case manager's agenda: appointments of a pathway (a home visit, a phone call, a meeting with the
 * physician or the family, a care-team meeting), booked, then held, missed, cancelled or moved.
 *
 * An appointment is not a deadline: it is the plan to meet one. So it starts no clock; what it does to the
 * clocks happens when it is held (a home visit held is the first home visit, and a contact, exactly as a
 * logged contact of that channel: `contactMade`). A missed one changes nothing and the clock keeps running.
 * Booked before a deadline it answers, it is shown against that deadline (`deadlinesOf`), so the case
 * manager and the supervisor see the overdue-to-be pathway already has its visit in the diary.
 *
 * The caregiver is told of a booked visit the day before (`appointmentReminderBefore`), through the
 * reminder outbox; a visit moved, cancelled or settled withdraws that reminder (`withdrawnNotificationKeys`).
 */
import type { ClockKind } from './clocks';
import type { AppointmentCommandType } from './commands';
import type { Step } from './decision-context';
import { subtractDuration } from './durations';
import { contactMade, emit } from './effects';
import { ContactChannel } from './input-types';
import type { PathwayEvent, PathwayState } from './state';

export const APPOINTMENT_KINDS = ['HOME_VISIT', 'PHONE_CALL', 'PHYSICIAN_MEETING', 'FAMILY_MEETING', 'CARE_TEAM_MEETING'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];
export const APPOINTMENT_STATUSES = ['BOOKED', 'DONE', 'CANCELLED', 'MISSED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];
export const APPOINTMENT_OUTCOMES = ['DONE', 'MISSED'] as const;
export type AppointmentOutcome = (typeof APPOINTMENT_OUTCOMES)[number];

export interface Appointment {
  id: string;
  kind: AppointmentKind;
  /** When it is (normalized to UTC, so a reminder's key does not depend on how the offset was written). */
  at: string;
  place?: string;
  /** Who the case manager meets, in free text (the care team is not a register yet). */
  withWhom?: string;
  note?: string;
  status: AppointmentStatus;
  bookedAt: string;
  /** Set when it was moved: the times it was booked for before. */
  previousAt?: string[];
  /** DONE: when it was actually held. */
  heldAt?: string;
  /** When it was settled (done, missed, cancelled). */
  settledAt?: string;
}

/** What an appointment held counts as, when it is a contact with the person or their caregiver (PATHWAY.md). */
export const APPOINTMENT_CONTACT_CHANNEL: Record<AppointmentKind, ContactChannel | undefined> = {
  HOME_VISIT: 'HOME_VISIT',
  PHONE_CALL: 'PHONE',
  FAMILY_MEETING: 'OTHER',
  PHYSICIAN_MEETING: undefined,
  CARE_TEAM_MEETING: undefined,
};

/**
 * The deadlines an appointment of each kind is the way to meet: booked before one of them, it is shown
 * against it. A home visit is where the (re)assessment is done (PATHWAY.md: "assessment recorded (first home visit)").
 */
export const APPOINTMENT_ANSWERS: Record<AppointmentKind, readonly ClockKind[]> = {
  HOME_VISIT: [
    'firstHomeVisitDue',
    'firstContactDue',
    'contactDue',
    'assessmentDue',
    'reassessmentDue',
    'postDischargeReassessmentDue',
    'significantChangeReassessmentDue',
    'postAdmissionFollowUpDue',
  ],
  PHONE_CALL: ['firstContactDue', 'contactDue'],
  FAMILY_MEETING: ['firstContactDue', 'contactDue'],
  PHYSICIAN_MEETING: [],
  CARE_TEAM_MEETING: [],
};

/** The appointments the caregiver is reminded of (they are the ones at home, or with the family). */
export const CAREGIVER_REMINDED: readonly AppointmentKind[] = ['HOME_VISIT', 'FAMILY_MEETING'];

/** Settled appointments kept in the state (the timeline keeps them all): the state is carried across runs for years. */
export const SETTLED_APPOINTMENTS_KEPT = 20;

export const APPOINTMENT_REMINDER_KIND = 'appointmentReminder';

/** The booked appointment that answers a deadline: the first one booked of a kind that meets it, before it is due. */
export function appointmentAgainst(state: PathwayState, kind: ClockKind, dueAt: string): Appointment | undefined {
  return (state.appointments ?? [])
    .filter((a) => a.status === 'BOOKED' && APPOINTMENT_ANSWERS[a.kind].includes(kind) && Date.parse(a.at) <= Date.parse(dueAt))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))[0];
}

/** The appointments the summary shows: booked ones soonest first, then the settled ones kept, latest first. */
export function appointmentsOf(state: PathwayState): Appointment[] {
  const all = state.appointments ?? [];
  const booked = all.filter((a) => a.status === 'BOOKED').sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const settled = all.filter((a) => a.status !== 'BOOKED').sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  return [...booked, ...settled];
}

/** The outbox key of the caregiver's reminder of one booking (notificationsFor writes it, the withdrawal finds it). */
export function appointmentReminderKey(pathwayId: string, appointmentId: string, at: string): string {
  return `${pathwayId}:${APPOINTMENT_REMINDER_KIND}:${appointmentId}:${at}:caregiver`;
}

/**
 * The outbox reminders that events make pointless: a booking moved, cancelled, held or missed withdraws the
 * caregiver's reminder of the time it was booked for. The dispatcher would also refuse to send it
 * (reminderStillWanted), but withdrawn at once it shows as cancelled in `GET /reminders` straight away.
 */
export function withdrawnNotificationKeys(pathwayId: string, events: PathwayEvent[]): string[] {
  return events
    .filter((e) => ['APPOINTMENT_RESCHEDULED', 'APPOINTMENT_CANCELLED', 'APPOINTMENT_HELD', 'APPOINTMENT_MISSED'].includes(e.type))
    .filter((e) => e.data.caregiverReminded === true)
    .map((e) => appointmentReminderKey(pathwayId, e.data.appointmentId as string, (e.data.previousAt ?? e.data.bookedFor) as string));
}

function normalized(at: string): string {
  return new Date(at).toISOString();
}

function booked(s: PathwayState, appointmentId: string): Appointment | string {
  const appointment = (s.appointments ?? []).find((a) => a.id === appointmentId);
  if (!appointment) return `there is no appointment ${appointmentId}`;
  if (appointment.status !== 'BOOKED') return `appointment ${appointmentId} is already ${appointment.status.toLowerCase()}`;
  return appointment;
}

/** When the caregiver is to be reminded of a booking, if they are: the lead time before, or now when that has passed. */
function caregiverReminderAt(s: PathwayState, appointment: Appointment, now: Date, lead: string): string | undefined {
  if (!CAREGIVER_REMINDED.includes(appointment.kind) || !s.referral.caregiver) return undefined;
  if (Date.parse(appointment.at) <= now.getTime()) return undefined;
  const at = subtractDuration(appointment.at, lead);
  return (at.getTime() < now.getTime() ? now : at).toISOString();
}

function settle(s: PathwayState, appointment: Appointment, status: AppointmentStatus, now: string): void {
  appointment.status = status;
  appointment.settledAt = now;
  const settled = (s.appointments ?? []).filter((a) => a.status !== 'BOOKED').sort((a, b) => Date.parse(b.settledAt ?? b.at) - Date.parse(a.settledAt ?? a.at));
  const dropped = new Set(settled.slice(SETTLED_APPOINTMENTS_KEPT).map((a) => a.id));
  s.appointments = (s.appointments ?? []).filter((a) => !dropped.has(a.id));
}

/** What the event of an appointment settled carries: which one, the time it was booked for (the withdrawal names its reminder by it). */
function settledData(s: PathwayState, appointment: Appointment, note?: string): Record<string, unknown> {
  return { appointmentId: appointment.id, kind: appointment.kind, bookedFor: appointment.at, note, caregiverReminded: reminded(s, appointment) };
}

/** Whether the caregiver was to be reminded of it (so a settled or moved one withdraws that reminder). */
function reminded(s: PathwayState, appointment: Appointment): boolean {
  return CAREGIVER_REMINDED.includes(appointment.kind) && Boolean(s.referral.caregiver);
}

export const APPOINTMENT_STEPS: { [T in AppointmentCommandType]: Step<T> } = {
  bookAppointment(s, c, ctx, events) {
    const now = ctx.now.toISOString();
    s.appointmentSeq = (s.appointmentSeq ?? 0) + 1;
    const appointment: Appointment = {
      id: `appointment-${s.appointmentSeq}`,
      kind: c.kind,
      at: normalized(c.at),
      ...(c.place ? { place: c.place } : {}),
      ...(c.withWhom ? { withWhom: c.withWhom } : {}),
      ...(c.note ? { note: c.note } : {}),
      status: 'BOOKED',
      bookedAt: now,
    };
    s.appointments = [...(s.appointments ?? []), appointment];
    emit(s, events, now, ctx.actor, 'APPOINTMENT_BOOKED', {
      appointmentId: appointment.id,
      kind: appointment.kind,
      at: appointment.at,
      place: appointment.place,
      withWhom: appointment.withWhom,
      note: appointment.note,
      remindCaregiverAt: caregiverReminderAt(s, appointment, ctx.now, ctx.policy.appointmentReminderBefore),
    });
  },

  rescheduleAppointment(s, c, ctx, events) {
    const appointment = booked(s, c.appointmentId);
    if (typeof appointment === 'string') return appointment;
    const at = normalized(c.at);
    if (at === appointment.at && (c.place === undefined || c.place === appointment.place)) return `appointment ${c.appointmentId} is already booked for ${at}`;
    const previousAt = appointment.at;
    appointment.previousAt = [...(appointment.previousAt ?? []), previousAt];
    appointment.at = at;
    if (c.place !== undefined) appointment.place = c.place;
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'APPOINTMENT_RESCHEDULED', {
      appointmentId: appointment.id,
      kind: appointment.kind,
      at,
      previousAt,
      place: appointment.place,
      caregiverReminded: reminded(s, appointment),
      remindCaregiverAt: caregiverReminderAt(s, appointment, ctx.now, ctx.policy.appointmentReminderBefore),
    });
  },

  cancelAppointment(s, c, ctx, events) {
    const appointment = booked(s, c.appointmentId);
    if (typeof appointment === 'string') return appointment;
    const now = ctx.now.toISOString();
    settle(s, appointment, 'CANCELLED', now);
    emit(s, events, now, ctx.actor, 'APPOINTMENT_CANCELLED', settledData(s, appointment, c.note));
  },

  recordAppointmentOutcome(s, c, ctx, events) {
    const appointment = booked(s, c.appointmentId);
    if (typeof appointment === 'string') return appointment;
    const now = ctx.now.toISOString();
    if (c.outcome === 'MISSED') {
      // Nobody was met: the clocks it was to meet keep running (and pass, if nothing else comes).
      settle(s, appointment, 'MISSED', now);
      emit(s, events, now, ctx.actor, 'APPOINTMENT_MISSED', settledData(s, appointment, c.note));
      return;
    }
    const heldAt = c.at as string;
    appointment.heldAt = heldAt;
    if (c.note) appointment.note = c.note;
    settle(s, appointment, 'DONE', now);
    const channel = APPOINTMENT_CONTACT_CHANNEL[appointment.kind];
    if (channel) contactMade(s, heldAt, channel, ctx);
    emit(s, events, now, ctx.actor, 'APPOINTMENT_HELD', { ...settledData(s, appointment, c.note), heldAt, contactChannel: channel });
  },
};
