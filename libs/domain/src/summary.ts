/**
 * What people and supervisors read of a pathway: the live summary of API.md, why it is stuck,
 * and the reminders still to come. Pure functions of the state, so the workflow's query, the
 * projection and the API all show the same thing.
 */
import { Appointment, appointmentAgainst, appointmentsOf } from './appointments';
import { CareTeamMember, careTeamOf } from './care-team';
import { addDuration } from './durations';
import { CLOCK_KINDS, CLOCK_RULES, ClockKind, overdueReason } from './clocks';
import { DEFAULT_POLICY, PathwayPolicy } from './policy';
import { PathwayStage, RecipientRole } from './stages';
import {
  ApaFile,
  CrisisRecord,
  DischargeRecord,
  LegalProtectionFile,
  NursingHomeApplication,
  PathwayFlag,
  PathwayState,
  RespiteRecord,
} from './state';

export interface DeadlineView {
  kind: ClockKind;
  /** The episode or file the deadline belongs to, when several of its kind can run (a respite id, an application id). */
  ref?: string;
  startedAt: string;
  dueAt: string;
  overdue: boolean;
  overdueSince?: string;
  /** The booked appointment that is to meet this deadline, when one is booked before it is due (appointments.ts). */
  bookedAppointment?: Pick<Appointment, 'id' | 'kind' | 'at'>;
}

export interface PathwaySummary {
  id: string;
  stage: PathwayStage;
  stageSince: string;
  cycle: number;
  territory: string;
  patient: PathwayState['referral']['patient'];
  physician: PathwayState['referral']['physician'];
  caregiver?: PathwayState['referral']['caregiver'];
  referral: PathwayState['referral']['referral'];
  caseManagerId?: string;
  /** The care team: the referral's physician and caregiver, and every member added since (care-team.ts). */
  careTeam: CareTeamMember[];
  deadlines: DeadlineView[];
  episodes: EpisodesView;
  plan?: PathwayState['plan'];
  latestAssessment?: PathwayState['latestAssessment'];
  consent?: PathwayState['consent'];
  eligibility?: PathwayState['eligibility'];
  flags: PathwayFlag[];
  stuck: StuckReason[];
  closure?: PathwayState['closure'];
  lastActivityAt: string;
  /** The agenda: booked appointments soonest first, then the last settled ones (appointments.ts). */
  appointments: Appointment[];
}

/** With its own deadlines: what is due for this episode or file (also in the summary's `deadlines[]`). */
type WithDeadlines<T> = T & { deadlines: DeadlineView[] };

/** Each open episode and file of the pathway, with its own deadlines (API.md "Episodes and files"). */
export interface EpisodesView {
  /** The current stay, with the day its home-APA alert goes out (day 31). */
  hospitalization?: NonNullable<PathwayState['hospitalization']> & { apaAlertAt: string };
  /** The last stay's discharge: discharge letter, services restart, return assessment. */
  lastDischarge?: WithDeadlines<DischargeRecord>;
  institution?: PathwayState['institution'];
  /** The respite under way, or else the next one planned. */
  respite?: WithDeadlines<RespiteRecord>;
  /** Every respite planned or under way, soonest first. */
  respites: WithDeadlines<RespiteRecord>[];
  /** Temporary accommodation days left in each calendar year a respite touches (and the current one). */
  respiteDaysLeft: Record<string, number>;
  crisis?: WithDeadlines<CrisisRecord>;
  /** The last resolved crisis, with the significant-change reassessment it opened. */
  lastCrisis?: WithDeadlines<CrisisRecord>;
  apa?: WithDeadlines<ApaFile>;
  legalProtection?: WithDeadlines<LegalProtectionFile>;
  /** Every EHPAD application, in submission order (a new one is last). */
  nursingHomeApplications: WithDeadlines<NursingHomeApplication>[];
}

/** Which clocks belong to which episode (the ones with a `ref` belong to the episode of that id). */
const EPISODE_CLOCKS = {
  lastDischarge: ['dischargeLetterDue', 'servicesRestartDue', 'postDischargeReassessmentDue'],
  respite: ['respiteStart', 'respiteEnd'],
  crisis: ['crisisActionDue'],
  lastCrisis: ['significantChangeReassessmentDue'],
  apa: ['apaAcknowledgementDue', 'apaDecisionDue', 'apaProviderDeclarationDue'],
  legalProtection: ['legalRequestLapseAfter', 'legalMeasureRenewal'],
  nursingHomeApplication: ['nursingHomeMedicalPartDue'],
} satisfies Record<string, ClockKind[]>;

export function episodesOf(state: PathwayState, now: Date, policy: PathwayPolicy = DEFAULT_POLICY): EpisodesView {
  const deadlines = deadlinesOf(state, now);
  const of = (kinds: readonly ClockKind[], ref?: string) => deadlines.filter((d) => kinds.includes(d.kind) && d.ref === ref);
  const respites = [...(state.respites ?? [])]
    .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt))
    .map((r) => ({ ...r, deadlines: of(EPISODE_CLOCKS.respite, r.id) }));
  const years = new Set([String(now.getUTCFullYear()), ...respites.flatMap((r) => Object.keys(r.days ?? {}))]);
  const allowance = policy.respiteTemporaryAccommodationDaysPerYear;
  return {
    hospitalization: state.hospitalization && {
      ...state.hospitalization,
      apaAlertAt: addDuration(state.hospitalization.admittedAt, policy.hospitalStayApaAlertAfter).toISOString(),
    },
    lastDischarge: state.lastDischarge && { ...state.lastDischarge, deadlines: of(EPISODE_CLOCKS.lastDischarge) },
    institution: state.institution,
    respite: respites.find((r) => r.status === 'ONGOING') ?? respites[0],
    respites,
    respiteDaysLeft: Object.fromEntries([...years].sort().map((y) => [y, Math.max(0, allowance - (state.respiteDaysUsed?.[y] ?? 0))])),
    crisis: state.crisis && { ...state.crisis, deadlines: of(EPISODE_CLOCKS.crisis) },
    lastCrisis: state.lastCrisis && { ...state.lastCrisis, deadlines: of(EPISODE_CLOCKS.lastCrisis) },
    apa: state.apa && { ...state.apa, deadlines: of(EPISODE_CLOCKS.apa) },
    legalProtection: state.legalProtection && { ...state.legalProtection, deadlines: of(EPISODE_CLOCKS.legalProtection) },
    nursingHomeApplications: (state.nursingHomeApplications ?? []).map((a) => ({ ...a, deadlines: of(EPISODE_CLOCKS.nursingHomeApplication, a.id) })),
  };
}

/**
 * What a stuck reason is keyed by, everywhere it is stored, filtered or counted (the projection's
 * `stuck_reason`, the indicators, the API's `code`): the clock whose deadline passed (the inactivity
 * watch is the clock `inactivityStuckAfter`), or `activityFailing`. The English sentence is for display
 * only and may be reworded freely; a code never changes once shipped.
 */
export const STUCK_CODES = [...CLOCK_KINDS, 'activityFailing'] as const;
export type StuckCode = (typeof STUCK_CODES)[number];

export interface StuckReason {
  code: StuckCode;
  /** For display only (English): never a key, see StuckCode. */
  reason: string;
  since: string;
  clock?: ClockKind;
}

/** The display sentence of a failing activity (the activity type names no person and no condition). */
export const FAILING_ACTIVITY_REASON = (activity?: string) => `activity ${activity ?? ''} keeps failing`.replace('  ', ' ');

/** The English sentence shown for a code (display only). */
export function stuckSentence(code: StuckCode, failingActivity?: string): string {
  return code === 'activityFailing' ? FAILING_ACTIVITY_REASON(failingActivity) : overdueReason(code);
}

/** The codes that are overdue deadlines: a failing activity or an inactive pathway is stuck, not overdue. */
export const OVERDUE_CODES: readonly ClockKind[] = CLOCK_KINDS.filter((kind) => CLOCK_RULES[kind].escalates && kind !== 'inactivityStuckAfter');

/**
 * The neutral code published in the Temporal `StuckReason` search attribute. Search attributes are
 * stored in clear in the cluster's visibility store, outside the payload codec, and a clock kind can
 * name a condition (`crisisActionDue`, `apaDecisionDue`, `legalMeasureRenewal`, `postDischargeReassessmentDue`):
 * an operator only needs to know why to look (a deadline passed, nothing happens, a task fails); which
 * clock it is stays in PostgreSQL and in the encrypted payloads.
 */
export type VisibleStuckCode = 'DEADLINE_OVERDUE' | 'INACTIVE' | 'ACTIVITY_FAILING';

export function visibleStuckCode(code: StuckCode): VisibleStuckCode {
  if (code === 'activityFailing') return 'ACTIVITY_FAILING';
  return code === 'inactivityStuckAfter' ? 'INACTIVE' : 'DEADLINE_OVERDUE';
}

/** Deadlines the summary shows: the inactivity watch is a stuck rule, not a deadline of the pathway. */
export function deadlinesOf(state: PathwayState, now: Date): DeadlineView[] {
  return state.clocks
    .filter((c) => c.kind !== 'inactivityStuckAfter')
    .map((c) => ({
      kind: c.kind,
      ...(c.ref === undefined ? {} : { ref: c.ref }),
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      overdue: Boolean(c.overdueSince) || Date.parse(c.dueAt) < now.getTime(),
      overdueSince: c.overdueSince,
      ...bookedAgainst(state, c.kind, c.dueAt),
    }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/**
 * Why the pathway is stuck (PATHWAY.md): passed deadlines, inactivity, a failing activity; oldest first.
 * A third party's overdue deadline (CLOCK_RULES `escalates: false`) shows in `deadlines[]`, not here.
 */
export function stuckReasons(state: PathwayState, activityFailingSince?: string, failingActivity?: string): StuckReason[] {
  const reasons: StuckReason[] = state.clocks
    .filter((c) => c.overdueSince && CLOCK_RULES[c.kind].escalates)
    .map((c) => ({ code: c.kind, reason: stuckSentence(c.kind), since: c.overdueSince as string, clock: c.kind }));
  if (activityFailingSince) {
    reasons.push({ code: 'activityFailing', reason: stuckSentence('activityFailing', failingActivity), since: activityFailingSince });
  }
  return reasons.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

function bookedAgainst(state: PathwayState, kind: ClockKind, dueAt: string): Pick<DeadlineView, 'bookedAppointment'> {
  const appointment = appointmentAgainst(state, kind, dueAt);
  return appointment ? { bookedAppointment: { id: appointment.id, kind: appointment.kind, at: appointment.at } } : {};
}

export function nextDeadlineAt(state: PathwayState): string | undefined {
  return deadlinesOf(state, new Date(0)).find((d) => !d.overdueSince)?.dueAt;
}

export function summarize(state: PathwayState, now: Date, stuck: StuckReason[] = stuckReasons(state), policy: PathwayPolicy = DEFAULT_POLICY): PathwaySummary {
  const { referral } = state;
  return {
    id: state.pathwayId,
    stage: state.stage,
    stageSince: state.stageSince,
    cycle: state.cycle,
    territory: state.territory,
    patient: referral.patient,
    physician: referral.physician,
    caregiver: referral.caregiver,
    referral: referral.referral,
    caseManagerId: state.caseManagerId,
    careTeam: careTeamOf(state),
    deadlines: deadlinesOf(state, now),
    episodes: episodesOf(state, now, policy),
    plan: state.plan,
    latestAssessment: state.latestAssessment,
    consent: state.consent,
    eligibility: state.eligibility,
    flags: [...state.flags],
    stuck,
    closure: state.closure,
    lastActivityAt: state.lastActivityAt,
    appointments: appointmentsOf(state),
  };
}

/**
 * A summary read from the projection, as of `now`: the projection was written at the pathway's last
 * event, so a deadline that has come due since shows `overdue` (as the workflow's query would say)
 * even before the workflow has processed it. Nothing else in a summary depends on the reading instant.
 */
export function summaryAsOf(summary: PathwaySummary, now: Date): PathwaySummary {
  const at = (deadlines: DeadlineView[]) => deadlines.map((d) => ({ ...d, overdue: Boolean(d.overdueSince) || Date.parse(d.dueAt) < now.getTime() }));
  const withDeadlines = <T extends { deadlines: DeadlineView[] }>(e: T | undefined) => e && { ...e, deadlines: at(e.deadlines) };
  const e = summary.episodes;
  return {
    ...summary,
    deadlines: at(summary.deadlines),
    episodes: e && {
      ...e,
      lastDischarge: withDeadlines(e.lastDischarge),
      respite: withDeadlines(e.respite),
      respites: (e.respites ?? []).map((r) => ({ ...r, deadlines: at(r.deadlines) })),
      crisis: withDeadlines(e.crisis),
      lastCrisis: withDeadlines(e.lastCrisis),
      apa: withDeadlines(e.apa),
      legalProtection: withDeadlines(e.legalProtection),
      nursingHomeApplications: (e.nursingHomeApplications ?? []).map((a) => ({ ...a, deadlines: at(a.deadlines) })),
    },
  };
}

export interface UpcomingReminder {
  clock: ClockKind;
  ref?: string;
  recipientRole: RecipientRole;
  remindAt: string;
  dueAt: string;
}

/** Reminders scheduled but not yet due, for `GET /reminders`. */
export function upcomingReminders(state: PathwayState): UpcomingReminder[] {
  return state.clocks
    .flatMap((c) =>
      c.reminders
        .filter((r) => !r.sentAt)
        .flatMap((r) => r.to.map((role) => ({ clock: c.kind, ...(c.ref === undefined ? {} : { ref: c.ref }), recipientRole: role, remindAt: r.at, dueAt: c.dueAt }))),
    )
    .sort((a, b) => Date.parse(a.remindAt) - Date.parse(b.remindAt));
}
