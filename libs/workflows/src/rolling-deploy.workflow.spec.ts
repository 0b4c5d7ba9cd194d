/**
 * A rolling deploy (EVOLUTION.md "Rolling deploys"): an old and a new worker build poll one task queue while
 * pathways are in flight, on the time-skipping test server. The old build is the production bundle of this
 * commit (dist/workflow-bundle); the new one changes the command sequence behind `patched()`, dormant until an
 * activation instant after the rollout (testing/next-build-domain.ts). Neither worker caches workflows, so
 * every task is a full replay on whichever build picks it: the two builds replay each other's histories.
 * Steps and timers go on during the rollout; then the old worker stops, the change activates on the new one.
 * No workflow task fails, no pathway is stuck.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { workflowSpanSinks } from '@pathway/telemetry';
import { DefinePlugin, NormalModuleReplacementPlugin } from 'webpack';
import { openTestPathway, referralFor, step } from './testing/pathway-client';
import { RecordingActivities, testDataConverter } from './testing/workflow-test-env';
import { ALL_CRITERIA_MET, DAY, WorkflowTestHarness } from './testing/harness';

const ROOT = path.resolve(__dirname, '../../..');
const bundleTools = require('../../../infra/workflow-bundle.cjs') as { BUNDLE_PATH: string; bundleIsFresh(): boolean };

function oldBuild(): WorkflowBundleOption {
  if (!bundleTools.bundleIsFresh()) {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'infra/build.cjs')], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('node infra/build.cjs failed');
  }
  return { codePath: bundleTools.BUNDLE_PATH };
}

async function newBuild(activeFrom: number): Promise<WorkflowBundleOption> {
  const quiet = (): void => undefined;
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'libs/workflows/src/workflows.ts'),
    failureConverterPath: testDataConverter.failureConverterPath,
    webpackConfigHook: (config) => {
      const swap = new NormalModuleReplacementPlugin(/[\\/]domain[\\/]src([\\/]index(\.ts)?)?$/, (resource: { request: string; contextInfo?: { issuer?: string } }) => {
        if (!String(resource.contextInfo?.issuer).includes('next-build-domain')) resource.request = path.join(ROOT, 'libs/workflows/src/testing/next-build-domain.ts');
      });
      config.plugins = [...(config.plugins ?? []), swap, new DefinePlugin({ __NEXT_BUILD_ACTIVE_FROM__: String(activeFrom) })];
      return config;
    },
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } as never,
  });
  return { code };
}

describe('a rolling deploy: two builds on one task queue with pathways in flight (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('no workflow task fails and every pathway moves on, during the rollout and after the change activates', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 0);
    const taskQueue = `tq-${randomUUID()}`;
    const activeFrom = (await h.now()) + 30 * DAY;
    const newBuildBundle = await newBuild(activeFrom);
    oldBuild();
    // The old build in its own process, as in a deploy (one process cannot host two workers of one queue).
    const old = spawn(process.execPath, [path.join(__dirname, 'testing/old-build-worker.cjs'), h.env.address, h.env.namespace ?? 'default', taskQueue], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const oldStopped = new Promise((resolve) => old.once('exit', resolve));
    const stopOld = async () => {
      if (old.exitCode === null && old.signalCode === null) old.kill('SIGTERM');
      await oldStopped;
    };

    const handles: WorkflowHandle[] = [];
    const everyone = async (fn: (handle: WorkflowHandle) => Promise<unknown>) => {
      for (const handle of handles) await fn(handle);
    };
    const contact = async () => everyone(async (handle) => step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' }));

    try {
      await new Promise<void>((resolve, reject) => {
        old.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('old build polling') && resolve());
        old.once('exit', (code) => reject(new Error(`the old build's worker exited (${code})`)));
      });
      // Before the rollout the old build alone takes the workflow tasks (a worker of this process runs only
      // the recording activities): the pathways begin on the old build, as running ones do in production.
      const activitiesOnly = await Worker.create({
        connection: h.env.nativeConnection,
        namespace: h.env.namespace ?? 'default',
        taskQueue,
        activities: io.activities(),
        dataConverter: testDataConverter,
      });
      await activitiesOnly.runUntil(async () => {
        for (let i = 0; i < 4; i++) handles.push((await openTestPathway(h.client, taskQueue, referralFor(new Date(await h.now())))).handle);
        await everyone((handle) => step(handle, { type: 'decideEligibility', decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET }, 'intake-1'));
      });

      const next = await Worker.create({
        connection: h.env.nativeConnection,
        namespace: h.env.namespace ?? 'default',
        taskQueue,
        workflowBundle: newBuildBundle,
        sinks: workflowSpanSinks(),
        activities: io.activities(),
        dataConverter: testDataConverter,
        // No cache: every workflow task replays the whole history on whichever build takes it.
        maxCachedWorkflows: 0,
      });
      await next.runUntil(async () => {
        // The rollout: both builds poll while the pathways move on (steps, and timers that fire: reminders, deadlines).
        await everyone((handle) => step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1'));
        await contact();
        await h.sleep(8 * DAY); // the first-home-visit reminder (12 days) not yet; nothing else either
        await everyone(async (handle) => step(handle, { type: 'recordConsent', given: true, at: await h.iso() }));
        await h.sleep(10 * DAY); // first home visit reminder and deadline pass
        await contact();
        await stopOld();
        // The old build is gone; past the activation instant the new branch runs.
        await h.sleepUntil(activeFrom);
        await contact();
        await h.sleep(DAY);
        await contact();
        // Leave nothing in flight before terminating (see WorkflowTestHarness.withWorker).
        await h.sleep(1000);
        for (const handle of handles) await handle.terminate('test over');
      });
    } finally {
      await stopOld();
    }

    const failedTasks: string[] = [];
    const builds = new Set<string>();
    for (const handle of handles) {
      const history = await handle.fetchHistory();
      for (const e of history.events ?? []) {
        const identity = e.workflowTaskCompletedEventAttributes?.identity ?? '';
        if (identity) builds.add(identity.startsWith(`${process.pid}@`) ? 'new' : identity.startsWith(`${old.pid}@`) ? 'old' : identity);
        const failed = e.workflowTaskFailedEventAttributes;
        if (failed) failedTasks.push(`${handle.workflowId}: ${failed.failure?.message ?? failed.cause}`);
      }
    }
    expect(failedTasks).toEqual([]);
    // Both builds did take workflow tasks of these pathways.
    expect([...builds].sort()).toEqual(['new', 'old']);
    // Every step and timer went through: 4 contacts each, the deadlines of the first 18 days passed, and the new build's notice only after activation.
    // (The recording activities are shared by the 4 pathways: events are told apart by their instants.)
    const distinct = (type: string, clock?: string) =>
      new Set(io.received.filter((e) => e.type === type && (clock === undefined || e.data.clock === clock)).map((e) => `${e.at}/${String(e.data.dueAt)}`)).size;
    expect(distinct('CONTACT_LOGGED')).toBe(16);
    expect(distinct('DEADLINE_PASSED', 'firstHomeVisitDue')).toBe(4);
    const notices = io.notifications.filter((n) => (n.kind as string) === 'contactLogged');
    expect(notices).toHaveLength(8);
    for (const n of notices) expect(Date.parse(n.sendAt)).toBeGreaterThanOrEqual(activeFrom);
  });
});
