/**
 * Small changes to a pathway's state that steps (decide.ts, episode-steps.ts) and timers (timers.ts) share:
 * recording an event, moving stage, starting and stopping clocks, flags, and the two moves more than one
 * rule makes (a reassessment that replaces the routine one; an institutional admission).
 */
import { ASSESSMENT_CLOCKS, Clock, ClockKind, startClock } from './clocks';
import type { DecisionContext } from './decision-context';
import { laterOf } from './date-order';
import type { ContactChannel } from './input-types';
import { PathwayPolicy } from './policy';
import { PathwayStage } from './stages';
import { PathwayEvent, PathwayEventType, PathwayFlag, PathwayState } from './state';

export function emit(
  s: PathwayState,
  events: PathwayEvent[],
  at: string,
  actor: string,
  type: PathwayEventType,
  data: Record<string, unknown>,
): void {
  s.seq += 1;
  events.push({ seq: s.seq, at, type, actor, data: dropUndefined(data) });
}

export function moveTo(s: PathwayState, stage: PathwayStage, at: string): void {
  s.stage = stage;
  s.stageSince = at;
}

/** Stops the clocks of `kind`; with `ref`, only the one of that episode or file. */
export function stopClock(s: PathwayState, kind: ClockKind, ref?: string): void {
  s.clocks = s.clocks.filter((clock) => clock.kind !== kind || (ref !== undefined && clock.ref !== ref));
}

export function replaceClock(s: PathwayState, clock: Clock): void {
  stopClock(s, clock.kind, clock.ref);
  s.clocks.push(clock);
}

export function addFlag(s: PathwayState, flag: PathwayFlag): void {
  if (!s.flags.includes(flag)) s.flags.push(flag);
}

export function removeFlag(s: PathwayState, flag: PathwayFlag): void {
  s.flags = s.flags.filter((f) => f !== flag);
}

export function enterFollowUp(s: PathwayState, at: string, ctx: DecisionContext): void {
  moveTo(s, 'FOLLOW_UP', at);
  replaceClock(s, startClock('contactDue', at, ctx.policy));
}

/**
 * A contact with the person or their caregiver at `at` (a logged contact, or an appointment held): the
 * first contact, the first home visit when it is one, and in FOLLOW_UP the next contact's clock from it.
 */
export function contactMade(s: PathwayState, at: string, channel: ContactChannel, ctx: DecisionContext): void {
  if (!s.firstContactAt) {
    s.firstContactAt = at;
    stopClock(s, 'firstContactDue');
  }
  if (channel === 'HOME_VISIT' && !s.firstHomeVisitAt) {
    s.firstHomeVisitAt = at;
    stopClock(s, 'firstHomeVisitDue');
  }
  s.lastContactAt = at;
  s.lastContactChannel = channel;
  if (s.stage === 'FOLLOW_UP') replaceClock(s, startClock('contactDue', laterOf(at, s.stageSince), ctx.policy));
}

export function inactivityClock(from: string, policy: PathwayPolicy): Clock {
  return startClock('inactivityStuckAfter', from, policy);
}

/**
 * A reassessment asked for by an event (discharge home, a crisis resolved) replaces a routine one that
 * was due: in FOLLOW_UP it opens a new cycle in ASSESSMENT; in ASSESSMENT it takes the running
 * assessment clock's place; in the other stages an assessment is recent or not yet due, and nothing moves.
 * Returns the new cycle when one was opened.
 */
export function openReassessment(
  s: PathwayState,
  kind: 'postDischargeReassessmentDue' | 'significantChangeReassessmentDue',
  from: string,
  ctx: DecisionContext,
): { cycle?: number } {
  if (s.stage !== 'FOLLOW_UP' && s.stage !== 'ASSESSMENT') return {};
  for (const assessment of ASSESSMENT_CLOCKS) stopClock(s, assessment);
  stopClock(s, 'contactDue');
  let cycle: number | undefined;
  if (s.stage === 'FOLLOW_UP') {
    s.cycle += 1;
    moveTo(s, 'ASSESSMENT', ctx.now.toISOString());
    cycle = s.cycle;
  }
  s.clocks.push(startClock(kind, from, ctx.policy));
  return { cycle };
}

/**
 * The files that go on when the person moves into an institution: the APA and legal-protection clocks
 * (the law's, not the home's), an open crisis and a discharge letter still awaited. Everything else (the
 * stage's clocks, home services, respites, other EHPAD applications) ends with life at home.
 */
const CLOCKS_KEPT_IN_INSTITUTION: readonly ClockKind[] = [
  'inactivityStuckAfter',
  'dischargeLetterDue',
  'crisisActionDue',
  'apaAcknowledgementDue',
  'apaDecisionDue',
  'apaProviderDeclarationDue',
  'legalRequestLapseAfter',
  'legalMeasureRenewal',
];

/** Institutional admission (a step of its own, or the first accepted EHPAD application). */
export function enterInstitution(s: PathwayState, admittedAt: string, facility: string, ctx: DecisionContext, events: PathwayEvent[]): void {
  const now = ctx.now.toISOString();
  s.institution = { admittedAt, facility };
  s.hospitalization = undefined;
  s.flags = s.flags.filter((f) => f !== 'HOSPITALIZED' && f !== 'HOSPITAL_DAY_31');
  for (const svc of s.plan?.services ?? []) svc.status = 'STOPPED';
  // Respites end with life at home; the days of one not yet begun go back to the year's allowance.
  const cancelledRespites = (s.respites ?? []).map((r) => r.id);
  for (const respite of s.respites ?? []) if (respite.status === 'PLANNED') releaseRespiteDays(s, respite.days);
  if (s.respites) s.respites = [];
  const cancelledApplications: string[] = [];
  for (const application of s.nursingHomeApplications ?? []) {
    if (application.status === 'SUBMITTED' || application.status === 'WAITLISTED') {
      application.status = 'CANCELLED';
      cancelledApplications.push(application.id);
    }
  }
  s.clocks = s.clocks.filter((clock) => CLOCKS_KEPT_IN_INSTITUTION.includes(clock.kind));
  moveTo(s, 'INSTITUTIONALIZED', now);
  s.clocks.push(startClock('postAdmissionFollowUpDue', admittedAt, ctx.policy));
  emit(s, events, now, ctx.actor, 'INSTITUTIONAL_ADMISSION', {
    admittedAt,
    facility,
    stage: s.stage,
    cancelledRespites: cancelledRespites.length ? cancelledRespites : undefined,
    cancelledApplications: cancelledApplications.length ? cancelledApplications : undefined,
  });
}

/** Gives back to each year's allowance the temporary-accommodation days of a respite that will not happen. */
export function releaseRespiteDays(s: PathwayState, days: Record<string, number> | undefined): void {
  for (const [year, count] of Object.entries(days ?? {})) {
    const used = (s.respiteDaysUsed?.[year] ?? 0) - count;
    if (!s.respiteDaysUsed) continue;
    if (used > 0) s.respiteDaysUsed[year] = used;
    else delete s.respiteDaysUsed[year];
  }
}

export function dropUndefined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}
