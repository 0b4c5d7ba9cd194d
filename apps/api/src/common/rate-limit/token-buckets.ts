/**
 * One token bucket per key: `burst` requests at once, refilled at `perMinute`. In memory, per API
 * process: behind several replicas each one counts on its own (a shared store would be needed to hold
 * a global limit; this one is about a runaway client or a stolen token, not billing).
 */
import { SettingsError } from '@pathway/config';

export interface RateLimit {
  burst: number;
  perMinute: number;
}

export type Take = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Buckets kept before full (idle) ones are dropped. */
const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly limit: RateLimit) {}

  take(key: string, now = Date.now()): Take {
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 60_000) * this.limit.perMinute);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (this.buckets.size > PRUNE_ABOVE) this.prune(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60) / this.limit.perMinute)) };
  }

  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 60_000) * this.limit.perMinute >= this.limit.burst) this.buckets.delete(key);
    }
  }
}

type Env = Record<string, string | undefined>;

/**
 * STEP_RATE_LIMIT_BURST (default 200) and STEP_RATE_LIMIT_PER_MINUTE (default 120): far above what a
 * person clicking through steps does, and what a batch import of referrals needs, but a bound on a
 * client looping on a step.
 */
export function stepRateLimit(env: Env = process.env): RateLimit {
  return { burst: readLimit(env, 'STEP_RATE_LIMIT_BURST', 200), perMinute: readLimit(env, 'STEP_RATE_LIMIT_PER_MINUTE', 120) };
}

/**
 * CODEC_RATE_LIMIT_BURST (default 100) and CODEC_RATE_LIMIT_PER_MINUTE (default 60), per token on
 * /codec: the Web UI sends a call or two per event of the history it shows, so a person reads a few
 * histories at once, then about one a minute; a token harvesting histories is held to that.
 */
export function codecRateLimit(env: Env = process.env): RateLimit {
  return { burst: readLimit(env, 'CODEC_RATE_LIMIT_BURST', 100), perMinute: readLimit(env, 'CODEC_RATE_LIMIT_PER_MINUTE', 60) };
}

function readLimit(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new SettingsError(`${name} must be a whole number of at least 1, got "${raw}"`);
  return value;
}
