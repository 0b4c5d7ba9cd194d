/**
 * `Idempotency-Key` on every POST (API.md), over the idempotency records in PostgreSQL:
 * - first time: the request runs and its answer (status and body, 4xx included) is stored;
 * - same key, same request again: the stored answer, byte for byte, and nothing changes;
 * - same key, another request (method, path or body): 422;
 * - same key while the first is still running: 409 with Retry-After;
 * - a 5xx answer releases the key, so a retry runs again.
 * A key left in progress by a process that died is taken over after STALE_AFTER_MS; that is safe
 * because what a POST does is itself keyed (the step's Temporal update id, the referral's workflow id).
 * Guards run before this interceptor: a request refused for its token never claims a key.
 */
import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { catchError, concatMap, from, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import {
  beginIdempotentRequest,
  completeIdempotentRequest,
  IdempotentRequest,
  reclaimStaleIdempotentRequest,
  releaseIdempotentRequest,
} from '@pathway/persistence';
import type { Principal } from '../../auth/principal';
import { DATABASE } from '../../database/database.module';
import { problemOf, ProblemException, ReplayedAnswer } from '../problem';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeyOf } from './idempotency-key';

/** Longer than any request takes (a step waits for the workflow; the HTTP server times out first). */
export const STALE_AFTER_MS = 5 * 60_000;

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly reflector: Reflector,
  ) {}

  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = ctx.switchToHttp();
    const request = http.getRequest<Request & { principal?: Principal }>();
    if (request.method !== 'POST' || !request.principal) return next.handle();
    const key = idempotencyKeyOf(request);
    if (key === undefined) return next.handle();

    const claim: IdempotentRequest = {
      key,
      principal: request.principal.sub,
      method: request.method,
      path: request.originalUrl,
      requestHash: hashOf(request.body),
    };
    let begun = await beginIdempotentRequest(this.db, claim);
    if (begun.state === 'IN_PROGRESS' && (await reclaimStaleIdempotentRequest(this.db, { ...claim, staleAfterMs: STALE_AFTER_MS }))) {
      begun = { state: 'NEW' };
    }
    switch (begun.state) {
      case 'REPLAY':
        throw new ReplayedAnswer(begun.statusCode, typeof begun.responseBody === 'string' ? begun.responseBody : JSON.stringify(begun.responseBody));
      case 'MISMATCH':
        throw new ProblemException(
          HttpStatus.UNPROCESSABLE_ENTITY,
          'Idempotency-Key reused',
          `${IDEMPOTENCY_KEY_HEADER} "${key}" was first used for a different request (method, path or body); a new request needs a new key`,
        );
      case 'IN_PROGRESS':
        http.getResponse<Response>().setHeader('Retry-After', '1');
        throw new ProblemException(
          HttpStatus.CONFLICT,
          'Request in progress',
          `a request with ${IDEMPOTENCY_KEY_HEADER} "${key}" is still being processed; retry once it has been answered to get its answer`,
        );
      case 'NEW':
        break;
    }

    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? HttpStatus.CREATED;
    const answered = { key: claim.key, principal: claim.principal };
    return next.handle().pipe(
      // The answer is stored as its JSON text (a jsonb string): jsonb would reorder the keys of an
      // object, and a replay must be the first answer byte for byte.
      concatMap((body) => from(completeIdempotentRequest(this.db, { ...answered, statusCode: status, responseBody: JSON.stringify(body) }).then(() => body))),
      catchError((err: unknown) =>
        from(
          (async () => {
            const problem = problemOf(err);
            if (problem.status >= 500) await releaseIdempotentRequest(this.db, answered);
            else await completeIdempotentRequest(this.db, { ...answered, statusCode: problem.status, responseBody: JSON.stringify(problem.body) });
            throw err;
          })(),
        ),
      ),
    );
  }
}

/** A hash of the body that ignores the order of object keys (the same JSON document, the same hash). */
function hashOf(body: unknown): string {
  return createHash('sha256').update(canonical(body ?? null)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
