/**
 * `npm run check:consistency`: for every open pathway, compares the workflow's state with the projection
 * and the caseload rows, and lists any drift (consistency.ts says what is compared). Exit code 0 when
 * everything agrees, 2 when it lists drift, 1 when it could not check. Read-only: it queries the
 * workflows (the `state` query) and reads the database, and repairs nothing.
 *
 * A pathway whose step is being persisted at that very moment can show as drift for a second: run it
 * again before acting on a single line (`--json` prints the drift as one JSON document).
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { databaseUrl, runMain, temporalSettings } from '@pathway/config';
import { createDataSource, pathwayRecordsForCheck, PathwayRecordsForCheck } from '@pathway/persistence';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId, stateQuery } from '@pathway/workflows';
import { Drift, driftOf, WorkflowView } from './consistency';

/** Queries in flight at once: enough to check 40,000 pathways in minutes without loading the workers. */
const CONCURRENT_QUERIES = 8;

runMain('check-consistency', async () => {
  const json = process.argv.includes('--json');
  const temporal = temporalSettings();
  const db = createDataSource(databaseUrl(), { poolSize: 2 });
  await db.initialize();
  const connection = await Connection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey });
  const client = new Client({ connection, namespace: temporal.namespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath } });
  try {
    const records = await pathwayRecordsForCheck(db);
    const drift: Drift[] = [];
    let next = 0;
    const checkOne = async (r: PathwayRecordsForCheck): Promise<Drift[]> => (r.closed ? driftOf(r, undefined) : driftOf(r, await workflowView(client, r.pathwayId)));
    await Promise.all(
      Array.from({ length: CONCURRENT_QUERIES }, async () => {
        while (next < records.length) drift.push(...(await checkOne(records[next++])));
      }),
    );
    drift.sort((a, b) => a.pathwayId.localeCompare(b.pathwayId) || a.kind.localeCompare(b.kind));
    const open = records.filter((r) => !r.closed).length;
    if (json) console.log(JSON.stringify({ checked: open, drift }, null, 2));
    else {
      for (const d of drift) console.log(`DRIFT ${d.pathwayId} ${d.kind}: ${d.detail}`);
      console.log(`[check-consistency] ${open} open pathways checked: ${drift.length ? `${drift.length} drift` : 'no drift'}`);
    }
    if (drift.length) process.exitCode = 2;
  } finally {
    await connection.close();
    await db.destroy();
  }
});

async function workflowView(client: Client, pathwayId: string): Promise<WorkflowView> {
  try {
    const state = await client.workflow.getHandle(pathwayWorkflowId(pathwayId)).query(stateQuery);
    return { stage: state.stage, caseManagerId: state.caseManagerId ?? null };
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return { missing: 'and Temporal has no workflow for it' };
    return { missing: `and its workflow could not be queried: ${(err as Error).message.split('\n')[0]}` };
  }
}
