// Idempotency-Key on every POST, over HTTP against the whole stack: a retried request gets the first
// answer and changes nothing, also when the first request's client gave up before the answer.
import { randomUUID } from 'node:crypto';
import { createDataSource } from '@pathway/persistence';
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, Answer, createCaseManager, expectProblem, expectStatus, inAssessment, isoAgo, people, referral } from './api-support';

let stack: Stack;
let api: Api;
const CM = 'cm-emma';
const cm = people.caseManager(CM);

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, CM);
}, 120_000);
afterAll(() => stack?.stop());

const contactsOf = async (id: string) =>
  ((await api.get(`/api/v1/pathways/${id}/timeline`, people.supervisor)).body as { type: string }[]).filter((e) => e.type === 'CONTACT_LOGGED');

function sameAnswer(a: Answer, b: Answer): void {
  expect(b.status).toBe(a.status);
  expect(b.text).toBe(a.text);
}

describe('Idempotency-Key', () => {
  it('the same step sent 10 times with one key: ten identical answers, one timeline event', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    const body = { at: isoAgo(1), channel: 'PHONE', note: 'first call' };
    const started = Date.now();
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await api.post(`/api/v1/pathways/${id}/contacts`, cm, body, { idempotencyKey: key }));
    expectStatus(answers[0], 200);
    for (const answer of answers.slice(1)) {
      sameAnswer(answers[0], answer);
      expect(answer.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await contactsOf(id)).toHaveLength(1);
    console.log(`10 sends of one step with one key: 10 × 200 byte-identical, 1 CONTACT_LOGGED, in ${Date.now() - started} ms`);
  });

  it('the same referral sent 10 times with one key: one pathway, ten identical 201 answers', async () => {
    const key = randomUUID();
    const body = referral();
    const answers: Answer[] = [];
    for (let i = 0; i < 10; i += 1) answers.push(await api.post('/api/v1/pathways', people.intake, body, { idempotencyKey: key }));
    expectStatus(answers[0], 201);
    for (const answer of answers.slice(1)) sameAnswer(answers[0], answer);
    const timeline = await api.get(`/api/v1/pathways/${answers[0].body.id}/timeline`, people.intake);
    expect(timeline.body.map((e: { type: string }) => e.type)).toEqual(['REFERRAL_RECEIVED']);
  });

  it('the same key with another body is 422, and changes nothing', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    expectStatus(await api.post(`/api/v1/pathways/${id}/contacts`, cm, { at: isoAgo(2), channel: 'PHONE' }, { idempotencyKey: key }), 200);
    const other = await api.post(`/api/v1/pathways/${id}/contacts`, cm, { at: isoAgo(1), channel: 'HOME_VISIT' }, { idempotencyKey: key });
    expectProblem(other, 422, /was first used for a different request/);
    const elsewhere = await api.post(`/api/v1/pathways/${id}/hospitalizations`, cm, { admittedAt: isoAgo(2), facility: 'CHU' }, { idempotencyKey: key });
    expectProblem(elsewhere, 422, /was first used for a different request/);
    expect(await contactsOf(id)).toHaveLength(1);
  });

  it('a body with the same fields in another order is the same request', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    const at = isoAgo(1);
    const first = await api.post(`/api/v1/pathways/${id}/contacts`, cm, { at, channel: 'PHONE' }, { idempotencyKey: key });
    const second = await api.post(`/api/v1/pathways/${id}/contacts`, cm, { channel: 'PHONE', at }, { idempotencyKey: key });
    sameAnswer(first, second);
  });

  it('a first answer that was an error is the answer: a 409 stays 409 even once the step would pass', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    const plan = { services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: '2025-04-14' }] };
    const first = await api.post(`/api/v1/pathways/${id}/plans`, cm, plan, { idempotencyKey: key });
    expectProblem(first, 409, /a service plan is not allowed in stage ASSESSMENT/);
    expectStatus(await api.post(`/api/v1/pathways/${id}/assessments`, cm, { performedAt: isoAgo(1), summary: 'ok' }), 200);
    sameAnswer(first, await api.post(`/api/v1/pathways/${id}/plans`, cm, plan, { idempotencyKey: key }));
    expectStatus(await api.post(`/api/v1/pathways/${id}/plans`, cm, plan, { idempotencyKey: randomUUID() }), 200);
  });

  it('concurrent duplicates: one runs, the others get 409 "still being processed" or its answer; one event', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    const body = { at: isoAgo(1), channel: 'VIDEO' };
    const answers = await Promise.all(Array.from({ length: 10 }, () => api.post(`/api/v1/pathways/${id}/contacts`, cm, body, { idempotencyKey: key })));
    const ok = answers.filter((a) => a.status === 200);
    const busy = answers.filter((a) => a.status === 409);
    expect(ok.length + busy.length).toBe(10);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const answer of ok) sameAnswer(ok[0], answer);
    for (const answer of busy) {
      expectProblem(answer, 409, /is still being processed; retry once it has been answered/);
      expect(answer.headers.get('retry-after')).toBe('1');
    }
    expect(await contactsOf(id)).toHaveLength(1);
    console.log(`10 concurrent sends with one key: ${ok.length} × 200 (identical), ${busy.length} × 409 in progress, 1 event`);
  });

  it('a client that gave up before the answer gets it on retry, and the step happened once', async () => {
    const id = await inAssessment(api, CM);
    const key = randomUUID();
    const body = { at: isoAgo(1), channel: 'HOME_VISIT', note: 'first visit' };
    const gaveUp = new AbortController();
    // The worker held stopped, the step cannot be answered: the client surely gives up before the
    // answer (a fast answer used to slip between two polls, and the wait for the claim never ended).
    await stack.stopWorker();
    const abandoned = api.post(`/api/v1/pathways/${id}/contacts`, cm, body, { idempotencyKey: key, signal: gaveUp.signal }).catch((err: Error) => err);
    const db = await createDataSource(stack.databaseUrl, { poolSize: 1 }).initialize();
    const record = (done: boolean) => db.query(`SELECT 1 FROM idempotency_records WHERE key = $1 AND completed_at IS ${done ? 'NOT NULL' : 'NULL'}`, [key]);
    let retry: Answer;
    let workerBack = false;
    try {
      // Give up once the API has taken the request in (its key is claimed), before it answers. Bounded:
      // a request that never claims its key fails here, naming it, instead of hanging the suite.
      await eventually(async () => expect(await record(false)).toHaveLength(1), { timeoutMs: 10_000, intervalMs: 20, message: 'the API to claim the key (in progress)' });
      gaveUp.abort();
      expect(await abandoned).toMatchObject({ name: 'AbortError' });
      stack.startWorker();
      workerBack = true;
      // The abandoned request goes on server-side: wait for its answer to be stored (the key completed),
      // the event the retry is about; then one retry, which must replay that answer.
      await eventually(async () => expect(await record(true)).toHaveLength(1), { timeoutMs: 20_000, message: "the abandoned request's answer to be stored" });
      retry = await api.post(`/api/v1/pathways/${id}/contacts`, cm, body, { idempotencyKey: key });
    } finally {
      if (!workerBack) stack.startWorker(); // for the tests after this one
      await db.destroy();
    }
    expectStatus(retry, 200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('firstHomeVisitDue');
    expect(await contactsOf(id)).toHaveLength(1);
  });

  it('keys are per caller: another user with the same key makes their own request', async () => {
    const key = randomUUID();
    const a = await api.post('/api/v1/case-managers', people.admin, { id: `cm-${key.slice(0, 8)}-a`, name: 'A', email: 'a@dac.example', territory: 'T75-EST' }, { idempotencyKey: key });
    const b = await api.post('/api/v1/case-managers', people.supervisor, { id: `cm-${key.slice(0, 8)}-b`, name: 'B', email: 'b@dac.example', territory: 'T75-EST' }, { idempotencyKey: key });
    expectStatus(a, 201);
    expectStatus(b, 201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('400 for a key that is empty-looking or too long', async () => {
    const id = await inAssessment(api, CM);
    expectProblem(await api.post(`/api/v1/pathways/${id}/contacts`, cm, { at: isoAgo(1), channel: 'PHONE' }, { idempotencyKey: 'x'.repeat(256) }), 400, /1 to 255 visible ASCII/, 'Idempotency-Key');
    expectProblem(await api.post(`/api/v1/pathways/${id}/contacts`, cm, { at: isoAgo(1), channel: 'PHONE' }, { headers: { 'idempotency-key': 'has space' } }), 400, /1 to 255 visible ASCII/, 'Idempotency-Key');
    expect(await contactsOf(id)).toHaveLength(0);
  });
});
