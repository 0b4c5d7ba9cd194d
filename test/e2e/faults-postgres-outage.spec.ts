// PostgreSQL stopped while pathways take steps, until each workflow's projection activity has failed
// and been retried (attempt 4: 7 s of back-off): /health says the database is down, nothing is
// served, and once it is back the projection catches up with nothing lost.
// The API needs the database for every step (access, audit, idempotency), so during the outage the
// steps reach the workflows directly through the Temporal client, as accepted updates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId, stepUpdates } from '@pathway/workflows';
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { expectNoDrift } from '../support/consistency-check';
import { Api, createCaseManager, expectStatus, inAssessment, isoAgo, people } from './api-support';
import { eventuallyPasses, expectIntactTimeline, persisted } from './faults-support';

let stack: Stack;
let api: Api;
let client: Client;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faults-postgres-'));
  const policyFile = path.join(dir, 'policy.json');
  // Activities retry 1, 2, 4, 8 then every 10 s: 12 attempts span the outage without falling back to
  // the workflow's own (minutes-long) retry timer.
  fs.writeFileSync(policyFile, JSON.stringify({ activityFailureStuckAttempts: 12 }));
  stack = await startStack({ env: { PATHWAY_POLICY_FILE: policyFile } });
  api = new Api(stack.apiUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  client = new Client({
    connection,
    namespace: stack.temporalNamespace,
    dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(stack.env)], failureConverterPath },
  });
}, 120_000);
afterAll(async () => {
  await client?.connection.close();
  await stack?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}, 60_000);

it('the database down: activities retry and the projection catches up, nothing lost', async () => {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId, 100);
  const ids = await Promise.all(Array.from({ length: 4 }, () => inAssessment(api, caseManagerId)));

  await stack.stopPostgres();
  const health = await api.call('GET', '/health');
  expect(health.status).toBe(503);
  expect(health.body).toMatchObject({ status: 'down: database', database: { status: 'down' }, temporal: { status: 'up' } });
  // Asked by someone entitled to it (without a token it would be 401 whatever the database does):
  // nothing is served without the database, and the caller is told it is unavailable, not refused.
  const refused = await api.get(`/api/v1/pathways/${ids[0]}`, people.caseManager(caseManagerId));
  expect(refused.status).toBe(503);

  // Accepted by the workflows' validators while the projection cannot be written.
  for (const id of ids) {
    await client.workflow.getHandle(pathwayWorkflowId(id)).startUpdate(stepUpdates.recordAssessment, {
      args: [{ actor: caseManagerId, command: { type: 'recordAssessment', assessment: { performedAt: isoAgo(3), mmse: 18, gir: 4, zarit: 35, summary: 'moderate decline' } } }],
      waitForStage: 'ACCEPTED',
    });
  }
  // The retries the activities promise, seen on the workflows themselves: each one's projection write
  // has failed and is being retried (attempt 4 comes after 1 + 2 + 4 s of back-off).
  await eventually(
    async () => {
      for (const id of ids) {
        const pending = (await client.workflow.getHandle(pathwayWorkflowId(id)).describe()).raw.pendingActivities ?? [];
        expect(pending.map((a) => [a.activityType?.name, (a.attempt ?? 0) >= 4, Boolean(a.lastFailure)])).toContainEqual(['recordPathwayEvents', true, true]);
      }
    },
    { timeoutMs: 60_000, intervalMs: 1_000, message: 'every pathway to retry its projection write (attempt 4)' },
  );
  await stack.startPostgres();

  await eventuallyPasses(async () => {
    const rows = await persisted(stack.databaseUrl, ids);
    for (const id of ids) {
      expect(rows.get(id)?.stage).toBe('PLANNING');
      expectIntactTimeline(id, rows.get(id), ['REFERRAL_RECEIVED', 'ELIGIBILITY_DECIDED', 'CASE_MANAGER_ASSIGNED', 'CONSENT_RECORDED', 'ASSESSMENT_RECORDED']);
    }
  }, 40_000);
  await eventuallyPasses(async () => expectStatus(await api.call('GET', '/health'), 200), 15_000);
}, 150_000);

it('leaves the workflows, the projection and the caseloads agreeing (npm run check:consistency: no drift)', async () => {
  await eventuallyPasses(() => expectNoDrift(stack), 30_000, 2_000);
}, 60_000);
