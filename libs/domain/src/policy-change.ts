/**
 * How a pathway's policy evolves once it is running (libs/workflows/EVOLUTION.md "Policy").
 *
 * A pathway carries the policy it was referred with across continue-as-new. Two things follow:
 * - code that reads a key the carried policy predates must not see `undefined` (`parseDuration(undefined)`
 *   would wedge every running pathway): `carriedPolicy` reads it over the current defaults;
 * - a change of law reaches running pathways only when an operator sends it on purpose: `previewPolicyChange`
 *   says what would move, `applyPolicyChange` moves it (or lets only clocks started from now on use it).
 */
import { CLOCK_RULES, Clock, startClock } from './clocks';
import { dueAfter } from './durations';
import { emit } from './effects';
import { DEFAULT_POLICY, PathwayPolicy } from './policy';
import { cloneState, PathwayEvent, PathwayState } from './state';

/** The carried policy over the current defaults: a key added since the pathway started takes its default. */
export function carriedPolicy(carried: Partial<PathwayPolicy> | undefined): PathwayPolicy {
  return { ...DEFAULT_POLICY, ...(carried ?? {}) };
}

/**
 * RUNNING: the clocks already running are re-timed from their start with the new policy (a shorter APA
 * decision deadline moves the decision date and its reminder). NEW_CLOCKS: nothing running moves; clocks
 * started from now on use the new policy.
 */
export type PolicyChangeMode = 'RUNNING' | 'NEW_CLOCKS';
export const POLICY_CHANGE_MODES: readonly PolicyChangeMode[] = ['RUNNING', 'NEW_CLOCKS'];

export interface ClockMove {
  kind: Clock['kind'];
  ref?: string;
  dueAt: { from: string; to: string };
  /** to − from, in milliseconds (negative: earlier). */
  deltaMs: number;
  /** The reminders still to be sent, before and after. */
  reminders: { from: string[]; to: string[] };
}

/** The policy keys whose value differs. */
export function changedPolicyKeys(before: PathwayPolicy, after: PathwayPolicy): (keyof PathwayPolicy)[] {
  return (Object.keys(after) as (keyof PathwayPolicy)[]).filter((key) => before[key] !== after[key]);
}

/**
 * A running clock re-timed under `next`. A due date the step gave (a respite's dates, a measure's end) or
 * one not computed from the policy (the discharge letter's end of day) keeps its date; only its reminders
 * follow the new lead times. An overdue clock stays as it is: its deadline has already been acted on.
 */
function retime(clock: Clock, carried: PathwayPolicy, next: PathwayPolicy): Clock {
  if (clock.overdueSince) return clock;
  const rule = CLOCK_RULES[clock.kind];
  const key = clock.kind as keyof PathwayPolicy;
  const fromPolicy = rule.dueFrom !== 'input' && typeof carried[key] === 'string' && clock.dueAt === dueAfter(clock.startedAt, carried[key] as string);
  const moved = startClock(clock.kind, clock.startedAt, next, fromPolicy ? undefined : clock.dueAt, clock.ref);
  // A reminder already sent stays sent: people are not told twice of the same deadline.
  moved.reminders = moved.reminders.map((reminder, i) => (clock.reminders[i]?.sentAt ? { ...reminder, sentAt: clock.reminders[i].sentAt } : reminder));
  return moved;
}

const unsent = (clock: Clock) => clock.reminders.filter((r) => !r.sentAt).map((r) => r.at);

/** What `applyPolicyChange(…, 'RUNNING')` would move in this pathway: one entry per clock whose due date or pending reminders change. */
export function previewPolicyChange(state: PathwayState, carried: PathwayPolicy, next: PathwayPolicy): ClockMove[] {
  if (state.stage === 'CLOSED') return [];
  const moves: ClockMove[] = [];
  for (const clock of state.clocks) {
    const moved = retime(clock, carried, next);
    const before = unsent(clock);
    const after = unsent(moved);
    if (moved.dueAt === clock.dueAt && JSON.stringify(before) === JSON.stringify(after)) continue;
    moves.push({
      kind: clock.kind,
      ...(clock.ref === undefined ? {} : { ref: clock.ref }),
      dueAt: { from: clock.dueAt, to: moved.dueAt },
      deltaMs: Date.parse(moved.dueAt) - Date.parse(clock.dueAt),
      reminders: { from: before, to: after },
    });
  }
  return moves;
}

export interface PolicyChange {
  /** Names the change in the audit trail. */
  changeId: string;
  /**
   * The keys that change, laid over the pathway's own policy: what a territory overrode and the change does
   * not name stays as it is. Applying the same overrides again changes nothing.
   */
  overrides: Partial<PathwayPolicy>;
  mode: PolicyChangeMode;
}

/** The policy a pathway would run on after the change. */
export function changedPolicy(carried: PathwayPolicy, overrides: Partial<PathwayPolicy>): PathwayPolicy {
  return { ...carried, ...overrides };
}

/**
 * Applies a policy change to a pathway: the new carried policy, the state with its clocks re-timed (RUNNING)
 * or untouched (NEW_CLOCKS), and a POLICY_CHANGED event for the timeline (who, which change, what moved).
 * Applying the same change again, or one that changes nothing, returns no event.
 */
export function applyPolicyChange(
  state: PathwayState,
  carried: PathwayPolicy,
  change: PolicyChange,
  ctx: { now: Date; actor: string },
): { state: PathwayState; policy: PathwayPolicy; events: PathwayEvent[]; moves: ClockMove[] } {
  const next = changedPolicy(carried, change.overrides);
  const keys = changedPolicyKeys(carried, next);
  if (!keys.length || state.stage === 'CLOSED') return { state, policy: carried, events: [], moves: [] };
  const moves = change.mode === 'RUNNING' ? previewPolicyChange(state, carried, next) : [];
  const s = cloneState(state);
  if (change.mode === 'RUNNING') s.clocks = s.clocks.map((clock) => retime(clock, carried, next));
  const events: PathwayEvent[] = [];
  emit(s, events, ctx.now.toISOString(), ctx.actor, 'POLICY_CHANGED', {
    changeId: change.changeId,
    mode: change.mode,
    changed: Object.fromEntries(keys.map((key) => [key, { from: carried[key], to: next[key] }])),
    moves: moves.map((m) => ({ kind: m.kind, ref: m.ref, from: m.dueAt.from, to: m.dueAt.to })),
  });
  return { state: s, policy: next, events, moves };
}
