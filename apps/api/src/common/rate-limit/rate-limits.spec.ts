import { ThrottlerStorageService } from '@nestjs/throttler';
import { SettingsError } from '@pathway/config';
import { codecRateLimit, stepRateLimit, throttlersOf } from './rate-limits';

/** One request through a limit's throttlers as the guard runs them (longest window first), on the real storage. */
async function take(storage: ThrottlerStorageService, caller: string, limit = { burst: 3, perMinute: 6 }) {
  for (const t of throttlersOf('step', limit)) {
    const r = await storage.increment(`${t.name}:${caller}`, t.ttl as number, t.limit as number, t.blockDuration as number, t.name as string);
    if (r.isBlocked) return { allowed: false, retryAfterSeconds: r.timeToBlockExpire };
  }
  return { allowed: true };
}

describe('a rate limit as @nestjs/throttler throttlers', () => {
  let storage: ThrottlerStorageService;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    storage = new ThrottlerStorageService();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('lets a burst through, then refuses with the seconds until the next request is earned', async () => {
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push((await take(storage, 'cm-1')).allowed);
    expect(answers).toEqual([true, true, true]);
    expect(await take(storage, 'cm-1')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    jest.advanceTimersByTime(4_000);
    expect(await take(storage, 'cm-1')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    jest.advanceTimersByTime(6_000);
    expect(await take(storage, 'cm-1')).toEqual({ allowed: true });
  });

  it('counts each caller on their own', async () => {
    const one = { burst: 1, perMinute: 1 };
    expect((await take(storage, 'cm-1', one)).allowed).toBe(true);
    expect((await take(storage, 'cm-1', one)).allowed).toBe(false);
    expect((await take(storage, 'cm-2', one)).allowed).toBe(true);
  });

  it('holds a caller to max(burst, per minute) in any minute, however the requests are spread', async () => {
    let allowed = 0;
    for (let second = 0; second < 60; second += 10) {
      // A whole burst every time the burst window has emptied: the minute's window stops it at 6.
      for (let i = 0; i < 3; i += 1) if ((await take(storage, 'cm-1')).allowed) allowed += 1;
      jest.advanceTimersByTime(10_000);
    }
    expect(allowed).toBe(6);
    const codec = { burst: 100, perMinute: 60 };
    let passed = 0;
    for (let i = 0; i < 130; i += 1) {
      if ((await take(storage, 'harvester', codec)).allowed) passed += 1;
      jest.advanceTimersByTime(50); // 130 calls over 6.5 s: past the burst window many times over
    }
    expect(passed).toBe(100);
  });

  it('tells the longest wait when both windows are spent', async () => {
    const codec = { burst: 100, perMinute: 60 };
    for (let i = 0; i < 100; i += 1) await take(storage, 'harvester', codec);
    expect(await take(storage, 'harvester', codec)).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});

describe('the step rate limit settings', () => {
  it('default to 200 at once and 120 a minute; are read from the environment', () => {
    expect(stepRateLimit({})).toEqual({ burst: 200, perMinute: 120 });
    expect(stepRateLimit({ STEP_RATE_LIMIT_BURST: '3', STEP_RATE_LIMIT_PER_MINUTE: '6' })).toEqual({ burst: 3, perMinute: 6 });
  });

  it('refuse a value that is not a whole number of at least 1', () => {
    expect(() => stepRateLimit({ STEP_RATE_LIMIT_BURST: '0' })).toThrow(SettingsError);
    expect(() => stepRateLimit({ STEP_RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/STEP_RATE_LIMIT_PER_MINUTE must be a whole number/);
  });

  it('of the codec endpoint are its own, 100 at once then 60 a minute by default', () => {
    expect(codecRateLimit({ STEP_RATE_LIMIT_BURST: '3' })).toEqual({ burst: 100, perMinute: 60 });
    expect(codecRateLimit({ CODEC_RATE_LIMIT_BURST: '5', CODEC_RATE_LIMIT_PER_MINUTE: '2' })).toEqual({ burst: 5, perMinute: 2 });
    expect(() => codecRateLimit({ CODEC_RATE_LIMIT_BURST: '-1' })).toThrow(/CODEC_RATE_LIMIT_BURST must be a whole number/);
  });
});
