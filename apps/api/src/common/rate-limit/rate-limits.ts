/**
 * The per-token rate limits of the API, as @nestjs/throttler throttlers. Each limit is "BURST at once,
 * then PER_MINUTE a minute"; the throttler counts requests in sliding windows (it keeps each request's
 * time), so a limit is two named throttlers on the same caller:
 *   - `<name>-burst`: at most BURST in any 60/PER_MINUTE seconds, the time one more request is earned,
 *     which is thus the Retry-After after a burst;
 *   - `<name>-minute`: at most max(BURST, PER_MINUTE) in any minute. Not BURST + PER_MINUTE: the burst
 *     window empties every 60/PER_MINUTE seconds (a second on /codec), and only this window keeps a
 *     client from taking a whole new burst each time (the token bucket before refilled one at a time).
 * In memory, per API process: behind several replicas each one counts on its own (a shared store would
 * be needed to hold a global limit; this one is about a runaway client or a stolen token, not billing).
 */
import type { ExecutionContext } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import type { ThrottlerOptions } from '@nestjs/throttler';
import { readSettings } from '@pathway/config';
import type { Request } from 'express';
import type { Principal } from '../../auth/principal';

export interface RateLimit {
  burst: number;
  perMinute: number;
}

export type LimitedRequest = Request & { principal?: Principal; route?: { path?: unknown } };

/** Every POST under /api/v1/pathways: the referral and each step, today's and those added later. */
const STEP_ROUTE = /^\/api\/v1\/pathways(\/|$)/;
const CODEC_ROUTE = /^\/codec(\/|$)/;

/** Which limit a request counts against, if any: only a known caller's (a 401 is never counted). */
export function limitedAs(request: LimitedRequest): 'step' | 'codec' | undefined {
  const route = request.route?.path;
  if (!request.principal || typeof route !== 'string') return undefined;
  if (request.method === 'POST' && STEP_ROUTE.test(route)) return 'step';
  if (CODEC_ROUTE.test(route)) return 'codec';
  return undefined;
}

/**
 * The two throttlers of one limit, the longest window first (TokenThrottlerGuard checks them in this
 * order, so a refusal's Retry-After is the longest wait); they count only the requests `limitedAs`
 * gives to `name`. blockDuration 0: no lock-out past the windows, and a refused request is not counted
 * by the throttler that refused it.
 */
export function throttlersOf(name: 'step' | 'codec', limit: RateLimit): ThrottlerOptions[] {
  const skipIf = (ctx: ExecutionContext) => limitedAs(ctx.switchToHttp().getRequest<LimitedRequest>()) !== name;
  return [
    { name: `${name}-minute`, limit: Math.max(limit.burst, limit.perMinute), ttl: 60_000, blockDuration: 0, skipIf },
    { name: `${name}-burst`, limit: limit.burst, ttl: Math.ceil(60_000 / limit.perMinute), blockDuration: 0, skipIf },
  ];
}

type Env = Record<string, string | undefined>;

/**
 * STEP_RATE_LIMIT_BURST (default 200) and STEP_RATE_LIMIT_PER_MINUTE (default 120; the schema of
 * @pathway/config checks both are whole numbers of at least 1): far above what a
 * person clicking through steps does, and what a batch import of referrals needs, but a bound on a
 * client looping on a step.
 */
export function stepRateLimit(env: Env = process.env): RateLimit {
  const settings = readSettings(['STEP_RATE_LIMIT_BURST', 'STEP_RATE_LIMIT_PER_MINUTE'], env);
  return { burst: settings.STEP_RATE_LIMIT_BURST, perMinute: settings.STEP_RATE_LIMIT_PER_MINUTE };
}

/**
 * CODEC_RATE_LIMIT_BURST (default 100) and CODEC_RATE_LIMIT_PER_MINUTE (default 60), per token on
 * /codec: the Web UI sends a call or two per event of the history it shows, so a person reads a few
 * histories at once, then about one a minute; a token harvesting histories is held to that.
 */
export function codecRateLimit(env: Env = process.env): RateLimit {
  const settings = readSettings(['CODEC_RATE_LIMIT_BURST', 'CODEC_RATE_LIMIT_PER_MINUTE'], env);
  return { burst: settings.CODEC_RATE_LIMIT_BURST, perMinute: settings.CODEC_RATE_LIMIT_PER_MINUTE };
}

/**
 * The limits as the API's ConfigModule serves them (ConfigType<typeof rateLimitSettings>), read through
 * the schema when the app is created: the throttler module and its guard inject them.
 */
export const rateLimitSettings = registerAs('rateLimits', () => ({ step: stepRateLimit(), codec: codecRateLimit() }));
