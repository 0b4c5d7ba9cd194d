import { SettingsError } from '@pathway/config';
import { codecRateLimit, stepRateLimit, TokenBuckets } from './token-buckets';

describe('a token bucket per caller', () => {
  const t0 = 1_000_000;

  it('lets a burst through, then refuses with the seconds until the next token', () => {
    const buckets = new TokenBuckets({ burst: 3, perMinute: 6 }); // a token every 10 s
    expect([1, 2, 3].map(() => buckets.take('cm-1', t0).allowed)).toEqual([true, true, true]);
    expect(buckets.take('cm-1', t0)).toEqual({ allowed: false, retryAfterSeconds: 10 });
    expect(buckets.take('cm-1', t0 + 4_000)).toEqual({ allowed: false, retryAfterSeconds: 6 });
    expect(buckets.take('cm-1', t0 + 10_000)).toEqual({ allowed: true });
  });

  it('counts each caller on their own', () => {
    const buckets = new TokenBuckets({ burst: 1, perMinute: 1 });
    expect(buckets.take('cm-1', t0).allowed).toBe(true);
    expect(buckets.take('cm-1', t0).allowed).toBe(false);
    expect(buckets.take('cm-2', t0).allowed).toBe(true);
  });

  it('never holds more than the burst, however long the caller was idle', () => {
    const buckets = new TokenBuckets({ burst: 2, perMinute: 60 });
    buckets.take('cm-1', t0);
    const later = t0 + 3_600_000;
    expect([1, 2, 3].map(() => buckets.take('cm-1', later).allowed)).toEqual([true, true, false]);
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
