// Operator command: `npm run pathway:retry -- <pathwayId>` makes a pathway whose writes are failing retry
// them now (retryPersistence signal) instead of at the end of its back-off (up to 30 min), e.g. once the
// database that refused them is fixed, then reports whether the pathway is still failing.
import { Client, Connection } from '@temporalio/client';
import { runMain, SettingsError, temporalSettings } from '@pathway/config';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId, retryPersistenceSignal, summaryQuery } from '@pathway/workflows';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * Long enough for the activity's own retries (1 + 2 + 4 + 8 s at the default five attempts) and a worker
 * that has just restarted and is still warming up on a loaded machine (30 s was seen to be too short).
 */
const WATCH_MS = 60_000;

runMain('pathway:retry', async () => {
  const pathwayId = process.argv[2];
  if (!pathwayId || !UUID.test(pathwayId)) throw new SettingsError('usage: npm run pathway:retry -- <pathwayId> (the pathway\'s uuid)');
  const temporal = temporalSettings();
  const connection = await Connection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey }).catch((err: Error) => {
    throw new SettingsError(`cannot reach Temporal at ${temporal.address}: ${err.message}`);
  });
  try {
    const client = new Client({ connection, namespace: temporal.namespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath } });
    const handle = client.workflow.getHandle(pathwayWorkflowId(pathwayId));
    await handle.signal(retryPersistenceSignal);
    console.log(`[pathway:retry] pathway ${pathwayId}: asked to retry its pending writes now`);
    // By code: the sentence is for display and may be reworded (issue 22).
    const failing = async () => (await handle.query(summaryQuery)).stuck.filter((s) => s.code === 'activityFailing');
    let still = await failing();
    for (const until = Date.now() + WATCH_MS; still.length && Date.now() < until; still = await failing()) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (still.length) {
      console.log(`[pathway:retry] still failing: ${still.map((s) => s.reason).join('; ')} (see activity_failures for the last error)`);
      process.exitCode = 2;
    } else {
      console.log('[pathway:retry] no write is failing any more');
    }
  } finally {
    await connection.close();
  }
});
