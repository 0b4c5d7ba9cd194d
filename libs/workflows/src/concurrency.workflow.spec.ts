/**
 * Issue 16: a step applies completely or not at all whatever runs beside it (the caseload agrees with
 * the pathway's state), and a retried step (same update id) has one effect and the first answer, also
 * when a continue-as-new happened in between. Races are made deterministic by holding an activity until
 * the competing step has been sent.
 */
import { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId, WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { PathwayCommand, PathwaySummary } from '@pathway/domain';
import type { PathwayActivities } from './activities';
import { stepUpdates } from './messages';
import { query, step } from './testing/pathway-client';
import { RecordingActivities, testDataConverter, workflowBundle } from './testing/workflow-test-env';
import { runHistories } from './testing/histories';
import { bringTo, DAY, HOUR, WorkflowTestHarness } from './testing/harness';

/** Recording activities whose `name` activity waits, on its first call matching `when`, until `release()`. */
class HeldActivities extends RecordingActivities {
  private held?: { name: keyof PathwayActivities; when: (input: never) => boolean; reached: () => void; release: Promise<void> };
  private open?: () => void;

  /** Resolves once the held call has started (the step is in the middle of it). */
  hold<K extends keyof PathwayActivities>(name: K, when: (input: Parameters<PathwayActivities[K]>[0]) => boolean = () => true): Promise<void> {
    return new Promise((reached) => {
      const release = new Promise<void>((resolve) => (this.open = resolve));
      this.held = { name, when: when as (input: never) => boolean, reached, release };
    });
  }

  release(): void {
    this.open?.();
  }

  override activities(): PathwayActivities {
    const inner = super.activities() as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    const wrapped: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, fn] of Object.entries(inner)) {
      wrapped[name] = async (input) => {
        const held = this.held;
        if (held && held.name === name && held.when(input as never)) {
          this.held = undefined;
          held.reached();
          await held.release;
        }
        return fn(input);
      };
    }
    return wrapped as unknown as PathwayActivities;
  }

  /** The case manager whose caseload holds the pathway, if any. */
  holderOf(pathwayId: string): string | undefined {
    return [...this.caseloads].find(([, load]) => load.pathways.has(pathwayId))?.[0];
  }
}

const updateFailure = (attempt: Promise<unknown>) => attempt.then(
  () => undefined,
  (err: unknown) => (err instanceof WorkflowUpdateFailedError ? err.cause?.message : String(err)),
);

/** Sends a step and waits until the workflow has accepted it (its validator ran); `result` is its answer to come. */
async function accepted(handle: WorkflowHandle, command: PathwayCommand, actor: string): Promise<{ result: Promise<PathwaySummary> }> {
  const update = await handle.startUpdate(stepUpdates[command.type].name, { args: [{ actor, command }], waitForStage: WorkflowUpdateStage.ACCEPTED });
  return { result: update.result() as Promise<PathwaySummary> };
}

function stepWithId(handle: WorkflowHandle, command: PathwayCommand, updateId: string, actor = 'cm-1'): Promise<PathwaySummary> {
  return handle.executeUpdate(stepUpdates[command.type].name, { args: [{ actor, command }], updateId }) as Promise<PathwaySummary>;
}

/** Every run of the pathway so far replays against the current bundle (the new command order is deterministic). */
async function expectReplays(h: WorkflowTestHarness, handle: WorkflowHandleWithFirstExecutionRunId): Promise<void> {
  const runs = await runHistories(h.client, handle);
  const failures: string[] = [];
  const histories = runs.map((r) => ({ workflowId: `${handle.workflowId}.${r.runId}`, history: r.history }));
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle(), dataConverter: testDataConverter, replayName: 'concurrency-replay' }, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  }
  expect(failures).toEqual([]);
}

describe('steps all-or-nothing and exactly once (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  function withCaseManagers(): HeldActivities {
    const io = new HeldActivities();
    io.addCaseManager('cm-1', 40, 10);
    io.addCaseManager('cm-2', 40, 10);
    io.addCaseManager('cm-3', 40, 10);
    return io;
  }

  it('a closure sent while an assignment reserves its slot: the assignment applies, then the closure frees the slot', async () => {
    const io = withCaseManagers();
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
      const reserving = io.hold('reserveCaseloadSlot');
      const assignment = step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1');
      await reserving;
      const { result: closure } = await accepted(handle, { type: 'closePathway', reason: 'MOVED' }, 'supervisor-1');
      io.release();
      expect(await updateFailure(assignment)).toBeUndefined();
      expect((await closure).stage).toBe('CLOSED');

      await h.sleep(HOUR);
      expect(io.eventTypes().slice(-2)).toEqual(['CASE_MANAGER_ASSIGNED', 'PATHWAY_CLOSED']);
      // The closed pathway holds no slot, and its projection says closed.
      expect(io.holderOf(pathwayId)).toBeUndefined();
      expect(io.projections.at(-1)).toMatchObject({ stage: 'CLOSED' });
      await expectReplays(h, handle);
    });
  });

  it('an assignment sent while a closure is being persisted: refused, and no slot is taken', async () => {
    const io = withCaseManagers();
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
      const persisting = io.hold('releaseCaseloadSlot');
      const closure = step(handle, { type: 'closePathway', reason: 'REFUSED' }, 'supervisor-1');
      await persisting;
      const assignment = step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1');
      expect(await updateFailure(assignment)).toMatch(/rejected in stage CLOSED/);
      io.release();
      expect((await closure).stage).toBe('CLOSED');

      await h.sleep(HOUR);
      expect(io.holderOf(pathwayId)).toBeUndefined();
      expect(io.eventTypes()).not.toContain('CASE_MANAGER_ASSIGNED');
      expect(io.projections.at(-1)).toMatchObject({ stage: 'CLOSED' });
    });
  });

  it("an absence cover reserving while a supervisor reassigns: the cover applies, then the supervisor's choice, and the caseload names the winner", async () => {
    const io = withCaseManagers();
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'ASSESSMENT', { caseManagerId: 'cm-1' });
      // The absence workflow's Update: conditional on the absent owner (absence-activities.ts).
      const reserving = io.hold('reserveCaseloadSlot', (input) => input.caseManagerId === 'cm-2');
      const cover = step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: 'cm-1' }, 'supervisor-1');
      await reserving;
      const { result: reassignment } = await accepted(handle, { type: 'assignCaseManager', caseManagerId: 'cm-3' }, 'supervisor-1');
      io.release();
      expect(await updateFailure(cover)).toBeUndefined();
      expect((await reassignment).caseManagerId).toBe('cm-3');

      await h.sleep(HOUR);
      const state = await query.state(handle);
      expect(state.caseManagerId).toBe('cm-3');
      expect(io.holderOf(pathwayId)).toBe('cm-3');
      expect(io.projections.at(-1)).toMatchObject({ caseManagerId: 'cm-3' });
      // cm-1 and cm-2 are back to their other pathways: no slot is counted for a pathway they lost.
      expect(io.caseloads.get('cm-1')!.pathways.size).toBe(10);
      expect(io.caseloads.get('cm-2')!.pathways.size).toBe(10);
    });
  });

  it('a supervisor reassigning while an absence cover waits its turn: the cover is refused (stale owner) and reserves nothing', async () => {
    const io = withCaseManagers();
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'ASSESSMENT', { caseManagerId: 'cm-1' });
      const reserving = io.hold('reserveCaseloadSlot', (input) => input.caseManagerId === 'cm-3');
      const reassignment = step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-3' }, 'supervisor-1');
      await reserving;
      const { result: cover } = await accepted(handle, { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: 'cm-1' }, 'supervisor-1');
      const coverRefusal = updateFailure(cover);
      io.release();
      expect((await reassignment).caseManagerId).toBe('cm-3');
      expect(await coverRefusal).toMatch(/no longer held by case manager cm-1/);

      await h.sleep(HOUR);
      expect((await query.state(handle)).caseManagerId).toBe('cm-3');
      expect(io.holderOf(pathwayId)).toBe('cm-3');
      expect(io.caseloads.get('cm-2')!.pathways.size).toBe(10);
      await expectReplays(h, handle);
    });
  });

  it('a retry with the same update id after a continue-as-new: one effect, the first answer (a contact, and the step that continued-as-new)', async () => {
    const io = withCaseManagers();
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      await bringTo(h, handle, 'FOLLOW_UP');
      const firstRun = (await handle.describe()).runId;
      const contact: PathwayCommand = { type: 'logContact', at: await h.iso(), channel: 'PHONE', note: 'daughter called' };
      const contactAnswer = await stepWithId(handle, contact, 'logContact:key-1');
      await stepWithId(handle, { type: 'openCrisis', at: await h.iso(), kind: 'CAREGIVER_EXHAUSTION' }, 'openCrisis:key-2');
      await h.sleep(2 * HOUR);
      await stepWithId(handle, { type: 'recordCrisisAction', at: await h.iso(), note: 'emergency home help' }, 'recordCrisisAction:key-3');
      await h.sleep(DAY);
      // Resolving the crisis opens a new cycle: the workflow continues-as-new right after this step.
      const resolve: PathwayCommand = { type: 'resolveCrisis', at: await h.iso(), note: 'daughter back home' };
      const resolveAnswer = await stepWithId(handle, resolve, 'resolveCrisis:key-4');
      expect(resolveAnswer).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });
      await h.sleep(HOUR);
      expect((await handle.describe()).runId).not.toBe(firstRun);

      // The client's retries land on the new run.
      expect(await stepWithId(handle, contact, 'logContact:key-1')).toEqual(contactAnswer);
      expect(await stepWithId(handle, resolve, 'resolveCrisis:key-4')).toEqual(resolveAnswer);
      await h.sleep(HOUR);
      expect(io.eventTypes().filter((t) => t === 'CONTACT_LOGGED')).toHaveLength(2); // bringTo's home visit, and this one
      expect(io.eventTypes().filter((t) => t === 'CRISIS_RESOLVED')).toHaveLength(1);
      expect((await query.state(handle)).cycle).toBe(2);

      // A new key is a new step.
      const again = await stepWithId(handle, contact, 'logContact:key-5');
      expect(again.lastActivityAt).not.toBe(contactAnswer.lastActivityAt);
      expect(io.eventTypes().filter((t) => t === 'CONTACT_LOGGED')).toHaveLength(3);
      await expectReplays(h, handle);
    });
  });

  it('a refused step retried after a continue-as-new gets its first refusal, not a fresh decision', async () => {
    const io = withCaseManagers();
    io.addCaseManager('cm-full', 2, 2);
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'FOLLOW_UP');
      const firstRun = (await handle.describe()).runId;
      const full = stepWithId(handle, { type: 'assignCaseManager', caseManagerId: 'cm-full' }, 'assignCaseManager:key-1', 'supervisor-1');
      const refusal = await updateFailure(full);
      expect(refusal).toMatch(/cm-full is at capacity/);
      await stepWithId(handle, { type: 'openCrisis', at: await h.iso(), kind: 'CAREGIVER_EXHAUSTION' }, 'openCrisis:key-2');
      await h.sleep(2 * HOUR);
      await stepWithId(handle, { type: 'recordCrisisAction', at: await h.iso(), note: 'call' }, 'recordCrisisAction:key-3');
      await stepWithId(handle, { type: 'resolveCrisis', at: await h.iso(), note: 'settled' }, 'resolveCrisis:key-4');
      await h.sleep(HOUR);
      expect((await handle.describe()).runId).not.toBe(firstRun);

      // A slot is free now; the retry still gets the first answer, and the pathway stays with cm-1.
      io.caseloads.get('cm-full')!.pathways.delete('other-0');
      const retried = stepWithId(handle, { type: 'assignCaseManager', caseManagerId: 'cm-full' }, 'assignCaseManager:key-1', 'supervisor-1');
      expect(await updateFailure(retried)).toBe(refusal);
      expect((await query.state(handle)).caseManagerId).toBe('cm-1');
      expect(io.holderOf(pathwayId)).toBe('cm-1');
    });
  });
});
