/**
 * What every workflow spec file needs around the time-skipping test server: one environment per file,
 * a worker per test on its own task queue, the test clock in the pathway's words (days, instants),
 * the search attributes as supervisors would query them, and a fast way to bring a pathway to a stage.
 */
import { createHash, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DEFAULT_POLICY, EligibilityCriteria, RecipientRole, PathwayCommand, PathwayPolicy, PathwayStage, PathwaySummary, ReferralInput } from '@pathway/domain';
import type { pathwayWorkflow } from '../pathway.workflow';
import {
  CaseManagerIdKey,
  LastEventAtKey,
  NextDeadlineAtKey,
  OverdueSinceKey,
  PathwayFlagsKey,
  PathwayStageKey,
  StuckReasonKey,
  TerritoryKey,
} from '../search-attributes';
import { eventually } from '@pathway/testing';
import { recordingHistories, runHistories, saveHistories } from './histories';
import { openTestPathway, referralFor, step, takeOpenedPathways } from './pathway-client';
import { createTestWorker, RecordingActivities, startTimeSkippingEnv } from './workflow-test-env';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const ALL_CRITERIA_MET: EligibilityCriteria = { unstableSituation: true, insufficientCare: true, noCoordinator: true };

export class WorkflowTestHarness {
  private constructor(readonly env: TestWorkflowEnvironment) {}

  static async start(): Promise<WorkflowTestHarness> {
    return new WorkflowTestHarness(await startTimeSkippingEnv());
  }

  get client() {
    return this.env.client;
  }

  async teardown(): Promise<void> {
    await this.env.teardown();
  }

  /**
   * Runs `fn` with a worker of the current bundle on a task queue of its own, bound to `io`. Pathways
   * opened on that task queue (`open`, `openTestPathway`) and still running afterwards are terminated, once
   * quiet. Time skipping is global to the environment, and the test server holds it still while a workflow
   * task or an activity is in flight: a left-over pathway whose timer fires on a task queue nobody polls any
   * more, or a run terminated in the middle of its work (e.g. just after a continue-as-new), keeps that lock
   * for good and every later `sleep` of the file hangs.
   */
  async withWorker<T>(io: RecordingActivities, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    const taskQueue = `tq-${randomUUID()}`;
    const worker = await createTestWorker(this.env, io.activities(), taskQueue);
    return worker.runUntil(async () => {
      const handles = () => takeOpenedPathways(taskQueue);
      let opened: WorkflowHandle[] = [];
      try {
        const result = await fn(taskQueue);
        opened = handles();
        await this.terminateQuietly(opened);
        // RECORD_HISTORIES=1: every pathway of a passing test becomes a committed history (EVOLUTION.md).
        if (recordingHistories()) await this.record(opened);
        return result;
      } finally {
        if (!opened.length) await this.terminateQuietly(handles());
      }
    });
  }

  /** Saves each pathway's runs as `<spec>.<test>.p<n>` (see histories.ts). */
  async record(handles: WorkflowHandle[], label?: string): Promise<void> {
    const { testPath, currentTestName } = expect.getState();
    const spec = path.basename(testPath ?? 'spec').replace(/\.(workflow\.)?spec\.ts$/, '');
    const title = label ?? currentTestName ?? 'test';
    // Readable, and unique: test names of one describe share a long prefix.
    const slug = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60)}-${createHash('sha256').update(title).digest('hex').slice(0, 6)}`;
    for (const [i, handle] of handles.entries()) {
      const first = (await handle.describe()).runId;
      const runs = await runHistories(this.client, { workflowId: handle.workflowId, firstExecutionRunId: (handle as { firstExecutionRunId?: string }).firstExecutionRunId ?? first } as never);
      saveHistories(`${spec}.${slug}.p${i + 1}`, runs);
    }
  }

  /** Lets the worker finish what the pathways are doing (a time-skipping sleep passes only when nothing is in flight), then terminates them. */
  private async terminateQuietly(handles: WorkflowHandle[]): Promise<void> {
    const running = async () => {
      const open: { handle: WorkflowHandle; length: number }[] = [];
      for (const handle of handles) {
        const description = await handle.describe();
        if (description.status.name === 'RUNNING') open.push({ handle, length: description.historyLength });
      }
      return open;
    };
    let before = await running();
    for (let i = 0; i < 10 && before.length; i++) {
      await this.env.sleep(i === 0 ? MINUTE : 1000);
      const after = await running();
      const quiet = after.length === before.length && after.every((a, k) => a.length === before[k].length);
      before = after;
      if (quiet) break;
    }
    // Completed (closed) pathways refuse the termination: nothing to do for them.
    for (const { handle } of before) await handle.terminate('test over').catch(() => undefined);
  }

  /** Opens a pathway referred now (or as given), waiting for the database's answer like the API does. */
  async open(
    taskQueue: string,
    options: { policy?: PathwayPolicy; referral?: ReferralInput; pathwayId?: string } = {},
  ): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId<typeof pathwayWorkflow>; summary: PathwaySummary; referral: ReferralInput; pathwayId: string }> {
    const referral = options.referral ?? referralFor(new Date(await this.now()));
    const opened = await openTestPathway(this.client, taskQueue, referral, options.policy ?? DEFAULT_POLICY, options.pathwayId);
    return { ...opened, referral };
  }

  /** The test server's clock (ms since epoch). */
  async now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  async iso(offsetMs = 0): Promise<string> {
    return new Date((await this.now()) + offsetMs).toISOString();
  }

  async sleep(ms: number): Promise<void> {
    await this.env.sleep(ms);
  }

  /**
   * Moves the test clock to `instant + afterMs`: with the default second, whatever was due at `instant`
   * has fired; with a negative `afterMs` (e.g. -MINUTE), it has not yet.
   */
  async sleepUntil(instant: number | string | Date, afterMs = 1000): Promise<void> {
    const target = new Date(instant).getTime() + afterMs;
    const delta = target - (await this.now());
    if (delta < -5000) throw new Error(`the test clock is already past ${new Date(target).toISOString()}`);
    if (delta > 0) await this.env.sleep(delta);
  }

  /** Nothing of `kind` a minute before `at`; at `at`, exactly `roles`, each sent at `at`. */
  async expectSentAt(io: RecordingActivities, kind: string, roles: RecipientRole[], at: number | string): Promise<void> {
    await this.sleepUntil(at, -MINUTE);
    expect(io.sent(kind as never)).toEqual([]);
    await this.sleepUntil(at);
    const sent = io.sent(kind as never);
    expect(sent.map((n) => n.recipientRole).sort()).toEqual([...roles].sort());
    for (const n of sent) expectAt(n.sendAt, at);
  }
}

/** Timers fire at their instant on the test clock, give or take the workflow task's milliseconds. */
/**
 * Waits until each pathway has nothing in flight (no activity, no workflow task) or has ended; fails naming
 * the pathway and what it still had in flight once `timeoutMs` (real time) is over. A pathway terminated with
 * an activity outstanding leaks the test server's time-skipping lock (temporalio/sdk-java#1138).
 */
export async function untilIdle(handles: WorkflowHandle[], timeoutMs = 5_000): Promise<void> {
  for (const handle of handles) {
    await eventually(
      async () => {
        const { raw, status } = await handle.describe();
        const activities = raw.pendingActivities?.length ?? 0;
        if (status.name === 'RUNNING' && (activities || raw.pendingWorkflowTask)) {
          throw new Error(`${activities} activities pending${raw.pendingWorkflowTask ? ', a workflow task pending' : ''}`);
        }
      },
      { timeoutMs, intervalMs: 25, message: `pathway ${handle.workflowId} to be idle` },
    );
  }
}

export function expectAt(actual: string | Date | undefined, expected: number | string | Date, toleranceMs = 1000): void {
  expect(actual).toBeDefined();
  const delta = Math.abs(new Date(actual!).getTime() - new Date(expected).getTime());
  if (delta >= toleranceMs) {
    throw new Error(`expected ${new Date(actual!).toISOString()} to be ${new Date(expected).toISOString()} (±${toleranceMs} ms)`);
  }
}

export interface PathwaySearchAttributes {
  stage?: string;
  caseManagerId?: string;
  territory?: string;
  stuckReason?: string;
  flags: string[];
  nextDeadlineAt?: Date;
  overdueSince?: Date;
  lastEventAt?: Date;
}

/** The pathway's search attributes as the server holds them (what the CLI, the Web UI and list queries see). */
export async function searchAttributesOf(handle: WorkflowHandle): Promise<PathwaySearchAttributes> {
  const { typedSearchAttributes: sa } = await handle.describe();
  return {
    stage: sa.get(PathwayStageKey),
    caseManagerId: sa.get(CaseManagerIdKey),
    territory: sa.get(TerritoryKey),
    stuckReason: sa.get(StuckReasonKey),
    flags: sa.get(PathwayFlagsKey) ?? [],
    nextDeadlineAt: sa.get(NextDeadlineAtKey),
    overdueSince: sa.get(OverdueSinceKey),
    lastEventAt: sa.get(LastEventAtKey),
  };
}

/** The due instant of one of the summary's deadlines (fails the test when the deadline is not running). */
export function dueAtOf(summary: PathwaySummary, kind: string): string {
  const deadline = summary.deadlines.find((d) => d.kind === kind);
  if (!deadline) throw new Error(`no ${kind} deadline in stage ${summary.stage}: ${summary.deadlines.map((d) => d.kind).join(', ')}`);
  return deadline.dueAt;
}

const PATH: PathwayStage[] = ['REFERRED', 'AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'];

/**
 * Takes a freshly referred pathway to `target` through the nominal steps, all at the current test time.
 * Reaching PLANNING records consent and a first home visit before the assessment. The case manager must
 * be known to the test's RecordingActivities (`io.addCaseManager`).
 */
export async function bringTo(
  h: WorkflowTestHarness,
  handle: WorkflowHandle,
  target: PathwayStage,
  options: { caseManagerId?: string; firstVisit?: boolean } = {},
): Promise<PathwaySummary> {
  const caseManagerId = options.caseManagerId ?? 'cm-1';
  const index = PATH.indexOf(target);
  if (index < 0) throw new Error(`bringTo: ${target} is not on the nominal path`);
  let summary = await handle.query<PathwaySummary>('summary');
  const run = async (command: PathwayCommand, actor = caseManagerId) => (summary = await step(handle, command, actor));
  if (index >= 1) await run({ type: 'decideEligibility', decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET }, 'intake-1');
  if (index >= 2) await run({ type: 'assignCaseManager', caseManagerId }, 'supervisor-1');
  if (index >= 3 || options.firstVisit) {
    await run({ type: 'recordConsent', given: true, at: await h.iso() });
    await run({ type: 'logContact', at: await h.iso(), channel: 'HOME_VISIT' });
  }
  if (index >= 3) {
    await run({ type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 18, gir: 4, zarit: 35, summary: 'lives alone' } });
  }
  if (index >= 4) await run({ type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: await h.iso() }] });
  if (index >= 5) await run({ type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
  expect(summary.stage).toBe(target);
  return summary;
}
