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
 * whole state, episodes included, is carried across continue-as-new (see libs/domain/src/episode-steps.ts).
 */
import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  currentUpdateInfo,
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
  coSigningMeasure,
  DecisionContext,
  isProviderNotice,
  PathwayCommand,
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
  StuckCode,
  stuckReasons,
  visibleStuckCode,
  summarize,
  upcomingReminders,
  withdrawnNotificationKeys,
} from '@pathway/domain';
import type { PathwayActivities, PathwayProjection } from './activities';
import { HandledUpdates, StepAnswer } from './handled-updates';
import {
  DatabaseRefusal,
  applyPolicyUpdate,
  FailureTypes,
  PathwayWorkflowInput,
  policyQuery,
  referralRecorded,
  retryPersistenceSignal,
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
/**
 * Patch (issue 16): a step is decided before an assignment reserves its slot, and steps take their turn
 * from decision to application (see `takeStep`). Before it, an assignment reserved first and a step sent
 * meanwhile applied during the reservation: histories with such a race replay the old order.
 */
const STEPS_IN_TURN = 'steps-in-turn';
/**
 * Patch (issue 15): a step is answered only once its events are in the database, and a write the
 * database refuses for good (DatabaseRefused: a data or constraint error) is not retried forever.
 *
 * - Steps are applied one at a time, each waiting for its write: a transient failure keeps the Update
 *   open while the workflow retries (the activity's bounded retries, then its own back-off), so the
 *   caller gets no 2xx until the step is recorded (the API answers 503 at its deadline; a retry with the
 *   same Idempotency-Key attaches to the same, still open, Update and gets the 200 once it is durable).
 * - A refused write is all-or-nothing: the step is rolled back (state restored, its events dropped) and
 *   refused with StepNotRecorded (422, the SQLSTATE), so the pathway goes on and the next valid step is
 *   recorded. Keeping it pending instead would have wedged every later step behind a write that can
 *   never succeed; answering 202 would have left the caller unsure whether it was applied. Rolled back,
 *   it was not, and sending it again (new key) is safe.
 * - A refused first write (the referral) ends the workflow and answers ReferralNotRecorded: no pathway
 *   half-opened, and the caller is answered instead of waiting for ever.
 * - A refused batch of the workflow's own events (deadlines passing) cannot be rolled back (time passed):
 *   the pathway shows as stuck with the SQLSTATE and keeps retrying on its back-off; the operator
 *   command (retryPersistence signal) retries now once the database is fixed.
 * Histories recorded before the patch answered a step before its write and retried every failure: they
 * replay that way.
 */
const DURABLE_STEPS = 'durable-steps';
/**
 * Patch (issue 19): a visit moved, cancelled, held or missed withdraws the caregiver's reminder of it from
 * the outbox at once (libs/domain appointments.ts). A new activity call after a write, so behind a patch.
 */
const WITHDRAW_APPOINTMENT_REMINDERS = 'withdraw-appointment-reminders';
/**
 * Patch (issue 19): a discharge letter attached as a document meets the discharge-letter clock
 * (libs/domain documents.ts). Asked only when a document is attached, which no earlier history holds.
 */
const DOCUMENT_MEETS_DISCHARGE_LETTER = 'document-meets-discharge-letter';
/**
 * Patch (issue 18): the providers a plan names (care-team members) are told their part: a plan version,
 * a hospital admission and discharge home, the closure (libs/domain provider-notices.ts). Such notices
 * only arise from plans naming a member, which no earlier history has; asked only when there is one, so
 * a history without provider notices has no marker and replays as before.
 */
const NOTIFY_PROVIDERS = 'notify-care-team-providers';
/**
 * Patch (issue 18): while a curatelle or tutelle is in force the legal representative co-signs the plan,
 * which is validated only once both have acknowledged it (libs/domain co-signature.ts). An acknowledgement
 * recorded under a measure before this patch closed the plan window alone: such histories replay that way.
 */
const PLAN_CO_SIGNATURE = 'plan-co-signature';
/**
 * Patch (issue 21): a case imported mid-course starts from its derived state with its derived timeline
 * (`importedEvents`), written by the first openPathwayRecord. Only imported runs ask it (no history
 * before it had the input), so every other history replays unchanged.
 */
const IMPORTED_START = 'imported-start';

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

  // Asked once, first thing, so a run is wholly one way or the other (see DURABLE_STEPS).
  const durable = patched(DURABLE_STEPS);

  let state: PathwayState;
  let pending: PathwayEvent[] = [];
  if (input.state) {
    state = input.state;
    if (input.importedEvents?.length && patched(IMPORTED_START)) pending = [...input.importedEvents];
  } else {
    if (!input.referral) throw ApplicationFailure.nonRetryable('a new pathway needs its referral', 'InvalidInput');
    const opened = openPathway(pathwayId, input.referral, context(input.actor ?? 'system'));
    state = opened.state;
    pending = opened.events;
  }
  let recorded = input.recorded ?? false;
  const handled = new HandledUpdates(input.handledUpdates);
  let duplicateOf: string | undefined;
  let failing: { activity: string; since: string; retryAt: number; attempts: number; refused?: DatabaseRefusal } | undefined;
  let referralRefused: DatabaseRefusal | undefined;
  let referralAsked = false;
  /** The highest seq the timeline is known to hold (durable steps wait for theirs). */
  let recordedSeq = 0;
  /** The step being taken (durable steps: one at a time), with what rolling it back needs. */
  let stepping: { before: PathwayState; first: number; last: number; refused?: DatabaseRefusal } | undefined;
  let steppingLock = false;
  const cycleAtStart = state.cycle;

  function context(actor: string): DecisionContext {
    return { now: new Date(), policy, actor };
  }
  /** For the Update handler, after its validator: the fields were checked there. */
  function handlerContext(actor: string, command?: PathwayCommand): DecisionContext {
    const ctx: DecisionContext = { ...context(actor), fieldsChecked: true };
    // Asked only when a document is attached (DOCUMENT_MEETS_DISCHARGE_LETTER).
    if (command?.type === 'attachDocument' && patched(DOCUMENT_MEETS_DISCHARGE_LETTER)) ctx.documentsMeetSteps = true;
    // Asked only for an acknowledgement while a curatelle or tutelle is in force (PLAN_CO_SIGNATURE).
    if (command?.type === 'acknowledgePlan' && coSigningMeasure(state, ctx.now)) ctx.planCoSignature = patched(PLAN_CO_SIGNATURE);
    return ctx;
  }
  const failingLabel = () => (failing?.refused ? `${failing.activity} (refused by the database: SQLSTATE ${failing.refused.code})` : failing?.activity);
  const stuckNow = () => stuckReasons(state, failing?.since, failingLabel());
  const summary = () => summarize(state, new Date(), stuckNow(), policy);

  // ---- queries ------------------------------------------------------------------------------
  setHandler(summaryQuery, summary);
  setHandler(upcomingRemindersQuery, () => upcomingReminders(state));
  setHandler(stateQuery, () => state);
  setHandler(policyQuery, () => policy);

  // ---- the referral, answered once the database has accepted it ------------------------------
  setHandler(referralRecorded, async () => {
    referralAsked = true;
    await condition(() => recorded || duplicateOf !== undefined || referralRefused !== undefined);
    if (referralRefused) {
      throw ApplicationFailure.create({
        type: FailureTypes.REFERRAL_NOT_RECORDED,
        message: `the database refused the referral (SQLSTATE ${referralRefused.code}); the pathway was not opened`,
        details: [referralRefused],
        nonRetryable: true,
      });
    }
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
    setHandler(update, (request) => answerOnce(() => takeStep(request)), {
      validator: (request) => {
        // A retry of a step a previous run answered is accepted whatever the state is now: the handler
        // gives it the first answer (deciding it again would apply it twice, or refuse what succeeded).
        if (handled.answerTo(currentUpdateInfo()?.id)) return;
        if (request?.command?.type !== type) {
          throw rejected({ stage: state.stage, reason: `the ${type} update carries a ${String(request?.command?.type)} command` });
        }
        // Validators are not replayed: the co-signature rule applies to every new acknowledgement.
        const decision = decide(state, request.command, { ...context(request.actor), planCoSignature: true });
        if (!decision.ok) throw rejected(decision.rejection);
      },
    });
  }

  /**
   * Exactly once across runs (handled-updates.ts): a step a previous run answered gets that answer again;
   * any other is taken and its answer remembered for the next runs (refusals included: a retry of a
   * CaseloadFull is a CaseloadFull). An activity that failed for good is not remembered: the API answered
   * 503 and released the key, so a retry is meant to try again.
   */
  async function answerOnce(take: () => Promise<PathwaySummary>): Promise<PathwaySummary> {
    const updateId = currentUpdateInfo()?.id;
    const first = handled.answerTo(updateId);
    if (first) {
      if ('summary' in first) return first.summary;
      throw ApplicationFailure.create({ ...first.failure, nonRetryable: true });
    }
    const remember = (answer: StepAnswer) => updateId !== undefined && handled.remember(updateId, Date.now(), answer);
    try {
      const answer = await take();
      remember({ summary: answer });
      return answer;
    } catch (err) {
      if (err instanceof ApplicationFailure && err.type) remember({ failure: { type: err.type, message: err.message, details: [...(err.details ?? [])] } });
      throw err;
    }
  }

  // ---- operator: retry the pending writes now ----------------------------------------------------
  setHandler(retryPersistenceSignal, () => {
    // A new object: the loops waiting on `failing` wake up and retry.
    if (failing) failing = { ...failing, retryAt: Date.now() };
  });

  // ---- a policy change sent on purpose (EVOLUTION.md "Policy"): audited in the timeline ---------
  setHandler(
    applyPolicyUpdate,
    async (request) => {
      await condition(() => recorded);
      // Under DURABLE_STEPS it takes its turn with the steps: a step's rollback restores the state from
      // before that step, which must not hold half of a policy change applied meanwhile.
      if (durable) await condition(() => !steppingLock);
      steppingLock = durable;
      try {
        const applied = applyPolicyChange(state, policy, request, { now: new Date(), actor: request.actor });
        if (!applied.events.length) return { changed: false, moves: [] };
        state = applied.state;
        policy = applied.policy;
        pending.push(...applied.events);
        await flush();
        return { changed: true, moves: applied.moves };
      } finally {
        if (durable) steppingLock = false;
      }
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

  /**
   * The concurrency contract of a step (the handlers that await, and what may run meanwhile):
   * - DURABLE_STEPS (every new run): one step at a time from its decision to its write (`steppingLock`),
   *   so a refused write rolls back that step alone; the clock does not pass while a step's write is in
   *   flight (`stepping`, see the main loop), so a rollback never undoes deadline events.
   * - STEPS_IN_TURN without DURABLE_STEPS (runs recorded in between): steps take their turn from decision
   *   to application (`inTurn`), their writes ordered by `flush`.
   * - Neither (older runs): reserved, then decided, then applied, as they were recorded.
   * In every case an assignment is decided before it reserves its slot whenever STEPS_IN_TURN holds.
   * The writes themselves, from the handlers and the main loop alike, go one at a time through `flush`
   * (why its loop is safe is written there).
   */
  async function takeStep(request: StepRequest<PathwayCommandType>): Promise<PathwaySummary> {
    await condition(() => recorded);
    const decidedFirst = patched(STEPS_IN_TURN);
    if (!durable) {
      if (decidedFirst) await inTurn(() => decideThenApply(request));
      else await reserveThenApply(request);
      await flush();
      return summary();
    }
    await condition(() => !steppingLock);
    steppingLock = true;
    try {
      const { before, events } = decidedFirst ? await decideThenApply(request) : await reserveThenApply(request);
      return await recordStep(request.command.type, before, events);
    } finally {
      steppingLock = false;
      stepping = undefined;
    }
  }

  /** DURABLE_STEPS: answered once the step's events are in the database; rolled back if it refuses them. */
  async function recordStep(type: PathwayCommandType, before: PathwayState, events: PathwayEvent[]): Promise<PathwaySummary> {
    if (!events.length) {
      await flush();
      return summary();
    }
    const step = { before, first: events[0].seq, last: events[events.length - 1].seq } as NonNullable<typeof stepping>;
    stepping = step;
    await flush();
    // Recorded, or refused for good; a transient failure is retried by the main loop meanwhile.
    await condition(() => step.refused !== undefined || recordedSeq >= step.last);
    if (step.refused) {
      throw ApplicationFailure.create({
        type: FailureTypes.STEP_NOT_RECORDED,
        message: `the database refused to record the ${type} step (SQLSTATE ${step.refused.code}); it was not applied`,
        details: [{ ...step.refused, stage: state.stage }],
        nonRetryable: true,
      });
    }
    return summary();
  }

  /** What applying a step changed: the state before it (for a rollback) and its events. */
  interface Applied {
    before: PathwayState;
    events: PathwayEvent[];
  }

  function apply(decision: { state: PathwayState; events: PathwayEvent[] }): Applied {
    const before = state;
    state = decision.state;
    pending.push(...decision.events);
    return { before, events: decision.events };
  }

  /**
   * Steps take their turn from decision to application, so a step applies completely or not at all
   * whatever is sent beside it. Only an assignment awaits in between (its reservation, held by the
   * database because the cap spans pathways); without turns a closure, or another assignment (a
   * supervisor's reassignment racing an absence cover), applied during that await, and the first
   * assignment's slot moved for a step then refused: a slot held by a closed pathway, a caseload naming
   * the loser, a waiting-list offer for a slot never freed. Turns rather than undoing reservations as a
   * rule: giving a moved slot back can itself hit the cap (someone took the freed slot meanwhile). The
   * turn ends at application: persisting is ordered by `flush`, and the other steps wait at most one
   * reservation (a few seconds, its retries included).
   */
  async function decideThenApply(request: StepRequest<PathwayCommandType>): Promise<Applied> {
    const { command } = request;
    // The step's fields need no second look here (they do not depend on the state) and must not get one
    // on replay: the validator does not run then, and a field rule tightened since the step was accepted
    // would refuse it. The stage rules are decided again, on the state as it is in this turn.
    let decision = decide(state, command, handlerContext(request.actor, command));
    if (!decision.ok) throw rejected(decision.rejection);
    if (command.type === 'assignCaseManager') {
      const holder = state.caseManagerId;
      await reserveCaseloadSlot(command.caseManagerId);
      // Decided again on the state as it is now: in its turn only the clock moved meanwhile, and passing
      // time neither closes a pathway nor changes its owner, so this refusal is not expected; should it
      // happen all the same, the slot goes back to the holder the state still names (best effort: that
      // reservation can find the holder full, which the consistency check would then report).
      decision = decide(state, command, handlerContext(request.actor, command));
      if (!decision.ok) {
        if (holder) await io.reserveCaseloadSlot({ caseManagerId: holder, pathwayId, at: new Date().toISOString() });
        else await io.releaseCaseloadSlot({ pathwayId });
        throw rejected(decision.rejection);
      }
    }
    return apply(decision);
  }

  let turns: Promise<unknown> = Promise.resolve();
  function inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const turn = turns.then(fn);
    turns = turn.catch(() => undefined);
    return turn;
  }

  /** Before STEPS_IN_TURN (replayed histories only): reserved first, then decided. */
  async function reserveThenApply(request: StepRequest<PathwayCommandType>): Promise<Applied> {
    const { command } = request;
    if (command.type === 'assignCaseManager') await reserveCaseloadSlot(command.caseManagerId);
    // Decided again: another step may have changed the state since the validator ran (fields: see decideThenApply).
    const decision = decide(state, command, handlerContext(request.actor, command));
    if (!decision.ok) throw rejected(decision.rejection);
    return apply(decision);
  }

  /** The cap spans pathways, so it is held by the database, transactionally, before the step applies. */
  async function reserveCaseloadSlot(caseManagerId: string): Promise<void> {
    const reservation = await io.reserveCaseloadSlot({ caseManagerId, pathwayId, at: new Date().toISOString() });
    if (reservation.status === 'AT_CAPACITY') {
      throw ApplicationFailure.create({
        type: FailureTypes.CASELOAD_FULL,
        message: `case manager ${caseManagerId} is at capacity (${reservation.active} of ${reservation.capacity} active pathways)`,
        details: [{ stage: state.stage, ...reservation }],
        nonRetryable: true,
      });
    }
    if (reservation.status === 'UNKNOWN_CASE_MANAGER') {
      throw ApplicationFailure.create({
        type: FailureTypes.UNKNOWN_CASE_MANAGER,
        message: `there is no case manager ${caseManagerId}`,
        details: [{ stage: state.stage, caseManagerId }],
        nonRetryable: true,
      });
    }
  }

  // ---- persistence and notifications ---------------------------------------------------------
  let flushing: Promise<void> | undefined;

  /**
   * Writes what is pending: one write at a time, in event order. Callers are the step handlers and the
   * main loop, and several may be here at once; the loop over `flushing` is what keeps them in line:
   * - Workflow code runs on one thread and only yields at an `await`. Between the loop's last check and
   *   `flushing = persist(batch)` there is none, so taking `pending` and claiming the write is one move.
   * - `flushing` is cleared (its `finally`) before anyone waiting on it resumes; several may wake from
   *   the same write, the first to run claims the next one, the others see it and wait again (hence a
   *   `while`, not an `if`). So at most one recordPathwayEvents is ever in flight.
   * - A batch holds everything pending when it is taken, and a failed one goes back in front of
   *   `pending`: events reach the database in seq order, so the projection's version never goes back.
   * - When `flush()` returns, every event pending when it was called has been written, or has failed and
   *   is pending again (`failing` says so; the main loop retries at `failing.retryAt`).
   * While a DURABLE_STEPS step waits for its write (`stepping`), the main loop neither waits for the clock
   * nor passes time; it only wakes to retry a failed write (`failing`) or when the step ends. Other steps
   * wait at `steppingLock`, so nothing is added behind the step's events until it is recorded or refused.
   */
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
        const refusal = durable ? refusalOf(err) : undefined;
        const step = stepping;
        if (refusal && refusal.activity === 'recordPathwayEvents' && step && batch.some((e) => e.seq === step.last)) {
          // All or nothing: the step never happened. Nothing follows it in `pending` (steps and the
          // clock wait for it), and what preceded it goes back to be retried.
          const earlier = batch.filter((e) => e.seq < step.first);
          pending = earlier.concat(pending);
          state = step.before;
          step.refused = refusal;
          if (earlier.length) markFailing(err, refusal);
          else if (failing) {
            failing = undefined;
            publishSearchAttributes();
          }
          return;
        }
        pending = batch.concat(pending);
        markFailing(err, refusal);
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
    recordedSeq = Math.max(recordedSeq, batch[batch.length - 1].seq);
    if (batch.some((e) => e.type === 'PATHWAY_CLOSED')) {
      // Closure cancels what is still waiting in the outbox, then frees the caseload slot.
      await io.cancelPendingReminders({ pathwayId });
      await io.releaseCaseloadSlot({ pathwayId });
    }
    const notifications = notificationsFor(state, batch)
      .filter((n) => n.kind !== 'caseManagerAssigned' || patched(NOTIFY_ASSIGNED_CASE_MANAGER))
      .filter((n) => !isProviderNotice(n) || patched(NOTIFY_PROVIDERS));
    if (notifications.length) await io.enqueueNotifications({ notifications });
    // Only agenda events withdraw anything, and no history before the agenda holds one; patched all the same.
    const withdrawn = withdrawnNotificationKeys(pathwayId, batch);
    if (withdrawn.length && patched(WITHDRAW_APPOINTMENT_REMINDERS)) await io.cancelPendingReminders({ pathwayId, dedupeKeys: withdrawn });
  }

  function markFailing(err: unknown, refused?: DatabaseRefusal): void {
    if (!(err instanceof ActivityFailure)) throw err;
    const attempts = (failing?.attempts ?? 0) + 1;
    const delay = Math.min(RETRY_BACKOFF_MS.first * 2 ** (attempts - 1), RETRY_BACKOFF_MS.max);
    failing = { activity: err.activityType, since: failing?.since ?? new Date().toISOString(), retryAt: Date.now() + delay, attempts, ...(refused ? { refused } : {}) };
    publishSearchAttributes();
  }

  // Typed as computed (instants as strings, the summary itself) and checked against what the store takes.
  function projection(withoutFailure = false) {
    const stuck = withoutFailure ? stuckReasons(state) : stuckNow();
    return {
      stage: state.stage,
      caseManagerId: state.caseManagerId,
      territory: state.territory,
      closedAt: state.closure?.at,
      closureReason: state.closure?.reason,
      nextDeadlineAt: nextDeadlineAt(state),
      overdueSince: stuck[0]?.since,
      // The code, not the sentence: the stuck list, the indicators and the list filter key on it.
      stuckReason: stuck[0]?.code,
      flags: [...state.flags],
      lastEventAt: state.lastActivityAt,
      summary: summarize(state, new Date(), stuck, policy),
      version: state.seq,
    } satisfies PathwayProjection;
  }

  // ---- visibility ---------------------------------------------------------------------------
  let published = '';
  function publishSearchAttributes(): void {
    const p = projection();
    const stuck = p.stuckReason ? visibleStuckCode(p.stuckReason as StuckCode) : null;
    // The fingerprint keeps what it was keyed on before the values became neutral (the oldest reason's
    // sentence, which also names a failing activity, and the flags), so an upsert happens exactly when it
    // used to: the recorded histories keep their commands. It is compared, never published.
    const values = [p.stage, p.caseManagerId, p.territory, p.summary.stuck[0]?.reason, p.flags, p.nextDeadlineAt, p.overdueSince, p.lastEventAt];
    const fingerprint = JSON.stringify(values);
    if (fingerprint === published) return;
    published = fingerprint;
    const date = (iso?: string) => (iso ? new Date(iso) : null);
    upsertSearchAttributes([
      { key: PathwayStageKey, value: p.stage },
      { key: CaseManagerIdKey, value: p.caseManagerId ?? null },
      { key: TerritoryKey, value: p.territory },
      // Search attributes are in clear in the visibility store: a neutral code, never the clock (which
      // can name a condition, e.g. crisisActionDue) nor the flags (HOSPITALIZED, CRISIS_OPEN, ...).
      // PathwayFlags is cleared rather than left out so that a value an earlier version wrote goes away;
      // same command, other values: replay does not check them.
      { key: StuckReasonKey, value: stuck },
      { key: PathwayFlagsKey, value: null },
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
      recordedSeq = pending.length ? pending[pending.length - 1].seq : 0;
      pending = [];
      failing = undefined;
    } catch (err) {
      const refusal = durable ? refusalOf(err) : undefined;
      if (refusal) {
        // Refused for good: answer the caller (referralRecorded) and end, leaving nothing half-opened.
        referralRefused = refusal;
        // The API starts the workflow, then asks referralRecorded: give that question a minute to arrive.
        await condition(() => referralAsked && allHandlersFinished(), 60_000);
        throw ApplicationFailure.create({
          type: FailureTypes.REFERRAL_NOT_RECORDED,
          message: `the database refused the referral (SQLSTATE ${refusal.code}); the pathway was not opened`,
          details: [refusal],
          nonRetryable: true,
        });
      }
      markFailing(err);
      // Until the back-off's end, or the operator's retryPersistence signal.
      const waitingFor = failing;
      await condition(() => failing !== waitingFor, Math.max(0, (failing?.retryAt ?? Date.now()) - Date.now()));
    }
  }

  // ---- the pathway: sleep until the next due thing or the next step ----------------------------
  // A closure step still waiting for its write keeps this loop retrying it (and may yet be rolled back).
  while (state.stage !== 'CLOSED' || stepping) {
    publishSearchAttributes();
    if (!pending.length && !failing && timeToContinueAsNew()) {
      await condition(allHandlersFinished);
      if (!pending.length && (state.stage as string) !== 'CLOSED') {
        return continueAsNew<typeof pathwayWorkflow>({ pathwayId, policy, state, recorded: true, handledUpdates: handled.toCarry(Date.now()) });
      }
      continue;
    }
    const wakeAt = nextWakeUp(state, policy);
    // Time does not pass under a step waiting for its write (rolling it back must not undo the clock's
    // events): while one is, the clock is not waited for (`changed` wakes this loop when the step ends).
    const clockAt = wakeAt && !stepping ? Date.parse(wakeAt) : undefined;
    const until = earliest(clockAt, failing?.retryAt);
    const seq = state.seq;
    // A step's own flush may fail while this loop sleeps: wake up then too, to sleep until its retry.
    const failingBefore = failing;
    const steppingBefore = stepping;
    const changed = () => state.seq !== seq || failing !== failingBefore || stepping !== steppingBefore;
    if (until === undefined) await condition(changed);
    else if (until > Date.now()) await condition(changed, until - Date.now());
    if (wakeAt && Date.parse(wakeAt) <= Date.now() && !stepping) {
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

/** The database's refusal of a write (non-retryable DatabaseRefused from the activity), if that is what failed. */
function refusalOf(err: unknown): DatabaseRefusal | undefined {
  if (!(err instanceof ActivityFailure) || !(err.cause instanceof ApplicationFailure)) return undefined;
  const cause = err.cause;
  if (cause.type !== FailureTypes.DATABASE_REFUSED || !cause.nonRetryable) return undefined;
  const code = (cause.details?.[0] as { code?: unknown } | undefined)?.code;
  return { activity: err.activityType, code: typeof code === 'string' ? code : 'unknown' };
}

function earliest(...instants: (number | undefined)[]): number | undefined {
  const defined = instants.filter((t): t is number => t !== undefined);
  return defined.length ? Math.min(...defined) : undefined;
}
