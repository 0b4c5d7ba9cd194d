// The Temporal worker: runs the pathway workflows and their activities against PostgreSQL.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import {
  createLogger,
  databaseUrl,
  idempotencyRetentionMs,
  listenHost,
  pathwayPolicy,
  readSettings,
  runMain,
  SettingsError,
  telemetrySettings,
  temporalSettings,
  workerMaxCachedWorkflows,
} from '@pathway/config';
import { createDataSource } from '@pathway/persistence';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { serveMetrics, startTracing, workflowSpanSinks } from '@pathway/telemetry';
import { failureConverterPath } from '@pathway/workflows';
import { createAbsenceActivities } from './absence-activities';
import { IdempotencyPurge } from './idempotency-purge';
import { activityInterceptors } from './activity-interceptors';
import { HealthServer } from './health-server';
import { lineLogger } from './logging';
import { createPathwayActivities } from './pathway-activities';
import { createReminderDispatcher } from './reminders';
import { WaitingListAutoAssigner } from './waiting-list-auto-assign';
import { WaitingListOffers } from './waiting-list-offers';
import { createWorkerMetrics } from './worker-metrics';
import { installTemporalRuntime, tracingActivityInterceptors } from './worker-telemetry';

/**
 * The workflow bundles built with dist/ (infra/workflow-bundle.cjs): the very code the replay gate replays
 * the committed histories against, and no bundling at start-up. From dist/apps/worker/src/main.js.
 */
const WORKFLOW_BUNDLES = path.resolve(__dirname, '../../../workflow-bundle');

runMain('worker', async () => {
  const url = databaseUrl();
  const temporal = temporalSettings();
  const telemetry = telemetrySettings();
  // The workflow interceptors that continue traces cost ~2 MB of every cached workflow (infra/workflow-bundle.cjs):
  // loaded only when traces are exported.
  const workflowBundle = path.join(WORKFLOW_BUNDLES, telemetry.otlpEndpoint ? 'workflows-traced.js' : 'workflows.js');
  if (!fs.existsSync(workflowBundle)) throw new SettingsError(`the workflow bundle ${workflowBundle} is missing: build with \`node infra/build.cjs\``);
  // Traced, a cached workflow weighs ~2.7 MB (infra/workflow-bundle.cjs), where the SDK's default cache size
  // counts ~1.7 MB: left to it, the cache would outgrow the heap (a worker died so). Unless set, a third of
  // the heap's megabytes, past a 500 MB base.
  const maxCachedWorkflows =
    workerMaxCachedWorkflows() ?? (telemetry.otlpEndpoint ? Math.max(10, Math.floor((getHeapStatistics().heap_size_limit / 2 ** 20 - 500) / 3)) : undefined);
  const retentionMs = idempotencyRetentionMs();
  const { WORKER_HEALTH_PORT: healthPort } = readSettings(['WORKER_HEALTH_PORT']);
  const host = listenHost();
  const logger = createLogger('worker');
  installTemporalRuntime(logger, telemetry.workerTemporalMetricsAddress);
  const tracing = startTracing('care-pathways-worker', telemetry.otlpEndpoint);

  const db = createDataSource(url, { poolSize: 10 });
  await db.initialize().catch((err: Error) => {
    throw new SettingsError(`cannot reach PostgreSQL at ${new URL(url).host}: ${err.message}`);
  });
  // Settings and templates are checked before anything else connects: a bad one stops start-up here.
  const reminders = createReminderDispatcher(db, process.env, lineLogger(logger, 'reminders'));
  const interceptors = [...tracingActivityInterceptors(tracing), ...activityInterceptors(db, logger)];
  const connection = await NativeConnection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey }).catch((err: Error) => {
    throw new SettingsError(`cannot reach Temporal at ${temporal.address}: ${err.message}`);
  });

  const dataConverter = { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath };
  // Waiting-list offers (PATHWAY.md): made when a slot is freed; assigned by a loop when the policy says so.
  const { waitingListAutoAssign } = pathwayPolicy();
  const autoAssigner = waitingListAutoAssign
    ? new WaitingListAutoAssigner({ db, client: new Client({ connection, namespace: temporal.namespace, dataConverter }), log: lineLogger(logger, 'waiting-list') })
    : undefined;
  const waitingList = new WaitingListOffers(db, {
    autoAssign: waitingListAutoAssign,
    onAutoAssignable: () => autoAssigner?.nudge(),
    log: lineLogger(logger, 'waiting-list'),
  });

  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    workflowBundle: { codePath: workflowBundle },
    activities: { ...createPathwayActivities(db, waitingList), ...createAbsenceActivities() },
    // Each execution logged; failing activities recorded for the supervisors' stuck list (activity-failures.ts).
    interceptors: { activity: interceptors },
    // The workflow sandbox's spans (its interceptors are in the bundle) leave through this sink.
    sinks: workflowSpanSinks(tracing),
    // Payloads and failure messages are encrypted before they reach the Temporal server.
    dataConverter,
    // SIGINT/SIGTERM: stop polling, let in-flight activities finish (or be retried elsewhere), then exit.
    shutdownGraceTime: '10 seconds',
    ...(maxCachedWorkflows !== undefined ? { maxCachedWorkflows } : {}),
  });
  if (telemetry.workerMetricsAddress) await serveMetrics(createWorkerMetrics(db), telemetry.workerMetricsAddress);
  const health = healthPort === undefined
    ? undefined
    : new HealthServer({
        state: () => worker.getState(),
        probes: { database: () => db.query('SELECT 1'), temporal: () => connection.workflowService.getSystemInfo({}) },
      });
  const healthBound = await health?.listen(healthPort as number, host).catch((err: Error) => {
    throw new SettingsError(`WORKER_HEALTH_PORT ${healthPort} on HOST ${host}: ${err.message}`);
  });
  const healthUrl = health && `http://${host}:${healthBound}/health/ready`;
  logger.info(
    { taskQueue: temporal.taskQueue, address: temporal.address, namespace: temporal.namespace, workflowBundle: path.basename(workflowBundle), maxCachedWorkflows: worker.options.maxCachedWorkflows, ...(healthUrl ? { healthUrl } : {}) },
    `polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})${healthUrl ? `; health at ${healthUrl}` : ''}`,
  );
  // The outbox is delivered from this process, and stops with it: on the first signal it stops claiming
  // and finishes the message in hand while the Temporal worker drains (the Runtime handles the signal).
  reminders.start();
  autoAssigner?.start();
  const purge = new IdempotencyPurge(db, retentionMs, logger);
  purge.start();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      // Said so that an operator (and the graceful-stop test) sees when the stop began.
      logger.info({ signal }, `stopping on ${signal}: finishing the delivery in hand, draining activities`);
      health?.shutdown();
      void reminders.stop();
      void autoAssigner?.stop();
      void purge.stop();
    });
  }
  try {
    await worker.run();
  } finally {
    await reminders.stop();
    await autoAssigner?.stop();
    await purge.stop();
    await connection.close();
    await db.destroy();
    await health?.close();
    await tracing?.shutdown();
    logger.info('stopped');
  }
});
