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
  // Episodes and files (PATHWAY.md "Rules from practice and law"): they run beside the stage's clocks.
  'dischargeLetterDue',
  'servicesRestartDue',
  'respiteStart',
  'respiteEnd',
  'crisisActionDue',
  'apaAcknowledgementDue',
  'apaDecisionDue',
  'apaProviderDeclarationDue',
  'legalRequestLapseAfter',
  'legalMeasureRenewal',
  'nursingHomeMedicalPartDue',
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
  /**
   * True when a passed deadline makes the pathway stuck and the supervisor is told. False for a third
   * party's delay (hospital, département, physician): the case manager is reminded to chase it and the
   * deadline shows as overdue, but the supervisor's stuck list is about the team's own delays.
   */
  escalates: boolean;
  /** Where the due instant comes from: the policy duration named after the kind (default), or a date the step gives. */
  dueFrom?: 'policy' | 'input';
  /** When passing the deadline is an outcome rather than a delay: what happens then (the clock stops, nothing is overdue). */
  outcome?: string;
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

  // ---- hospitalization: the letter and the services at discharge ----
  // "The discharge letter is due on the day of discharge" (by the end of that day, see dischargeLetterDueAt).
  dischargeLetterDue: { overdueReason: 'discharge letter not received', remind: [], remindAtDeadline: ['case_manager'], escalates: false },
  // "Home services restart within 48 hours": a person back home without help is the team's to solve.
  servicesRestartDue: {
    overdueReason: 'home services not restarted after discharge',
    remind: ['case_manager'],
    reminderBefore: 'servicesRestartDueReminderBefore',
    escalates: true,
  },
  // ---- respite: the caregiver is reminded 2 days before the start and 2 days before the end ----
  respiteStart: {
    overdueReason: 'respite start passed',
    remind: ['caregiver'],
    reminderBefore: 'respiteStartReminderBefore',
    escalates: false,
    dueFrom: 'input',
    outcome: 'the respite begins',
  },
  respiteEnd: {
    overdueReason: 'respite end passed',
    remind: ['caregiver'],
    reminderBefore: 'respiteEndReminderBefore',
    escalates: false,
    dueFrom: 'input',
    outcome: 'the respite is over',
  },
  // ---- crisis: "the case manager must act within 24 hours" ----
  crisisActionDue: { overdueReason: 'crisis without action within 24 hours', remind: ['case_manager'], reminderBefore: 'crisisActionDueReminderBefore', escalates: true },
  // ---- APA file (L232-14 CASF): the département's clocks; the case manager chases them ----
  apaAcknowledgementDue: { overdueReason: 'APA file not acknowledged by the département', remind: [], remindAtDeadline: ['case_manager'], escalates: false },
  apaDecisionDue: {
    overdueReason: 'APA decision overdue',
    remind: ['case_manager'],
    reminderBefore: 'apaDecisionDueReminderBefore',
    escalates: false,
    outcome: 'the APA is deemed granted at a flat rate; the case manager is told to inform the family',
  },
  apaProviderDeclarationDue: {
    overdueReason: 'APA provider not declared',
    remind: ['case_manager'],
    reminderBefore: 'apaProviderDeclarationDueReminderBefore',
    remindAtDeadline: ['case_manager'],
    escalates: false,
  },
  // ---- legal protection: the request lapses after a year without a ruling; a measure ends ----
  legalRequestLapseAfter: {
    overdueReason: 'legal protection request lapsed without a ruling',
    remind: ['case_manager'],
    reminderBefore: 'legalRequestLapseAfterReminderBefore',
    escalates: false,
    outcome: 'the request lapses: a new request is needed',
  },
  // A measure not renewed by its end leaves the person unprotected: the supervisor is told.
  legalMeasureRenewal: {
    overdueReason: 'legal protection measure ended without renewal',
    remind: ['case_manager'],
    reminderBefore: 'legalMeasureRenewalReminderBefore',
    escalates: true,
    dueFrom: 'input',
  },
  // ---- nursing-home applications: the physician's medical part, one clock per application ----
  nursingHomeMedicalPartDue: {
    overdueReason: "nursing-home application without the physician's medical part",
    remind: ['physician'],
    reminderBefore: 'nursingHomeMedicalPartDueReminderBefore',
    remindAtDeadline: ['case_manager'],
    escalates: false,
  },
};

export interface ClockReminder {
  at: string;
  to: RecipientRole[];
  sentAt?: string;
}

export interface Clock {
  kind: ClockKind;
  /** Which episode or file the clock belongs to when several of its kind run at once (a respite, an EHPAD application). */
  ref?: string;
  startedAt: string;
  dueAt: string;
  reminders: ClockReminder[];
  /** Set when the deadline passed with the step still missing. */
  overdueSince?: string;
}

/** Starts a clock of `kind` at `startedAt`, its due time and reminders taken from the policy now. */
export function startClock(kind: ClockKind, startedAt: string, policy: PathwayPolicy, dueAt?: string, ref?: string): Clock {
  const rule = CLOCK_RULES[kind];
  if (dueAt === undefined && rule.dueFrom === 'input') throw new RangeError(`a ${kind} clock needs the due date its step gives`);
  const due = dueAt ?? dueAfter(startedAt, policy[kind as keyof PathwayPolicy] as string);
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
  return ref === undefined ? { kind, startedAt, dueAt: due, reminders } : { kind, ref, startedAt, dueAt: due, reminders };
}

export function overdueReason(kind: ClockKind): string {
  return CLOCK_RULES[kind].overdueReason;
}
