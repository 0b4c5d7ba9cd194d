// The Temporal worker: runs the pathway workflows and their activities against PostgreSQL.
import { NativeConnection, Worker } from '@temporalio/worker';
import { databaseUrl, runMain, SettingsError, temporalSettings } from '@pathway/config';
import { createDataSource } from '@pathway/persistence';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, workflowsPath } from '@pathway/workflows';
import { createPathwayActivities } from './pathway-activities';

runMain('worker', async () => {
  const url = databaseUrl();
  const temporal = temporalSettings();

  const db = createDataSource(url, { poolSize: 10 });
  await db.initialize().catch((err: Error) => {
    throw new SettingsError(`cannot reach PostgreSQL at ${new URL(url).host}: ${err.message}`);
  });
  const connection = await NativeConnection.connect({ address: temporal.address }).catch((err: Error) => {
    throw new SettingsError(`cannot reach Temporal at ${temporal.address}: ${err.message}`);
  });

  const worker = await Worker.create({
    connection,
    namespace: temporal.namespace,
    taskQueue: temporal.taskQueue,
    workflowsPath,
    activities: createPathwayActivities(db),
    // Payloads and failure messages are encrypted before they reach the Temporal server.
    dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath },
    // SIGINT/SIGTERM: stop polling, let in-flight activities finish (or be retried elsewhere), then exit.
    shutdownGraceTime: '10 seconds',
  });
  console.log(`[worker] polling task queue "${temporal.taskQueue}" on ${temporal.address} (namespace ${temporal.namespace})`);
  try {
    await worker.run();
  } finally {
    await connection.close();
    await db.destroy();
    console.log('[worker] stopped');
  }
});
