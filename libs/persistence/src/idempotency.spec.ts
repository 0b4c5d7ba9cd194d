import { randomUUID } from 'node:crypto';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IdempotentRequest,
  purgeIdempotencyRecords,
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

  it('purges answers older than the retention and claims abandoned for an hour; a retry within it still gets the first answer', async () => {
    const HOUR = 3_600_000;
    const [old, abandoned, inFlight, recent] = [request(), request(), request(), request()];
    for (const r of [old, abandoned, inFlight, recent]) await beginIdempotentRequest(db.dataSource, r);
    await completeIdempotentRequest(db.dataSource, { ...old, statusCode: 201, responseBody: { patient: 'Jeanne Martin' } });
    await completeIdempotentRequest(db.dataSource, { ...recent, statusCode: 201, responseBody: { patient: 'Paul Durand' } });
    const age = (key: string, column: 'created_at' | 'completed_at', interval: string) =>
      db.dataSource.query(`UPDATE idempotency_records SET ${column} = now() - $2::interval WHERE key = $1`, [key, interval]);
    await age(old.key, 'created_at', '25 hours');
    await age(old.key, 'completed_at', '25 hours');
    await age(abandoned.key, 'created_at', '25 hours'); // begun, never answered
    await age(inFlight.key, 'created_at', '10 seconds'); // begun, not answered yet: a slow request
    const left = async () =>
      ((await db.dataSource.query(`SELECT key FROM idempotency_records WHERE key = ANY($1)`, [[old.key, abandoned.key, inFlight.key, recent.key]])) as { key: string }[])
        .map((row) => row.key)
        .sort();

    expect(await purgeIdempotencyRecords(db.dataSource, 24 * HOUR)).toBe(2); // other tests' records are all recent
    expect(await left()).toEqual([inFlight.key, recent.key].sort());
    await expect(beginIdempotentRequest(db.dataSource, recent)).resolves.toEqual({ state: 'REPLAY', statusCode: 201, responseBody: { patient: 'Paul Durand' } });

    // Under a one-second retention an answer 5 s old goes, but a claim 10 s old is still someone's request.
    await age(recent.key, 'completed_at', '5 seconds');
    await purgeIdempotencyRecords(db.dataSource, 1000);
    expect(await left()).toEqual([inFlight.key]);
    // Past its retention a key is simply new again: nothing of the first answer is left to replay.
    await expect(beginIdempotentRequest(db.dataSource, old)).resolves.toEqual({ state: 'NEW' });
  });
});
