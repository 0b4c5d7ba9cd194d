/**
 * The deadline table of PATHWAY.md. A clock is started by a step (or by a passing deadline), carries its
 * reminders, and is stopped by the step it waits for. Due instants are fixed when the clock starts, so a
 * later policy change never moves a running deadline (and workflow replay stays deterministic).
 */
import { dueAfter, subtractDuration } from './durations';
import { PathwayPolicy } from './policy';
import { RecipientRole } from './stages';

export const CLOCK_KINDS = [
  'eligibilityDue',
  'assignmentDue',
  'firstContactDue',
  'firstHomeVisitDue',
  'assessmentDue',
  'planDue',
  'planAcknowledgementDue',
  'contactDue',
  'reassessmentDue',
  'postDischargeReassessmentDue',
  'significantChangeReassessmentDue',
  'postAdmissionFollowUpDue',
  'inactivityStuckAfter',
] as const;
export type ClockKind = (typeof CLOCK_KINDS)[number];

/** The clocks whose passing asks for a new assessment: at most one runs at a time. */
export const ASSESSMENT_CLOCKS: readonly ClockKind[] = [
  'assessmentDue',
  'reassessmentDue',
  'postDischargeReassessmentDue',
  'significantChangeReassessmentDue',
];

interface ClockRule {
  /** What a supervisor reads in the stuck list once the deadline has passed. */
  overdueReason: string;
  /** Reminders: who, and which policy key gives the lead time (absent: none). */
  remind: RecipientRole[];
  reminderBefore?: keyof PathwayPolicy;
  /** Extra reminders at the deadline itself, to other people than the escalation. */
  remindAtDeadline?: RecipientRole[];
  /** False when passing the deadline is a normal outcome rather than a stuck pathway. */
  escalates: boolean;
}

export const CLOCK_RULES: Record<ClockKind, ClockRule> = {
  eligibilityDue: { overdueReason: 'eligibility decision overdue', remind: ['intake'], reminderBefore: 'eligibilityDueReminderBefore', escalates: true },
  assignmentDue: { overdueReason: 'case manager assignment overdue', remind: [], escalates: true },
  firstContactDue: { overdueReason: 'first contact overdue', remind: ['case_manager'], reminderBefore: 'firstContactDueReminderBefore', escalates: true },
  firstHomeVisitDue: { overdueReason: 'first home visit overdue', remind: ['case_manager'], reminderBefore: 'firstHomeVisitDueReminderBefore', escalates: true },
  assessmentDue: { overdueReason: 'assessment overdue', remind: ['case_manager'], reminderBefore: 'assessmentDueReminderBefore', escalates: true },
  planDue: { overdueReason: 'service plan overdue', remind: ['case_manager'], reminderBefore: 'planDueReminderBefore', escalates: true },
  // The physician is reminded twice; past the window the pathway goes on to follow-up, flagged.
  planAcknowledgementDue: {
    overdueReason: 'plan not acknowledged by the physician',
    remind: ['physician'],
    reminderBefore: 'planAcknowledgementDueReminderBefore',
    remindAtDeadline: ['physician'],
    escalates: false,
  },
  contactDue: { overdueReason: 'follow-up contact overdue', remind: ['case_manager'], reminderBefore: 'contactDueReminderBefore', escalates: true },
  reassessmentDue: { overdueReason: 'periodic reassessment overdue', remind: ['case_manager', 'caregiver'], reminderBefore: 'reassessmentDueReminderBefore', escalates: true },
  postDischargeReassessmentDue: {
    overdueReason: 'post-discharge reassessment overdue',
    remind: ['case_manager', 'physician'],
    reminderBefore: 'postDischargeReassessmentDueReminderBefore',
    escalates: true,
  },
  significantChangeReassessmentDue: {
    overdueReason: 'significant-change reassessment overdue',
    remind: ['case_manager'],
    reminderBefore: 'significantChangeReassessmentDueReminderBefore',
    escalates: true,
  },
  postAdmissionFollowUpDue: {
    overdueReason: 'post-admission follow-up overdue (close or extend)',
    remind: ['case_manager'],
    reminderBefore: 'postAdmissionFollowUpDueReminderBefore',
    escalates: true,
  },
  inactivityStuckAfter: { overdueReason: 'no event for too long', remind: [], escalates: true },
};

export interface ClockReminder {
  at: string;
  to: RecipientRole[];
  sentAt?: string;
}

export interface Clock {
  kind: ClockKind;
  startedAt: string;
  dueAt: string;
  reminders: ClockReminder[];
  /** Set when the deadline passed with the step still missing. */
  overdueSince?: string;
}

/** Starts a clock of `kind` at `startedAt`, its due time and reminders taken from the policy now. */
export function startClock(kind: ClockKind, startedAt: string, policy: PathwayPolicy, dueAt?: string): Clock {
  const rule = CLOCK_RULES[kind];
  const due = dueAt ?? dueAfter(startedAt, policy[kind] as string);
  const reminders: ClockReminder[] = [];
  if (rule.reminderBefore && rule.remind.length) {
    const at = subtractDuration(due, policy[rule.reminderBefore] as string).toISOString();
    // Compared as instants: input dates may carry an offset or no milliseconds, so strings do not order.
    const start = new Date(startedAt).toISOString();
    reminders.push({ at: Date.parse(at) < Date.parse(start) ? start : at, to: [...rule.remind] });
  }
  if (rule.remindAtDeadline?.length && !reminders.some((r) => r.at === due)) {
    reminders.push({ at: due, to: [...rule.remindAtDeadline] });
  }
  return { kind, startedAt, dueAt: due, reminders };
}

export function overdueReason(kind: ClockKind): string {
  return CLOCK_RULES[kind].overdueReason;
}
