// Idempotency records hold whole answers (the pathway summary names the patient): they are kept only as
// long as a retry can come (IDEMPOTENCY_RETENTION), then the worker purges them. Against the whole stack.
import { randomUUID } from 'node:crypto';
import { createDataSource } from '@pathway/persistence';
import type { DataSource } from 'typeorm';
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, expectStatus, people, referral } from './api-support';

const RETENTION_S = 4;
let stack: Stack;
let api: Api;
let db: DataSource;

beforeAll(async () => {
  stack = await startStack({ env: { IDEMPOTENCY_RETENTION: `PT${RETENTION_S}S` } });
  api = new Api(stack.apiUrl);
  db = await createDataSource(stack.databaseUrl).initialize();
}, 120_000);
afterAll(async () => {
  await db?.destroy();
  await stack?.stop();
});

const recordOf = async (key: string) => (await db.query(`SELECT response_body FROM idempotency_records WHERE key = $1`, [key])) as { response_body: unknown }[];

it('replays the first answer within the retention, then the record and its personal data are gone', async () => {
  const key = randomUUID();
  const body = referral();
  const first = await api.post('/api/v1/pathways', people.intake, body, { idempotencyKey: key });
  expectStatus(first, 201);
  const retry = await api.post('/api/v1/pathways', people.intake, body, { idempotencyKey: key });
  expectStatus(retry, 201);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(retry.text).toBe(first.text);
  expect(JSON.stringify((await recordOf(key))[0]?.response_body)).toContain(body.patient.lastName);

  // The worker purges a few times per retention period: the record goes within two periods.
  await eventually(async () => expect(await recordOf(key)).toEqual([]), {
    timeoutMs: RETENTION_S * 2 * 1000 + 5000,
    intervalMs: 250,
    message: 'the idempotency record to be purged',
  });

  // Nothing of the first answer is left to replay: the same request is processed again, and still has
  // one effect, since the pathway's workflow id comes from the key (the answer is the open pathway's).
  const late = await api.post('/api/v1/pathways', people.intake, body, { idempotencyKey: key });
  expect(late.headers.get('idempotent-replayed')).toBeNull();
  expect(late.body.id).toBe(first.body.id);
  const timeline = await api.get(`/api/v1/pathways/${first.body.id}/timeline`, people.intake);
  expect(timeline.body.map((e: { type: string }) => e.type)).toEqual(['REFERRAL_RECEIVED']);
});
