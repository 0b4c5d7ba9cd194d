/**
 * What people and supervisors read of a pathway: the live summary of API.md, why it is stuck,
 * and the reminders still to come. Pure functions of the state, so the workflow's query, the
 * projection and the API all show the same thing.
 */
import { ClockKind, overdueReason } from './clocks';
import { PathwayStage, RecipientRole } from './stages';
import { PathwayFlag, PathwayState } from './state';

export interface DeadlineView {
  kind: ClockKind;
  startedAt: string;
  dueAt: string;
  overdue: boolean;
  overdueSince?: string;
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
  deadlines: DeadlineView[];
  episodes: {
    hospitalization?: PathwayState['hospitalization'];
    lastDischarge?: PathwayState['lastDischarge'];
    institution?: PathwayState['institution'];
  };
  plan?: PathwayState['plan'];
  latestAssessment?: PathwayState['latestAssessment'];
  consent?: PathwayState['consent'];
  eligibility?: PathwayState['eligibility'];
  flags: PathwayFlag[];
  stuck: StuckReason[];
  closure?: PathwayState['closure'];
  lastActivityAt: string;
}

export interface StuckReason {
  reason: string;
  since: string;
  clock?: ClockKind;
}

/** Deadlines the summary shows: the inactivity watch is a stuck rule, not a deadline of the pathway. */
export function deadlinesOf(state: PathwayState, now: Date): DeadlineView[] {
  return state.clocks
    .filter((c) => c.kind !== 'inactivityStuckAfter')
    .map((c) => ({
      kind: c.kind,
      startedAt: c.startedAt,
      dueAt: c.dueAt,
      overdue: Boolean(c.overdueSince) || Date.parse(c.dueAt) < now.getTime(),
      overdueSince: c.overdueSince,
    }))
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
}

/** Why the pathway is stuck (PATHWAY.md): passed deadlines, inactivity, a failing activity; oldest first. */
export function stuckReasons(state: PathwayState, activityFailingSince?: string, failingActivity?: string): StuckReason[] {
  const reasons: StuckReason[] = state.clocks
    .filter((c) => c.overdueSince)
    .map((c) => ({ reason: overdueReason(c.kind), since: c.overdueSince as string, clock: c.kind }));
  if (activityFailingSince) {
    reasons.push({ reason: `activity ${failingActivity ?? ''} keeps failing`.replace('  ', ' '), since: activityFailingSince });
  }
  return reasons.sort((a, b) => Date.parse(a.since) - Date.parse(b.since));
}

export function nextDeadlineAt(state: PathwayState): string | undefined {
  return deadlinesOf(state, new Date(0)).find((d) => !d.overdueSince)?.dueAt;
}

export function summarize(state: PathwayState, now: Date, stuck: StuckReason[] = stuckReasons(state)): PathwaySummary {
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
    deadlines: deadlinesOf(state, now),
    episodes: { hospitalization: state.hospitalization, lastDischarge: state.lastDischarge, institution: state.institution },
    plan: state.plan,
    latestAssessment: state.latestAssessment,
    consent: state.consent,
    eligibility: state.eligibility,
    flags: [...state.flags],
    stuck,
    closure: state.closure,
    lastActivityAt: state.lastActivityAt,
  };
}

export interface UpcomingReminder {
  clock: ClockKind;
  recipientRole: RecipientRole;
  remindAt: string;
  dueAt: string;
}

/** Reminders scheduled but not yet due, for `GET /reminders`. */
export function upcomingReminders(state: PathwayState): UpcomingReminder[] {
  return state.clocks
    .flatMap((c) => c.reminders.filter((r) => !r.sentAt).flatMap((r) => r.to.map((role) => ({ clock: c.kind, recipientRole: role, remindAt: r.at, dueAt: c.dueAt }))))
    .sort((a, b) => Date.parse(a.remindAt) - Date.parse(b.remindAt));
}
