import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../../auth/principal';
import { ProblemException } from '../problem';
import { stepRateLimit, TokenBuckets } from './token-buckets';

/** Every POST under /api/v1/pathways: the referral and each step, today's and those added later. */
const STEP_ROUTE = /^\/api\/v1\/pathways(\/|$)/;

/**
 * Rate limit per token (`sub`) on the step endpoints: 429 with Retry-After past the limit. Runs after
 * AuthGuard (it needs the caller) and before the access guard (a refused request costs no database read).
 */
@Injectable()
export class StepRateLimitGuard implements CanActivate {
  private readonly buckets = new TokenBuckets(stepRateLimit());

  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<Request & { principal?: Principal; route?: { path?: unknown } }>();
    const route = request.route?.path;
    if (request.method !== 'POST' || typeof route !== 'string' || !STEP_ROUTE.test(route) || !request.principal) return true;
    const take = this.buckets.take(request.principal.sub);
    if (take.allowed) return true;
    const { burst, perMinute } = this.buckets.limit;
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(take.retryAfterSeconds));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'Too many requests',
      `too many steps from this token: at most ${burst} at once, then ${perMinute} a minute; retry in ${take.retryAfterSeconds} s`,
      { retryAfter: take.retryAfterSeconds },
    );
  }
}
