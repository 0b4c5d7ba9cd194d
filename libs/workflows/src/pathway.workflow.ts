/**
 * One patient's care pathway, from referral to closure, possibly for years.
 *
 * The state and every rule live in @pathway/domain; this file only does what Temporal is for:
 * receive steps (Updates validated by the domain's `decide`), sleep until the next reminder or deadline
 * (durable timers derived from the state, so they move or vanish when the state changes), hand every
 * change to the activities that persist it and notify people, keep the search attributes current, and
 * continue-as-new at each reassessment cycle so a ten-year pathway keeps a short history.
 *
 * Episodes (hospital stays, respite, crises) and files (APA, legal protection, EHPAD applications) are
 * concurrent state of this same workflow, not child workflows: their clocks sit in the one `state.clocks`
 * list this loop sleeps on, and the one validator (`decide`) sees them with the stage. Update validators
 * are synchronous and cannot ask another workflow anything, and the rules cross the two (a crisis
 * resolved opens a reassessment cycle, an accepted EHPAD application institutionalizes, a death silences
 * everything); children would split that state across histories. The history stays bounded because the
 * whole state, episodes included, is carried across continue-as-new (see libs/domain/src/episodes.ts).
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  applyPolicyChange,
  carriedPolicy,
  changedPolicy,
  decide,
  DecisionContext,
  nextDeadlineAt,
  nextWakeUp,
  notificationsFor,
  openPathway,
  parsePolicy,
  PathwayCommandType,
  PathwayEvent,
  PathwayState,
  PathwaySummary,
  passTime,
  POLICY_CHANGE_MODES,
  Rejection,
  stuckReasons,
  summarize,
  upcomingReminders,
} from '@pathway/domain';
import type { PathwayActivities, PathwayProjection } from './activities';
import {
  applyPolicyUpdate,
  FailureTypes,
  PathwayWorkflowInput,
  policyQuery,
  referralRecorded,
  stateQuery,
  StepRequest,
  stepUpdates,
  summaryQuery,
  upcomingRemindersQuery,
} from './messages';
import {
  CaseManagerIdKey,
  LastEventAtKey,
  NextDeadlineAtKey,
  OverdueSinceKey,
  PathwayFlagsKey,
  PathwayStageKey,
  StuckReasonKey,
  TerritoryKey,
} from './search-attributes';

/** Past this many events in one run, continue-as-new even without a new cycle (replay stays fast). */
const MAX_EVENTS_PER_RUN = 2_000;
/** After a persistence failure, the workflow retries on its own clock: 1 min, 2 min, ... up to 30 min. */
const RETRY_BACKOFF_MS = { first: 60_000, max: 30 * 60_000 };
/**
 * Patch (issue 6): an assigned or reassigned case manager is notified. Histories written before it had no
 * such notification, hence no enqueueNotifications after an assignment: they replay without it.
 */
const NOTIFY_ASSIGNED_CASE_MANAGER = 'notify-assigned-case-manager';

export async function pathwayWorkflow(input: PathwayWorkflowInput): Promise<PathwaySummary> {
  const { pathwayId } = input;
  // Read over the current defaults: a key added to the code since this pathway started must not be
  // undefined here (it would wedge the pathway); changed only by the applyPolicy Update below.
  let policy = carriedPolicy(input.policy);
  // Activities retry a bounded number of times; past that the pathway shows as stuck with the
  // activity named, and the workflow goes on retrying on its own timer (TEMPORAL-NOTES: a retrying
  // activity is invisible to list queries).
  const io = proxyActivities<PathwayActivities>({
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds', maximumAttempts: policy.activityFailureStuckAttempts },
  });

  let state: PathwayState;
  let pending: PathwayEvent[] = [];
  if (input.state) {
    state = input.state;
  } else {
    if (!input.referral) throw ApplicationFailure.nonRetryable('a new pathway needs its referral', 'InvalidInput');
    const opened = openPathway(pathwayId, input.referral, context(input.actor ?? 'system'));
    state = opened.state;
    pending = opened.events;
  }
  let recorded = input.recorded ?? false;
  let duplicateOf: string | undefined;
  let failing: { activity: string; since: string; retryAt: number; attempts: number } | undefined;
  const cycleAtStart = state.cycle;

  function context(actor: string): DecisionContext {
    return { now: new Date(), policy, actor };
  }
  const stuckNow = () => stuckReasons(state, failing?.since, failing?.activity);
  const summary = () => summarize(state, new Date(), stuckNow(), policy);

  // ---- queries ------------------------------------------------------------------------------
  setHandler(summaryQuery, summary);
  setHandler(upcomingRemindersQuery, () => upcomingReminders(state));
  setHandler(stateQuery, () => state);
  setHandler(policyQuery, () => policy);

  // ---- the referral, answered once the database has accepted it ------------------------------
  setHandler(referralRecorded, async () => {
    await condition(() => recorded || duplicateOf !== undefined);
    if (duplicateOf) {
      throw ApplicationFailure.create({
        type: FailureTypes.PATIENT_HAS_OPEN_PATHWAY,
        message: `patient ${state.referral.patient.externalId} of territory ${state.territory} already has an open pathway (${duplicateOf})`,
        details: [{ openPathwayId: duplicateOf }],
        nonRetryable: true,
      });
    }
    return summary();
  });

  // ---- steps --------------------------------------------------------------------------------
  for (const type of Object.keys(stepUpdates) as PathwayCommandType[]) {
    // One definition per step; they share one handler and one validator (the domain decides).
    const update = stepUpdates[type] as unknown as UpdateDefinition<PathwaySummary, [StepRequest<PathwayCommandType>]>;
    setHandler(update, (request) => takeStep(request), {
      validator: (request) => {
        if (request?.command?.type !== type) {
          throw rejected({ stage: state.stage, reason: `the ${type} update carries a ${String(request?.command?.type)} command` });
        }
        const decision = decide(state, request.command, context(request.actor));
        if (!decision.ok) throw rejected(decision.rejection);
      },
    });
  }

  // ---- a policy change sent on purpose (EVOLUTION.md "Policy"): audited in the timeline ---------
  setHandler(
    applyPolicyUpdate,
    async (request) => {
      await condition(() => recorded);
      const applied = applyPolicyChange(state, policy, request, { now: new Date(), actor: request.actor });
      if (!applied.events.length) return { changed: false, moves: [] };
      state = applied.state;
      policy = applied.policy;
      pending.push(...applied.events);
      await flush();
      return { changed: true, moves: applied.moves };
    },
    {
      validator: (request) => {
        if (!POLICY_CHANGE_MODES.includes(request?.mode)) throw rejected({ stage: state.stage, reason: `unknown policy change mode ${String(request?.mode)}` });
        // The same checks as a policy file at start-up (unknown keys, durations, reminders before their clock).
        try {
          parsePolicy(changedPolicy(policy, request.overrides));
        } catch (err) {
          throw rejected({ stage: state.stage, reason: (err as Error).message });
        }
      },
    },
  );

  async function takeStep(request: StepRequest<PathwayCommandType>): Promise<PathwaySummary> {
    await condition(() => recorded);
    const { command } = request;
    if (command.type === 'assignCaseManager') {
      // The cap spans pathways, so it is held by the database, transactionally, before the step applies.
      const reservation = await io.reserveCaseloadSlot({ caseManagerId: command.caseManagerId, pathwayId, at: new Date().toISOString() });
      if (reservation.status === 'AT_CAPACITY') {
        throw ApplicationFailure.create({
          type: FailureTypes.CASELOAD_FULL,
          message: `case manager ${command.caseManagerId} is at capacity (${reservation.active} of ${reservation.capacity} active pathways)`,
          details: [{ stage: state.stage, ...reservation }],
          nonRetryable: true,
        });
      }
      if (reservation.status === 'UNKNOWN_CASE_MANAGER') {
        throw ApplicationFailure.create({
          type: FailureTypes.UNKNOWN_CASE_MANAGER,
          message: `there is no case manager ${command.caseManagerId}`,
          details: [{ stage: state.stage, caseManagerId: command.caseManagerId }],
          nonRetryable: true,
        });
      }
    }
    // Decided again: another step may have changed the state since the validator ran.
    const decision = decide(state, command, context(request.actor));
    if (!decision.ok) throw rejected(decision.rejection);
    state = decision.state;
    pending.push(...decision.events);
    await flush();
    return summary();
  }

  // ---- persistence and notifications ---------------------------------------------------------
  let flushing: Promise<void> | undefined;

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    if (!pending.length || !recorded) return;
    const batch = pending;
    pending = [];
    flushing = persist(batch)
      .then(() => {
        failing = undefined;
      })
      .catch((err: unknown) => {
        pending = batch.concat(pending);
        markFailing(err);
      })
      .finally(() => {
        flushing = undefined;
      });
    await flushing;
  }

  async function persist(batch: PathwayEvent[]): Promise<void> {
    // When this write goes through it is itself the recovery of a failing recordPathwayEvents: the
    // projection it stores must not keep the pathway on the supervisors' stuck list until the next event.
    const recovering = failing?.activity === 'recordPathwayEvents';
    await io.recordPathwayEvents({ pathwayId, events: batch, projection: projection(recovering) });
    if (batch.some((e) => e.type === 'PATHWAY_CLOSED')) {
      // Closure cancels what is still waiting in the outbox, then frees the caseload slot.
      await io.cancelPendingReminders({ pathwayId });
      await io.releaseCaseloadSlot({ pathwayId });
    }
    const notifications = notificationsFor(state, batch).filter((n) => n.kind !== 'caseManagerAssigned' || patched(NOTIFY_ASSIGNED_CASE_MANAGER));
    if (notifications.length) await io.enqueueNotifications({ notifications });
  }

  function markFailing(err: unknown): void {
    if (!(err instanceof ActivityFailure)) throw err;
    const attempts = (failing?.attempts ?? 0) + 1;
    const delay = Math.min(RETRY_BACKOFF_MS.first * 2 ** (attempts - 1), RETRY_BACKOFF_MS.max);
    failing = { activity: err.activityType, since: failing?.since ?? new Date().toISOString(), retryAt: Date.now() + delay, attempts };
    publishSearchAttributes();
  }

  function projection(withoutFailure = false): PathwayProjection {
    const stuck = withoutFailure ? stuckReasons(state) : stuckNow();
    return {
      stage: state.stage,
      caseManagerId: state.caseManagerId,
      territory: state.territory,
      closedAt: state.closure?.at,
      closureReason: state.closure?.reason,
      nextDeadlineAt: nextDeadlineAt(state),
      overdueSince: stuck[0]?.since,
      stuckReason: stuck[0]?.reason,
      flags: [...state.flags],
      lastEventAt: state.lastActivityAt,
      summary: summarize(state, new Date(), stuck, policy),
      version: state.seq,
    };
  }

  // ---- visibility ---------------------------------------------------------------------------
  let published = '';
  function publishSearchAttributes(): void {
    const p = projection();
    const values = [p.stage, p.caseManagerId, p.territory, p.stuckReason, p.flags, p.nextDeadlineAt, p.overdueSince, p.lastEventAt];
    const fingerprint = JSON.stringify(values);
    if (fingerprint === published) return;
    published = fingerprint;
    const date = (iso?: string) => (iso ? new Date(iso) : null);
    upsertSearchAttributes([
      { key: PathwayStageKey, value: p.stage },
      { key: CaseManagerIdKey, value: p.caseManagerId ?? null },
      { key: TerritoryKey, value: p.territory },
      { key: StuckReasonKey, value: p.stuckReason ?? null },
      { key: PathwayFlagsKey, value: p.flags.length ? p.flags : null },
      { key: NextDeadlineAtKey, value: date(p.nextDeadlineAt) },
      { key: OverdueSinceKey, value: date(p.overdueSince) },
      { key: LastEventAtKey, value: date(p.lastEventAt) },
    ]);
  }

  // ---- the referral enters the database (which refuses a second open pathway) ----------------
  publishSearchAttributes();
  while (!recorded) {
    try {
      const result = await io.openPathwayRecord({ pathwayId, referral: state.referral, events: pending, projection: projection() });
      if (result.status === 'DUPLICATE') {
        duplicateOf = result.openPathwayId;
        await condition(allHandlersFinished);
        return summary();
      }
      recorded = true;
      pending = [];
      failing = undefined;
    } catch (err) {
      markFailing(err);
      await condition(() => false, Math.max(0, (failing?.retryAt ?? Date.now()) - Date.now()));
    }
  }

  // ---- the pathway: sleep until the next due thing or the next step ----------------------------
  while (state.stage !== 'CLOSED') {
    publishSearchAttributes();
    if (!pending.length && !failing && timeToContinueAsNew()) {
      await condition(allHandlersFinished);
      if (!pending.length && (state.stage as string) !== 'CLOSED') {
        return continueAsNew<typeof pathwayWorkflow>({ pathwayId, policy, state, recorded: true });
      }
      continue;
    }
    const wakeAt = nextWakeUp(state, policy);
    const until = earliest(wakeAt ? Date.parse(wakeAt) : undefined, failing?.retryAt);
    const seq = state.seq;
    // A step's own flush may fail while this loop sleeps: wake up then too, to sleep until its retry.
    const failingBefore = failing;
    const changed = () => state.seq !== seq || failing !== failingBefore;
    if (until === undefined) await condition(changed);
    else if (until > Date.now()) await condition(changed, until - Date.now());
    if (wakeAt && Date.parse(wakeAt) <= Date.now()) {
      const passed = passTime(state, context('system'));
      state = passed.state;
      pending.push(...passed.events);
    }
    if (pending.length && (!failing || failing.retryAt <= Date.now())) await flush();
  }

  // ---- closed: nothing is lost, nothing more is sent --------------------------------------------
  await condition(allHandlersFinished);
  while (pending.length) {
    await flush();
    if (pending.length) await condition(() => false, Math.max(1000, (failing?.retryAt ?? 0) - Date.now()));
  }
  publishSearchAttributes();
  return summary();

  function timeToContinueAsNew(): boolean {
    const info = workflowInfo();
    return (state.cycle >= 2 && state.cycle > cycleAtStart) || info.continueAsNewSuggested || info.historyLength > MAX_EVENTS_PER_RUN;
  }
}

function rejected(rejection: Rejection): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureTypes.STEP_REJECTED,
    message: `rejected in stage ${rejection.stage}: ${rejection.reason}`,
    details: [rejection],
    nonRetryable: true,
  });
}

function earliest(...instants: (number | undefined)[]): number | undefined {
  const defined = instants.filter((t): t is number => t !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}
