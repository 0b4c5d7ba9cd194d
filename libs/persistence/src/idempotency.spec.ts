import { randomUUID } from 'node:crypto';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IdempotentRequest,
  releaseIdempotentRequest,
} from './idempotency';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

function request(overrides: Partial<IdempotentRequest> = {}): IdempotentRequest {
  return {
    key: randomUUID(),
    principal: 'intake-1',
    method: 'POST',
    path: '/api/v1/pathways',
    requestHash: 'sha256:aaaa',
    ...overrides,
  };
}

describe('idempotency keys', () => {
  it('lets the first request through, holds retries while it runs, then replays its answer', async () => {
    const first = request();
    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toEqual({ state: 'NEW' });
    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toEqual({ state: 'IN_PROGRESS' });

    await completeIdempotentRequest(db.dataSource, {
      key: first.key,
      principal: first.principal,
      statusCode: 201,
      responseBody: { id: 'p-1', stage: 'REFERRED' },
    });

    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toEqual({
      state: 'REPLAY',
      statusCode: 201,
      responseBody: { id: 'p-1', stage: 'REFERRED' },
    });
  });

  it('replays the first answer even if a second answer is stored for the key', async () => {
    const first = request();
    await beginIdempotentRequest(db.dataSource, first);
    const answer = { key: first.key, principal: first.principal };
    await completeIdempotentRequest(db.dataSource, { ...answer, statusCode: 201, responseBody: [1, 2] });
    await completeIdempotentRequest(db.dataSource, { ...answer, statusCode: 500, responseBody: null });

    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toEqual({
      state: 'REPLAY',
      statusCode: 201,
      responseBody: [1, 2],
    });
  });

  it('recognizes a key reused for another body or another path as a mismatch', async () => {
    const first = request();
    await beginIdempotentRequest(db.dataSource, first);
    await expect(beginIdempotentRequest(db.dataSource, { ...first, requestHash: 'sha256:bbbb' })).resolves.toEqual({
      state: 'MISMATCH',
    });
    await expect(
      beginIdempotentRequest(db.dataSource, { ...first, path: '/api/v1/case-managers' }),
    ).resolves.toEqual({ state: 'MISMATCH' });
  });

  it('scopes keys per caller: two callers may use the same key independently', async () => {
    const key = randomUUID();
    await expect(beginIdempotentRequest(db.dataSource, request({ key, principal: 'intake-1' }))).resolves.toEqual({
      state: 'NEW',
    });
    await expect(
      beginIdempotentRequest(db.dataSource, request({ key, principal: 'intake-2', requestHash: 'other' })),
    ).resolves.toEqual({ state: 'NEW' });
  });

  it('lets exactly one of 10 concurrent identical requests through', async () => {
    const same = request();
    const results = await Promise.all(Array.from({ length: 10 }, () => beginIdempotentRequest(db.dataSource, same)));
    expect(results.filter((r) => r.state === 'NEW')).toHaveLength(1);
    expect(results.filter((r) => r.state === 'IN_PROGRESS')).toHaveLength(9);
  });

  it('processes a released key as new (a request that failed before answering), but never an answered one', async () => {
    const first = request();
    await beginIdempotentRequest(db.dataSource, first);
    await releaseIdempotentRequest(db.dataSource, first);
    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toEqual({ state: 'NEW' });

    await completeIdempotentRequest(db.dataSource, { ...first, statusCode: 200, responseBody: { ok: true } });
    await releaseIdempotentRequest(db.dataSource, first);
    await expect(beginIdempotentRequest(db.dataSource, first)).resolves.toMatchObject({ state: 'REPLAY' });
  });

  it('refuses to store an answer for a key that was never begun', async () => {
    await expect(
      completeIdempotentRequest(db.dataSource, { key: 'never', principal: 'x', statusCode: 200, responseBody: {} }),
    ).rejects.toThrow('idempotency key never was never begun (or was released)');
  });
});
