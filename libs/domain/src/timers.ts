/**
 * What happens when time passes: reminders fall due, deadlines pass. The workflow sleeps until
 * `nextWakeUp(state)` (or a step arrives), then applies `passTime(state, now)`; both are pure.
 */
import { CLOCK_KINDS, CLOCK_RULES, Clock, ClockKind, overdueReason } from './clocks';
import type { DecisionContext } from './decision-context';
import { addFlag, emit, enterFollowUp, moveTo, stopClock } from './effects';
import { EPISODE_DEADLINE_OUTCOMES } from './episode-deadlines';
import { addDuration } from './durations';
import { PathwayPolicy } from './policy';
import { cloneState, PathwayEvent, PathwayState } from './state';

/** The earliest instant at which something is due: an unsent reminder or a deadline not yet passed. */
export function nextWakeUp(state: PathwayState, policy: PathwayPolicy): string | undefined {
  // Closure cancels every reminder, including the hospital-stay alert of a stay still on record.
  if (state.stage === 'CLOSED') return undefined;
  let next: string | undefined;
  const consider = (at: string) => {
    if (next === undefined || Date.parse(at) < Date.parse(next)) next = at;
  };
  for (const clock of state.clocks) {
    for (const reminder of clock.reminders) if (!reminder.sentAt) consider(reminder.at);
    if (!clock.overdueSince) consider(clock.dueAt);
  }
  if (state.hospitalization && !state.flags.includes('HOSPITAL_DAY_31')) consider(hospitalDay31(state, policy));
  return next;
}

/**
 * Applies everything due at or before `ctx.now`, oldest first: REMINDER_DUE events for the people to remind,
 * DEADLINE_PASSED events (with `escalate` when the supervisor is to be told), and the automatic moves of
 * PATHWAY.md (plan acknowledgement window ended → FOLLOW_UP flagged; reassessment window open → ASSESSMENT).
 */
export function passTime(state: PathwayState, ctx: DecisionContext): { state: PathwayState; events: PathwayEvent[] } {
  const s = cloneState(state);
  const events: PathwayEvent[] = [];
  if (s.stage === 'CLOSED') return { state: s, events };
  const nowMs = ctx.now.getTime();
  const now = ctx.now.toISOString();

  for (const clock of [...s.clocks].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))) {
    // A clock an earlier deadline's outcome stopped (in this same pass) has nothing left to say.
    if (!s.clocks.includes(clock)) continue;
    for (const reminder of clock.reminders) {
      if (reminder.sentAt || Date.parse(reminder.at) > nowMs) continue;
      reminder.sentAt = now;
      emit(s, events, now, 'system', 'REMINDER_DUE', { clock: clock.kind, ref: clock.ref, dueAt: clock.dueAt, remindAt: reminder.at, to: reminder.to });
    }
    if (clock.overdueSince || Date.parse(clock.dueAt) > nowMs) continue;
    deadlinePassed(s, clock, ctx, events);
  }

  // The reassessment window opens with its reminder: the new cycle starts in ASSESSMENT.
  const reassessment = s.clocks.find((c) => c.kind === 'reassessmentDue');
  if (s.stage === 'FOLLOW_UP' && reassessment && reassessment.reminders.every((r) => r.sentAt)) {
    s.cycle += 1;
    moveTo(s, 'ASSESSMENT', now);
    stopClock(s, 'contactDue');
    emit(s, events, now, 'system', 'REASSESSMENT_CYCLE_STARTED', { cycle: s.cycle, trigger: 'PERIODIC', dueAt: reassessment.dueAt, stage: s.stage });
  }

  if (s.hospitalization && !s.flags.includes('HOSPITAL_DAY_31') && Date.parse(hospitalDay31(s, ctx.policy)) <= nowMs) {
    addFlag(s, 'HOSPITAL_DAY_31');
    // A home APA stops from the 31st day of a hospital stay: the case manager and the family are told
    // (whether an APA granted here is at stake, or one the pathway does not track).
    emit(s, events, now, 'system', 'HOSPITAL_DAY_31', {
      admittedAt: s.hospitalization.admittedAt,
      facility: s.hospitalization.facility,
      homeApaGranted: s.apa?.status === 'GRANTED' || s.apa?.status === 'DEEMED_GRANTED',
      to: s.referral.caregiver ? ['case_manager', 'caregiver'] : ['case_manager'],
    });
  }
  return { state: s, events };
}

type DeadlineOutcome = (s: PathwayState, clock: Clock, ctx: DecisionContext, events: PathwayEvent[]) => void;

/** The deadlines whose passing is an outcome, not a delay (CLOCK_RULES `outcome`): the clock stops and this happens. */
export const DEADLINE_OUTCOMES: Partial<Record<ClockKind, DeadlineOutcome>> = {
  planAcknowledgementDue(s, clock, ctx, events) {
    // Past the validation window, follow-up goes on, flagged "not acknowledged".
    addFlag(s, 'PLAN_NOT_ACKNOWLEDGED');
    if (s.stage === 'PLAN_VALIDATION') enterFollowUp(s, clock.dueAt, ctx);
    emit(s, events, ctx.now.toISOString(), 'system', 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED', { dueAt: clock.dueAt, stage: s.stage });
  },
  ...EPISODE_DEADLINE_OUTCOMES,
};

/** Clock kinds whose deadline is an outcome: the ones with an entry above. */
export const OUTCOME_CLOCKS: readonly ClockKind[] = CLOCK_KINDS.filter((kind) => DEADLINE_OUTCOMES[kind] !== undefined);

function deadlinePassed(s: PathwayState, clock: Clock, ctx: DecisionContext, events: PathwayEvent[]): void {
  const now = ctx.now.toISOString();
  const outcome = DEADLINE_OUTCOMES[clock.kind];
  if (outcome) {
    stopClock(s, clock.kind, clock.ref);
    outcome(s, clock, ctx, events);
    return;
  }
  const live = s.clocks.find((c) => c.kind === clock.kind && c.startedAt === clock.startedAt && c.ref === clock.ref);
  if (!live) return;
  live.overdueSince = clock.dueAt;
  if (clock.kind === 'inactivityStuckAfter') addFlag(s, 'INACTIVE');
  const escalate =
    CLOCK_RULES[clock.kind].escalates &&
    (!s.lastEscalationAt || addDuration(s.lastEscalationAt, ctx.policy.escalationRepeatAfter).getTime() <= ctx.now.getTime());
  if (escalate) s.lastEscalationAt = now;
  emit(s, events, now, 'system', 'DEADLINE_PASSED', {
    clock: clock.kind,
    ref: clock.ref,
    dueAt: clock.dueAt,
    reason: overdueReason(clock.kind),
    escalate: escalate ? ['supervisor'] : undefined,
  });
}

/** "From the 31st day of a hospital stay": admission + hospitalStayApaAlertAfter (P30D). */
function hospitalDay31(s: PathwayState, policy: PathwayPolicy): string {
  return addDuration(s.hospitalization!.admittedAt, policy.hospitalStayApaAlertAfter).toISOString();
}
