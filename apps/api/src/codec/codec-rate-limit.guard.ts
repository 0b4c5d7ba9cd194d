import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import { ProblemException } from '../common/problem';
import { codecRateLimit, TokenBuckets } from '../common/rate-limit/token-buckets';

/**
 * Rate limit per token (`sub`) on /codec: every decode can disclose a history's health data, so a
 * stolen or scripted token cannot page through histories faster than a person reads them. 429 with
 * Retry-After past the limit. Runs after AuthGuard (it needs the caller), before any decryption.
 */
@Injectable()
export class CodecRateLimitGuard implements CanActivate {
  private readonly buckets = new TokenBuckets(codecRateLimit());

  canActivate(ctx: ExecutionContext): boolean {
    const request = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    if (!request.principal) return true;
    const take = this.buckets.take(request.principal.sub);
    if (take.allowed) return true;
    const { burst, perMinute } = this.buckets.limit;
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(take.retryAfterSeconds));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'Too many requests',
      `too many codec calls from this token: at most ${burst} at once, then ${perMinute} a minute; retry in ${take.retryAfterSeconds} s`,
      { retryAfter: take.retryAfterSeconds },
    );
  }
}
