// The Idempotency-Key interceptor on a real PostgreSQL, behind a small controller whose effects are
// counted: what the end-to-end suites cannot force (a 5xx, a request left in progress by a dead process).
import { Body, CanActivate, Controller, ExecutionContext, HttpCode, INestApplication, Injectable, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { createHash, randomUUID } from 'node:crypto';
import { startPostgresForTests, TestDatabase } from '../../../../../libs/persistence/src/testing/test-database';
import { DATABASE } from '../../database/database.module';
import { ProblemException, ProblemFilter } from '../problem';
import { IdempotencyInterceptor } from './idempotency.interceptor';

const effects = { done: 0, failures: 0 };

@Controller('things')
class ThingsController {
  @Post()
  @HttpCode(201)
  create(@Body() body: { name: string }) {
    effects.done += 1;
    return { created: body.name, n: effects.done };
  }

  /** Fails with 503 once, then works. */
  @Post('flaky')
  @HttpCode(200)
  flaky() {
    if (effects.failures === 0) {
      effects.failures += 1;
      throw new ProblemException(503, 'Service unavailable', 'try again');
    }
    effects.done += 1;
    return { ok: true, n: effects.done };
  }
}

@Injectable()
class SomeoneGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    ctx.switchToHttp().getRequest<{ principal: unknown }>().principal = { sub: 'user-1', roles: ['intake'] };
    return true;
  }
}

let db: TestDatabase;
let app: INestApplication;
let base: string;

beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
  @Module({
    controllers: [ThingsController],
    providers: [
      { provide: DATABASE, useValue: db.dataSource },
      { provide: APP_GUARD, useClass: SomeoneGuard },
      { provide: APP_FILTER, useClass: ProblemFilter },
      { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
    ],
  })
  class TestModule {}
  app = await NestFactory.create(TestModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  base = await app.getUrl();
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.stop();
});
beforeEach(() => {
  effects.done = 0;
  effects.failures = 0;
});

async function post(path: string, key: string, body: unknown = { name: 'a' }) {
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text(), replayed: res.headers.get('idempotent-replayed') };
}

describe('IdempotencyInterceptor', () => {
  it('answers a retry with the first answer, byte for byte, without running it again', async () => {
    const key = randomUUID();
    const first = await post('/things', key);
    const second = await post('/things', key);
    expect(first).toEqual({ status: 201, text: '{"created":"a","n":1}', replayed: null });
    expect(second).toEqual({ status: 201, text: first.text, replayed: 'true' });
    expect(effects.done).toBe(1);
  });

  it('releases the key on a 5xx answer, so the retry runs', async () => {
    const key = randomUUID();
    expect((await post('/things/flaky', key)).status).toBe(503);
    const retry = await post('/things/flaky', key);
    expect(retry).toMatchObject({ status: 200, text: '{"ok":true,"n":1}', replayed: null });
    expect((await post('/things/flaky', key)).replayed).toBe('true');
    expect(effects.done).toBe(1);
  });

  it('answers 409 while the first request is in progress, and takes over a key left in progress for too long', async () => {
    const key = randomUUID();
    const body = { name: 'b' };
    const hashOfB = createHash('sha256').update('{"name":"b"}').digest('hex');
    // A first request whose process died after claiming the key: claimed, never answered.
    const claim = (age: string) =>
      db.dataSource.query(
        `INSERT INTO idempotency_records (key, principal, method, path, request_hash, created_at)
         VALUES ($1, 'user-1', 'POST', '/things', $2, now() - $3::interval)
         ON CONFLICT (key, principal) DO UPDATE SET created_at = EXCLUDED.created_at`,
        [key, hashOfB, age],
      );
    await claim('1 second');
    const busy = await post('/things', key, body);
    expect(busy.status).toBe(409);
    expect(JSON.parse(busy.text).detail).toMatch(/still being processed/);
    expect(effects.done).toBe(0);

    await claim('10 minutes');
    const takenOver = await post('/things', key, body);
    expect(takenOver).toMatchObject({ status: 201, text: '{"created":"b","n":1}' });
    expect((await post('/things', key, body)).replayed).toBe('true');
  });

  it('refuses the same key with another body (422) and leaves requests without a key alone', async () => {
    const key = randomUUID();
    await post('/things', key, { name: 'c' });
    const other = await post('/things', key, { name: 'd' });
    expect(other.status).toBe(422);
    const plain = await fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"name":"e"}' });
    expect(plain.status).toBe(201);
    expect(effects.done).toBe(2);
  });
});
