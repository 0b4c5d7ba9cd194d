/**
 * Is a reminder still wanted when it is about to go out? The workflow writes a reminder when it falls
 * due, but delivery may come later (an SMTP outage, a retry): by then the step it was about may have
 * happened. This answers from the pathway's projected summary, which the workflow writes before the
 * reminder and after every step; `handOver` asks it again under a lock on the pathway row.
 *
 * The rule is the deadline table's (libs/domain clocks): a clock that is stopped is a step done.
 */
import { CLOCK_KINDS, ClockKind, PathwaySummary } from '@pathway/domain';

export type Relevance = { send: true } | { send: false; reason: string };

const SEND: Relevance = { send: true };

/** The deadline a notification kind is about, if any (`planDueReminder` → `planDue`). */
export function clockOfKind(kind: string): { clock: ClockKind; family: 'Reminder' | 'Overdue' } | undefined {
  if (kind === 'reassessmentVisit') return { clock: 'reassessmentDue', family: 'Reminder' };
  const match = /^(\w+?)(Reminder|Overdue)$/.exec(kind);
  if (!match || !(CLOCK_KINDS as readonly string[]).includes(match[1])) return undefined;
  return { clock: match[1] as ClockKind, family: match[2] as 'Reminder' | 'Overdue' };
}

function sameInstant(a: unknown, b: unknown): boolean {
  return typeof a === 'string' && typeof b === 'string' && Date.parse(a) === Date.parse(b);
}

export function stillWanted(kind: string, payload: Record<string, unknown>, projected: unknown, now: Date = new Date()): Relevance {
  const summary = (projected ?? {}) as Partial<PathwaySummary>;
  const deadlineAt = payload.deadlineAt;
  const about = clockOfKind(kind);

  if (about?.clock === 'planAcknowledgementDue' || kind === 'planToValidate') {
    // The plan window's clock stops at its end (the at-deadline reminder is written in that same
    // pass), so the question is the plan's, not the clock's: acknowledged, or replaced by a new version.
    const plan = summary.plan;
    if (plan?.acknowledgedAt) return { send: false, reason: 'the physician has acknowledged the plan since' };
    if (kind === 'planToValidate' && plan && typeof payload.version === 'number' && plan.version !== payload.version) {
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
  if (kind === 'waitingListOffer') {
    // Offered to a case manager: pointless once the pathway has a case manager (accepted, or assigned otherwise).
    return summary.stage === undefined || summary.stage === 'AWAITING_ASSIGNMENT'
      ? SEND
      : { send: false, reason: `the pathway no longer waits for a case manager (stage ${summary.stage})` };
  }
  if (kind === 'hospitalDay31') {
    return summary.episodes?.hospitalization ? SEND : { send: false, reason: 'the patient has left hospital since' };
  }
  // Closure notices, crisis and file events: facts that no later step makes untrue.
  return SEND;
}
