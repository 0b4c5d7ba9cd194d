import { ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { Response } from 'express';
import { ProblemException } from '../problem';
import { LimitedRequest, limitedAs, rateLimitSettings } from './rate-limits';

const WHAT = { step: 'steps', codec: 'codec calls' } as const;

/**
 * @nestjs/throttler's guard, per token (`sub`) rather than per IP: callers behind one NAT (a hospital)
 * are not one caller, and a stolen token is held back wherever it is used from. Runs after AuthGuard
 * (it needs the caller) and before the access guard of a route (a refused request costs no database
 * read, and no decryption on /codec). Past a limit: 429 problem with Retry-After.
 */
@Injectable()
export class TokenThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(rateLimitSettings.KEY) private readonly limits: ConfigType<typeof rateLimitSettings>,
  ) {
    super(options, storage, reflector);
  }

  /**
   * The throttler checks its throttlers shortest window first and stops at the first refusal: a burst
   * refused while the minute is also spent would say "retry in 1 s" and be refused again then. Longest
   * first, Retry-After is the real wait (a request the burst window refuses is then counted by the
   * minute window, which had room for it).
   */
  override async onModuleInit(): Promise<void> {
    await super.onModuleInit();
    this.throttlers.sort((a, b) => (b.ttl as number) - (a.ttl as number));
  }

  protected override getTracker(req: Partial<LimitedRequest>): Promise<string> {
    return Promise.resolve(req.principal?.sub ?? '');
  }

  /** One count per caller across every route of a limit (the default key is per handler). */
  protected override generateKey(_ctx: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  protected override throwThrottlingException(ctx: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const kind = limitedAs(ctx.switchToHttp().getRequest<LimitedRequest>()) ?? 'step';
    const { burst, perMinute } = this.limits[kind];
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    // The throttler would name the header after the throttler (Retry-After-step-burst); clients read Retry-After.
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new ProblemException(
      HttpStatus.TOO_MANY_REQUESTS,
      'Too many requests',
      `too many ${WHAT[kind]} from this token: at most ${burst} at once, then ${perMinute} a minute; retry in ${retryAfter} s`,
      { retryAfter },
    );
  }
}
