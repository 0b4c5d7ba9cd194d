/**
 * The worker's activity interceptors in a real Temporal worker (on the Temporal dev server, the real server), their
 * records in a real PostgreSQL: a pathway's activity that keeps failing is on record from the threshold on,
 * with its pathway, territory and attempts, and off record once it succeeds; WORKER_FAULTS (test only) makes
 * an activity fail on purpose, and is refused in production. Temporal itself retries the activity (the
 * attempt numbers, the retry policy and the workflow id are the ones it gives, testing/retried-activity.workflow.ts);
 * each attempt reads what is on record when it starts, i.e. what the attempts before it left. The dev server,
 * not the time-skipping test server: there the recorder did not get the activity's retry policy (the
 * "own maximumAttempts" case below failed), which a production worker does get. The whole stack, API and
 * stuck list included: test/e2e/supervision-failing-activity.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ActivityExecuteInput, ActivityInterceptorsFactory, bundleWorkflowCode, DefaultLogger, Runtime, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ActivityFailureRecord, createDataSource, listActivityFailures } from '@pathway/persistence';
import { startPostgresForTests, TestDatabase } from '../../../libs/persistence/src/testing/test-database';
import { activityFailureRecorder, activityFailureThreshold, pathwayIdOfWorkflow } from './activity-failures';
import type { retriedActivity } from './testing/retried-activity.workflow';
import { faultInjector, workerFaults } from './worker-faults';

const tools = require('../../../infra/tools.cjs') as { temporalCliPath(): string };

jest.setTimeout(60_000);
// The SDK logs every failed attempt and every worker state change; these fail on purpose.
Runtime.install({ logger: new DefaultLogger('ERROR') });

let db: TestDatabase;
let env: TestWorkflowEnvironment;
let worker: Worker;
let running: Promise<void>;
const TASK_QUEUE = 'activity-failures';
const quiet = (): void => undefined;

/** What the worker's activity does and which interceptors it runs under, for the run in progress (runs go one at a time). */
let current: { interceptors: ActivityInterceptorsFactory[]; activity: () => Promise<string> } = { interceptors: [], activity: async () => 'idle' };

/** The interceptors of the run in progress, chained as the worker chains its own (the first is the outermost). */
const currentInterceptors: ActivityInterceptorsFactory = (ctx) => {
  const chain = current.interceptors.map((factory) => factory(ctx).inbound).filter((inbound) => inbound !== undefined);
  type Execute = (input: ActivityExecuteInput) => Promise<unknown>;
  return {
    inbound: {
      execute: (input, next) =>
        chain.reduceRight<Execute>((inner, interceptor) => (i) => (interceptor.execute ? interceptor.execute(i, inner) : inner(i)), next)(input),
    },
  };
};

beforeAll(async () => {
  let bundle: WorkflowBundleWithSourceMap;
  [db, env, bundle] = await Promise.all([
    startPostgresForTests({ migrate: true }),
    TestWorkflowEnvironment.createLocal({ server: { executable: { type: 'existing-path', path: tools.temporalCliPath() } } }),
    bundleWorkflowCode({
      workflowsPath: require.resolve('./testing/retried-activity.workflow'),
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } as never,
    }),
  ]);
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: TASK_QUEUE,
    workflowBundle: bundle,
    interceptors: { activity: [currentInterceptors] },
    activities: { recordPathwayEvents: () => current.activity() },
  });
  running = worker.run();
}, 120_000);
afterAll(async () => {
  if (worker) {
    worker.shutdown();
    await running;
  }
  await env?.teardown();
  await db?.stop();
});

const ACTIVITIES = ['openPathwayRecord', 'recordPathwayEvents', 'enqueueNotifications'];
const input = { pathwayId: '', events: [], projection: { territory: 'MAIA-75-NORD' } };

interface Run {
  /** Each schedule's outcome: the activity's result, or `failed: <message>` once Temporal gave up. */
  outcomes: string[];
  /** Every attempt that reached the activity (interceptors may fail it before), and what was then on record. */
  attempts: { attempt: number; onRecord: ActivityFailureRecord[] }[];
  /** What is on record once the workflow has completed. */
  after: ActivityFailureRecord[];
}

/**
 * Runs the activity `recordPathwayEvents` of workflow `pathway-<pathwayId>` (or `workflowId`) under
 * `interceptors`, Temporal retrying it; `behave` is the activity's body at the n-th call to reach it.
 */
async function run(options: {
  pathwayId: string;
  interceptors: ActivityInterceptorsFactory[];
  behave: (call: number, attempt: number) => Promise<string>;
  maximumAttempts: number;
  schedules?: number;
  workflowId?: string;
}): Promise<Run> {
  const attempts: Run['attempts'] = [];
  current = {
    interceptors: options.interceptors,
    activity: async () => {
      const { attempt } = Context.current().info;
      attempts.push({ attempt, onRecord: await listActivityFailures(db.dataSource, { pathwayId: options.pathwayId }) });
      return options.behave(attempts.length, attempt);
    },
  };
  const outcomes = await env.client.workflow.execute<typeof retriedActivity>('retriedActivity', {
    taskQueue: TASK_QUEUE,
    workflowId: options.workflowId ?? `pathway-${options.pathwayId}`,
    args: [{ maximumAttempts: options.maximumAttempts, schedules: options.schedules ?? 1, payload: input }],
  });
  return { outcomes, attempts, after: await listActivityFailures(db.dataSource, { pathwayId: options.pathwayId }) };
}

const failing = async (): Promise<string> => {
  throw new Error('connection terminated unexpectedly');
};

describe('the activity failure recorder', () => {
  it('records a failing activity from the threshold on, names it, counts the workflow\'s own retry, and clears it when it succeeds', async () => {
    const pathwayId = randomUUID();
    // Three attempts fail (Temporal gives up: maximumAttempts 3); the workflow schedules it again, whose
    // first attempt fails too and second succeeds.
    const { outcomes, attempts, after } = await run({
      pathwayId,
      interceptors: [activityFailureRecorder({ db: db.dataSource, threshold: 3 })],
      maximumAttempts: 3,
      schedules: 2,
      behave: (call) => (call === 5 ? Promise.resolve('done') : failing()),
    });
    expect(outcomes).toEqual(['failed: connection terminated unexpectedly', 'done']);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 1, 2]);
    // Nothing on record below the threshold.
    expect(attempts.slice(0, 3).map((a) => a.onRecord)).toEqual([[], [], []]);
    const recorded = {
      pathwayId,
      activityType: 'recordPathwayEvents',
      territory: 'MAIA-75-NORD',
      workflowId: `pathway-${pathwayId}`,
      lastError: 'Error: connection terminated unexpectedly',
      failingSince: expect.any(Date),
    };
    expect(attempts[3].onRecord).toEqual([expect.objectContaining({ ...recorded, attempts: 3 })]);
    // The workflow's own retry: the new schedule's first failed attempt is counted.
    expect(attempts[4].onRecord).toEqual([expect.objectContaining({ ...recorded, attempts: 4 })]);
    expect(after).toEqual([]);
  });

  it("uses the activity's own maximumAttempts when it is lower than the threshold", async () => {
    const pathwayId = randomUUID();
    const { outcomes, attempts, after } = await run({
      pathwayId,
      interceptors: [activityFailureRecorder({ db: db.dataSource, threshold: 5 })],
      maximumAttempts: 2,
      behave: failing,
    });
    expect(outcomes).toEqual(['failed: connection terminated unexpectedly']);
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(after).toEqual([expect.objectContaining({ pathwayId, attempts: 2 })]);
  });

  it('does not record a non-retryable failure, nor an activity of a workflow that is not a pathway', async () => {
    const recorder = [activityFailureRecorder({ db: db.dataSource, threshold: 1 })];
    const refused = await run({
      pathwayId: randomUUID(),
      interceptors: recorder,
      maximumAttempts: 3,
      behave: () => Promise.reject(ApplicationFailure.nonRetryable('the pathway is closed', 'StepRejected')),
    });
    expect(refused.outcomes).toEqual(['failed: the pathway is closed']);
    expect(refused.attempts).toHaveLength(1);
    expect(refused.after).toEqual([]);

    const digest = `digest-${randomUUID()}`;
    const other = await run({ pathwayId: randomUUID(), workflowId: digest, interceptors: recorder, maximumAttempts: 2, behave: failing });
    expect(other.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(pathwayIdOfWorkflow(digest)).toBeUndefined();
    expect((await listActivityFailures(db.dataSource)).filter((row) => row.workflowId === digest)).toEqual([]);
  });

  it('keeps the activity outcome when the database is unreachable', async () => {
    // The real PostgreSQL, reached through a relay that is then cut: the recorder's queries meet a
    // real lost connection (reset, then refused), as in an outage.
    const sockets = new Set<net.Socket>();
    const target = new URL(db.url);
    const relay = net.createServer((client) => {
      const server = net.connect(Number(target.port), target.hostname);
      for (const s of [client, server]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      client.pipe(server).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const viaRelay = new URL(db.url);
    viaRelay.hostname = '127.0.0.1';
    viaRelay.port = String((relay.address() as net.AddressInfo).port);
    const cut = createDataSource(viaRelay.toString(), { poolSize: 1 });
    await cut.initialize();
    try {
      await cut.query('SELECT 1');
      await new Promise<void>((resolve) => {
        relay.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      const lines: string[] = [];
      const recorder = [activityFailureRecorder({ db: cut, threshold: 1, log: (line) => lines.push(line) })];
      expect((await run({ pathwayId: randomUUID(), interceptors: recorder, maximumAttempts: 1, behave: () => Promise.resolve('done') })).outcomes).toEqual(['done']);
      expect((await run({ pathwayId: randomUUID(), interceptors: recorder, maximumAttempts: 1, behave: failing })).outcomes).toEqual(['failed: connection terminated unexpectedly']);
      expect(lines).toHaveLength(2);
    } finally {
      await cut.destroy().catch(() => undefined);
    }
  });

  it('reads its threshold from ACTIVITY_FAILURE_STUCK_ATTEMPTS, else the policy', () => {
    expect(activityFailureThreshold(5, {})).toBe(5);
    expect(activityFailureThreshold(5, { ACTIVITY_FAILURE_STUCK_ATTEMPTS: '2' })).toBe(2);
    expect(() => activityFailureThreshold(5, { ACTIVITY_FAILURE_STUCK_ATTEMPTS: '0' })).toThrow(/at least 1/);
  });
});

describe('WORKER_FAULTS (test only)', () => {
  it('fails the named activity for a number of attempts, then lets it run; the recorder sees the injected failures', async () => {
    const pathwayId = randomUUID();
    const faults = workerFaults({ WORKER_FAULTS: 'recordPathwayEvents:2' }, ACTIVITIES);
    const lines: string[] = [];
    const { outcomes, attempts, after } = await run({
      pathwayId,
      interceptors: [activityFailureRecorder({ db: db.dataSource, threshold: 2, log: (line) => lines.push(line) }), faultInjector(faults)],
      maximumAttempts: 5,
      behave: () => Promise.resolve('ran'),
    });
    expect(outcomes).toEqual(['ran']);
    // Attempts 1 and 2 never reached the activity: the injected fault failed them (retryable, recorded from 2 on).
    expect(attempts).toEqual([
      { attempt: 3, onRecord: [expect.objectContaining({ activityType: 'recordPathwayEvents', attempts: 2, lastError: expect.stringMatching(/injected fault \(WORKER_FAULTS, test only\): recordPathwayEvents attempt 2/) })] },
    ]);
    expect(after).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('parses always, counts and lists; refuses an unknown activity, a bad count, and production', () => {
    expect(workerFaults({}, ACTIVITIES)).toEqual([]);
    expect(workerFaults({ WORKER_FAULTS: 'recordPathwayEvents:always, enqueueNotifications:3' }, ACTIVITIES)).toEqual([
      { activityType: 'recordPathwayEvents', remaining: Infinity },
      { activityType: 'enqueueNotifications', remaining: 3 },
    ]);
    expect(() => workerFaults({ WORKER_FAULTS: 'sendEmail:always' }, ACTIVITIES)).toThrow(/no activity "sendEmail"/);
    expect(() => workerFaults({ WORKER_FAULTS: 'recordPathwayEvents:0' }, ACTIVITIES)).toThrow(/<activity>:always or <activity>:<number/);
    expect(() => workerFaults({ WORKER_FAULTS: 'recordPathwayEvents:always', NODE_ENV: 'production' }, ACTIVITIES)).toThrow(/refused when NODE_ENV=production/);
  });
});
