/**
 * The worker's activity interceptors, their records in a real PostgreSQL: a pathway's activity that
 * keeps failing is on record from the threshold on, with its pathway, territory and attempts, and off
 * record once it succeeds; WORKER_FAULTS (test only) makes an activity fail on purpose, and is refused
 * in production. The attempts are driven through the SDK's MockActivityEnvironment: it is the activity
 * context (attempt number, retry policy, workflow id) set by hand so each threshold is reached in
 * one call, not a stand-in for the database or the server. The same interceptors under a real
 * Temporal server and worker, retries and all: test/e2e/supervision-failing-activity.spec.ts.
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { ActivityInterceptorsFactory, DefaultLogger } from '@temporalio/worker';
import { createDataSource, listActivityFailures } from '@pathway/persistence';
import { startPostgresForTests, TestDatabase } from '../../../libs/persistence/src/testing/test-database';
import { activityFailureRecorder, activityFailureThreshold, pathwayIdOfWorkflow } from './activity-failures';
import { faultInjector, INJECTED_FAULT, workerFaults } from './worker-faults';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const ACTIVITIES = ['openPathwayRecord', 'recordPathwayEvents', 'enqueueNotifications'];

function attempt(pathwayId: string, n: number, interceptors: ActivityInterceptorsFactory[], maximumAttempts = 5) {
  return new MockActivityEnvironment(
    {
      activityType: 'recordPathwayEvents',
      attempt: n,
      workflowExecution: { workflowId: `pathway-${pathwayId}`, runId: randomUUID() },
      scheduledTimestampMs: Date.parse('2026-03-01T10:00:00Z'),
      retryPolicy: { maximumAttempts, initialInterval: 1000 },
    },
    { interceptors, logger: quiet },
  );
}

/** The SDK logs every failed attempt; these fail on purpose. */
const quiet = new DefaultLogger('ERROR');

const input = { pathwayId: '', events: [], projection: { territory: 'MAIA-75-NORD' } };
const failing = async () => {
  throw new Error('connection terminated unexpectedly');
};
const succeeding = async () => 'done';

describe('the activity failure recorder', () => {
  it('records a failing activity from the threshold on, names it, and clears it when it succeeds', async () => {
    const pathwayId = randomUUID();
    const recorder = [activityFailureRecorder({ db: db.dataSource, threshold: 3 })];
    for (const n of [1, 2]) await expect(attempt(pathwayId, n, recorder).run(failing, input)).rejects.toThrow('connection terminated');
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);

    await expect(attempt(pathwayId, 3, recorder).run(failing, input)).rejects.toThrow('connection terminated');
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([
      expect.objectContaining({
        pathwayId,
        activityType: 'recordPathwayEvents',
        territory: 'MAIA-75-NORD',
        workflowId: `pathway-${pathwayId}`,
        attempts: 3,
        lastError: 'Error: connection terminated unexpectedly',
        failingSince: new Date('2026-03-01T10:00:00Z'),
      }),
    ]);
    // The workflow's own retry: a new execution whose first attempt fails too is counted.
    await expect(attempt(pathwayId, 1, recorder).run(failing, input)).rejects.toThrow();
    expect((await listActivityFailures(db.dataSource, { pathwayId }))[0].attempts).toBe(4);

    await expect(attempt(pathwayId, 2, recorder).run(succeeding, input)).resolves.toBe('done');
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
  });

  it("uses the activity's own maximumAttempts when it is lower than the threshold", async () => {
    const pathwayId = randomUUID();
    await expect(attempt(pathwayId, 2, [activityFailureRecorder({ db: db.dataSource, threshold: 5 })], 2).run(failing, input)).rejects.toThrow();
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toHaveLength(1);
  });

  it('does not record a non-retryable failure, nor an activity of a workflow that is not a pathway', async () => {
    const pathwayId = randomUUID();
    const recorder = [activityFailureRecorder({ db: db.dataSource, threshold: 1 })];
    const refused = async () => {
      throw ApplicationFailure.nonRetryable('the pathway is closed', 'StepRejected');
    };
    await expect(attempt(pathwayId, 1, recorder).run(refused, input)).rejects.toThrow('closed');
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
    const other = new MockActivityEnvironment({ activityType: 'x', attempt: 9, workflowExecution: { workflowId: 'digest-1', runId: 'r' } }, { interceptors: recorder, logger: quiet });
    await expect(other.run(failing, input)).rejects.toThrow();
    expect(pathwayIdOfWorkflow('digest-1')).toBeUndefined();
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
      await expect(attempt(randomUUID(), 1, recorder).run(succeeding, input)).resolves.toBe('done');
      await expect(attempt(randomUUID(), 1, recorder).run(failing, input)).rejects.toThrow('connection terminated');
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
    const interceptors = [activityFailureRecorder({ db: db.dataSource, threshold: 2 }), faultInjector(faults)];
    let ran = 0;
    const activity = async () => (ran += 1);
    await expect(attempt(pathwayId, 1, interceptors).run(activity, input)).rejects.toMatchObject({ type: INJECTED_FAULT, nonRetryable: false });
    await expect(attempt(pathwayId, 2, interceptors).run(activity, input)).rejects.toThrow(/injected fault \(WORKER_FAULTS, test only\): recordPathwayEvents attempt 2/);
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([expect.objectContaining({ activityType: 'recordPathwayEvents', attempts: 2 })]);
    await expect(attempt(pathwayId, 3, interceptors).run(activity, input)).resolves.toBe(1);
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
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
