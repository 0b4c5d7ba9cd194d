// A step retried with its Idempotency-Key after the pathway's workflow continued-as-new (issue 16): the
// retry reaches the next run, which answers it with the first answer and applies nothing. The API lets a
// retry through to the workflow when the first attempt's record was released (a 503: the workflow
// was slow to answer, yet applied the step); the test releases the records itself, in SQL, to be there.
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { createDataSource } from '@pathway/persistence';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId } from '@pathway/workflows';
import { startStack, Stack } from '../support/stack';
import { Api, createCaseManager, expectStatus, isoAgo, people } from './api-support';
import { eventuallyPasses, walkToFollowUp } from './faults-support';

let stack: Stack;
let api: Api;
let client: Client;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  client = new Client({ connection, namespace: stack.temporalNamespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(stack.env)], failureConverterPath } });
}, 120_000);
afterAll(async () => {
  await client?.connection.close();
  await stack?.stop();
});

async function onDb<T>(work: (db: Awaited<ReturnType<ReturnType<typeof createDataSource>['initialize']>>) => Promise<T>): Promise<T> {
  const db = await createDataSource(stack.databaseUrl, { poolSize: 1 }).initialize();
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

it('a contact and a crisis resolution retried on the run after a continue-as-new: one effect each, the first answers', async () => {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId);
  const cm = people.caseManager(caseManagerId);
  const id = await walkToFollowUp(api, caseManagerId);
  const at = (step: string) => `/api/v1/pathways/${id}/${step}`;

  const contact = { at: isoAgo(0), channel: 'PHONE', note: 'the daughter called' };
  const contactKey = randomUUID();
  const contacted = await api.post(at('contacts'), cm, contact, { idempotencyKey: contactKey });
  expectStatus(contacted, 200);
  expectStatus(await api.post(at('crises'), cm, { at: new Date().toISOString(), kind: 'CAREGIVER_EXHAUSTION' }, { idempotencyKey: randomUUID() }), 200);
  expectStatus(await api.post(at('crises/current/actions'), cm, { at: new Date().toISOString(), note: 'emergency home help' }, { idempotencyKey: randomUUID() }), 200);
  // Resolving the crisis opens a new cycle: the workflow continues-as-new right after this step.
  const resolution = { at: new Date().toISOString(), note: 'daughter back home' };
  const resolutionKey = randomUUID();
  const resolved = await api.post(at('crises/current/resolution'), cm, resolution, { idempotencyKey: resolutionKey });
  expectStatus(resolved, 200);
  expect(resolved.body).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });

  const runs = async () => {
    const found: string[] = [];
    for await (const w of client.workflow.list({ query: `WorkflowId = '${pathwayWorkflowId(id)}'` })) found.push(w.status.name);
    return found.sort();
  };
  await eventuallyPasses(async () => expect(await runs()).toEqual(['CONTINUED_AS_NEW', 'RUNNING']), 30_000);

  // Both first attempts' records released, as after a 503: the retries go to the (new) workflow run.
  await onDb((db) => db.query('DELETE FROM idempotency_records WHERE key = ANY($1)', [[contactKey, resolutionKey]]));
  const contactRetried = await api.post(at('contacts'), cm, contact, { idempotencyKey: contactKey });
  const resolutionRetried = await api.post(at('crises/current/resolution'), cm, resolution, { idempotencyKey: resolutionKey });
  expectStatus(contactRetried, 200);
  expectStatus(resolutionRetried, 200);
  expect(contactRetried.headers.get('idempotent-replayed')).toBeNull();
  expect(contactRetried.body).toEqual(contacted.body);
  expect(resolutionRetried.body).toEqual(resolved.body);

  const types = await onDb(async (db) => ((await db.query('SELECT type, data FROM pathway_events WHERE pathway_id = $1 ORDER BY seq', [id])) as { type: string; data: { note?: string } }[]));
  expect(types.filter((e) => e.type === 'CONTACT_LOGGED' && e.data.note === contact.note)).toHaveLength(1);
  expect(types.filter((e) => e.type === 'CRISIS_RESOLVED')).toHaveLength(1);
}, 120_000);
