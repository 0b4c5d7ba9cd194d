/**
 * What the committed histories exercise, and what the code says they must: every Update and signal the
 * workflows define, every workflow type, every clock's deadline passing and (when it has one) its reminder
 * firing, an escalation, the hospital's 31st day, the workflow's own retry after a failing activity, a
 * duplicate referral and a continue-as-new. The list of kinds is derived from the code (messages, the
 * domain's CLOCK_KINDS and CLOCK_RULES), so a new step, signal or clock without a history fails the gate.
 */
import { defaultPayloadConverter, PayloadCodec } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { CLOCK_KINDS, CLOCK_RULES, OUTCOME_CLOCKS, PathwayEvent } from '@pathway/domain';
import * as absence from '../absence.workflow';
import * as messages from '../messages';
import * as workflows from '../workflows';

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;

/** The event a deadline that is an outcome (CLOCK_RULES `outcome`) records instead of DEADLINE_PASSED. */
export const OUTCOME_EVENTS: Record<string, PathwayEvent['type']> = {
  planAcknowledgementDue: 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED',
  respiteStart: 'RESPITE_STARTED',
  respiteEnd: 'RESPITE_ENDED',
  apaDecisionDue: 'APA_DEEMED_GRANTED',
  legalRequestLapseAfter: 'LEGAL_REQUEST_LAPSED',
};

function messageDefinitions(): { type: string; name: string }[] {
  const candidates: unknown[] = [...Object.values(messages), ...Object.values(messages.stepUpdates), ...Object.values(absence)];
  return candidates.filter(
    (d): d is { type: string; name: string } => typeof d === 'object' && d !== null && ['update', 'signal'].includes((d as { type?: string }).type ?? ''),
  );
}

/** Every kind a committed history must cover, from the code. */
export function requiredKinds(): string[] {
  const kinds = [
    ...Object.keys(workflows).map((name) => `workflow:${name}`),
    ...messageDefinitions().map((d) => `${d.type}:${d.name}`),
    ...CLOCK_KINDS.map((kind) => `deadline:${kind}`),
    ...CLOCK_KINDS.filter((kind) => (CLOCK_RULES[kind].reminderBefore && CLOCK_RULES[kind].remind.length) || CLOCK_RULES[kind].remindAtDeadline?.length).map(
      (kind) => `reminder:${kind}`,
    ),
    'timer:escalation',
    'timer:hospital-day-31',
    'retry-after-failure',
    'duplicate-referral',
    'continue-as-new',
  ];
  return [...new Set(kinds)].sort();
}

/** The outcome clocks the map above must name: checked by the coverage test so it cannot drift. */
export const outcomeClocks = (): readonly string[] => OUTCOME_CLOCKS;

async function decode(codec: PayloadCodec, payloads: Payload[] | null | undefined): Promise<unknown[]> {
  if (!payloads?.length) return [];
  const decoded = await codec.decode(payloads as never);
  return decoded.map((p) => defaultPayloadConverter.fromPayload(p));
}

/** The kinds one history covers (its payloads decoded through the codec, as a worker would). */
export async function kindsIn(history: History, codec: PayloadCodec): Promise<Set<string>> {
  const kinds = new Set<string>();
  const activityOf = new Map<string, string>();
  const failedActivities = new Set<string>();
  let timerFiredSinceFailure = false;
  for (const event of history.events ?? []) {
    const started = event.workflowExecutionStartedEventAttributes;
    if (started?.workflowType?.name) kinds.add(`workflow:${started.workflowType.name}`);
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    if (accepted) kinds.add(`update:${accepted}`);
    const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
    if (signal) kinds.add(`signal:${signal}`);
    if (event.workflowExecutionContinuedAsNewEventAttributes) kinds.add('continue-as-new');
    if (event.timerFiredEventAttributes && failedActivities.size) timerFiredSinceFailure = true;

    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const type = scheduled.activityType?.name ?? '';
      activityOf.set(String(event.eventId), type);
      if (type === 'recordPathwayEvents' || type === 'openPathwayRecord') {
        const [input] = (await decode(codec, scheduled.input?.payloads)) as { events?: PathwayEvent[] }[];
        for (const e of input?.events ?? []) {
          const clock = e.data.clock as string | undefined;
          if (e.type === 'REMINDER_DUE') kinds.add(`reminder:${clock}`);
          if (e.type === 'DEADLINE_PASSED') kinds.add(`deadline:${clock}`);
          if (e.type === 'DEADLINE_PASSED' && e.data.escalate) kinds.add('timer:escalation');
          if (e.type === 'HOSPITAL_DAY_31') kinds.add('timer:hospital-day-31');
          for (const [kind, type] of Object.entries(OUTCOME_EVENTS)) if (e.type === type) kinds.add(`deadline:${kind}`);
        }
      }
    }
    const failed = event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes;
    if (failed) failedActivities.add(activityOf.get(String(failed.scheduledEventId)) ?? '');
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const type = activityOf.get(String(completed.scheduledEventId)) ?? '';
      // The workflow's own retry: the activity gave up, the workflow slept, the same activity then went through.
      if (failedActivities.has(type) && timerFiredSinceFailure) kinds.add('retry-after-failure');
      if (type === 'openPathwayRecord') {
        const [result] = (await decode(codec, completed.result?.payloads)) as { status?: string }[];
        if (result?.status === 'DUPLICATE') kinds.add('duplicate-referral');
      }
    }
  }
  return kinds;
}
