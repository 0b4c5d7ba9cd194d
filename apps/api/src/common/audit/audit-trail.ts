/**
 * The audit trail (issue 7): every request that reads patient data or takes a step — everything under
 * /api and /codec — leaves one row in `audit_events`: who (sub, roles, territory), when, which pathway,
 * what (method, route template, handler), the outcome and its status, and the request id the answer
 * carries in X-Request-Id. Refusals are recorded like the rest: 401, 403, 429, and a 404 for a
 * pathway that exists but is outside the caller's reach are `denied`.
 *
 * In one place, two moments:
 * - a successful answer is recorded before it leaves (`AuditInterceptor`): if the row cannot be
 *   written, nothing is disclosed and the caller gets 503;
 * - anything else (a guard's refusal, a rejected step, a body too large, an unknown route) is recorded
 *   as its answer is sent (`middleware()`), since it disclosed nothing.
 */
import { CallHandler, ExecutionContext, HttpStatus, Inject, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { concatMap, from, Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditOutcome, NewAuditEvent, pathwayExists, recordAuditEvent } from '@pathway/persistence';
import { bearerTokenOf, Principal, principalOf } from '../../auth/principal';
import { TokenVerifier } from '../../auth/token-verifier';
import { DATABASE } from '../../database/database.module';
import { ProblemException } from '../problem';
import { AuditedRequest } from './audit-context';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const REQUEST_ID = /^[\w.:-]{1,100}$/;
const AUDITED = /^\/(api|codec|fhir)(\/|$)/;
const PATHWAY_ROUTE = /^\/api\/v1\/pathways\/:id(\/|$)/;
const PATHWAY_IN_PATH = /^\/api\/v1\/pathways\/([0-9a-f-]{36})(\/|$)/i;

/** What the problem filter answered (common/problem.ts keeps it in `res.locals.problem`). */
type AnsweredProblem = { title?: unknown; detail?: unknown; reason?: unknown; errors?: { field?: unknown }[] };

@Injectable()
export class AuditTrail {
  private readonly logger = new Logger('AuditTrail');

  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly verifier: TokenVerifier,
  ) {}

  /** Express middleware, mounted first: gives the request its id and records what the interceptor did not. */
  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const path = req.originalUrl.split('?')[0];
      const incoming = req.headers[REQUEST_ID_HEADER.toLowerCase()];
      const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader(REQUEST_ID_HEADER, requestId);
      if (!AUDITED.test(path) || req.method === 'OPTIONS') return next();
      const request = req as AuditedRequest;
      request.audit = { requestId };
      // Hooked on end() rather than the 'finish' event: an answer is recorded even when the client has
      // already gone (a step that failed after its caller hung up never emits 'finish').
      const end = res.end.bind(res);
      res.end = ((...args: Parameters<Response['end']>) => {
        if (!request.audit?.recorded) {
          void this.eventOf(request, res.statusCode, undefined, res.locals.problem as AnsweredProblem | undefined)
            .then((event) => this.write(event))
            .catch((err: Error) => this.logger.error(`audit event of request ${requestId} lost: ${err.message}`));
        }
        return end(...args);
      }) as Response['end'];
      next();
    };
  }

  /** Records a successful answer before it is sent; throws when it cannot (nothing is disclosed unrecorded). */
  async recordAnswer(request: AuditedRequest, status: number, body: unknown): Promise<void> {
    if (!request.audit || request.audit.recorded) return;
    try {
      await this.write(await this.eventOf(request, status, body));
    } catch (err) {
      this.logger.error(`audit event of request ${request.audit.requestId} not written; the answer is withheld: ${(err as Error).message}`);
      throw err;
    }
  }

  private async write(event: NewAuditEvent): Promise<void> {
    await recordAuditEvent(this.db, event);
  }

  private async eventOf(request: AuditedRequest, status: number, body?: unknown, problem?: AnsweredProblem): Promise<NewAuditEvent> {
    const audit = request.audit as NonNullable<AuditedRequest['audit']>;
    audit.recorded = true;
    const path = request.originalUrl.split('?')[0];
    const route = audit.route ?? path.slice(0, 200);
    const noted = audit.pathways ?? [];
    const pathwayId = audit.pathwayId ?? (noted.length === 1 ? noted[0] : noted.length === 0 ? pathwayOf(request, route, path, body) : null);
    audit.about = pathwayId ?? undefined;
    const outOfReach = status === HttpStatus.NOT_FOUND && (audit.outOfReach === true || (pathwayId !== null && (await pathwayExists(this.db, pathwayId))));
    const outcome: AuditOutcome =
      status < 400 ? 'allowed' : status === 401 || status === 403 || status === 429 || outOfReach ? 'denied' : 'failed';
    const principal = request.principal ?? (await this.callerOfToken(request));
    return {
      requestId: audit.requestId,
      actor: principal?.sub ?? null,
      roles: principal?.roles ?? [],
      territory: principal?.territory ?? null,
      pathwayId,
      method: request.method,
      route,
      action: audit.action ?? null,
      outcome,
      status,
      reason: outOfReach ? (audit.outOfReach ? "the record is outside the caller's reach" : "the pathway is outside the caller's reach") : reasonOf(status, problem),
      clientIp: request.ip ?? null,
      details: audit.details ?? (audit.listed ? (audit.listed.length ? { listed: audit.listed } : null) : detailsOf(route, request.body, body, noted)),
    };
  }

  /**
   * The caller of a request answered before AuthGuard ran (a body too large or not JSON, a NUL in the
   * path, an unknown route, a failure in a middleware): its token verified here, so the row still says
   * who it was when the token is valid. An invalid token names no one.
   */
  private async callerOfToken(request: AuditedRequest): Promise<Principal | undefined> {
    const bearer = bearerTokenOf(request.headers.authorization);
    if (!bearer) return undefined;
    try {
      return principalOf(await this.verifier.verify(bearer), this.verifier.mode);
    } catch {
      return undefined;
    }
  }
}

/** The pathway a request is about: its path's `:id`, a `pathwayId` filter, or the referral's new id. */
function pathwayOf(request: Request, route: string, path: string, body: unknown): string | null {
  if (PATHWAY_ROUTE.test(route)) return String(request.params.id ?? '') || null;
  if (typeof request.query.pathwayId === 'string') return request.query.pathwayId;
  if (route === '/api/v1/pathways' && request.method === 'POST') {
    const id = (body as { id?: unknown } | undefined)?.id;
    return typeof id === 'string' ? id : null;
  }
  return PATHWAY_IN_PATH.exec(path)?.[1] ?? null;
}

/**
 * Why it was refused or failed, in the API's own words only: the trail says who touched what, never
 * what the record says, and some answers echo the input (a 400's field values, a 409 naming the
 * patient's external id). So: a refusal's detail (our fixed texts), a rejected step's rule, the fields
 * of a 400, otherwise the problem's title.
 */
function reasonOf(status: number, problem?: AnsweredProblem): string | null {
  if (status < 400) return null;
  const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 300) : null);
  if (status === HttpStatus.BAD_REQUEST) {
    const fields = [...new Set((problem?.errors ?? []).map((e) => String(e.field)))];
    return (fields.length ? `invalid input: ${fields.join(', ')}` : 'invalid input').slice(0, 300);
  }
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return 'body too large';
  if ([401, 403, 429].includes(status)) return text(problem?.detail);
  if (status === HttpStatus.CONFLICT && problem?.title === 'Step not allowed') return text(problem.reason) ?? text(problem.title);
  return text(problem?.title);
}

/**
 * For lists, which pathways were shown (whose patient data left); for the codec, how many payloads and
 * which pathways they belong to (`listed`, so "who saw this pathway" finds a decode of several).
 */
function detailsOf(route: string, requestBody: unknown, body: unknown, noted: string[]): Record<string, unknown> | null {
  if (route.startsWith('/codec')) {
    const payloads = (requestBody as { payloads?: unknown } | undefined)?.payloads;
    return { payloads: Array.isArray(payloads) ? payloads.length : 0, ...(noted.length ? { listed: noted } : {}) };
  }
  const items = Array.isArray(body) ? body : Array.isArray((body as { items?: unknown } | undefined)?.items) ? (body as { items: unknown[] }).items : undefined;
  if (!items) return null;
  const listed = new Set<string>();
  for (const item of items as { id?: unknown; pathwayId?: unknown }[]) {
    const id = route.startsWith('/api/v1/pathways') && !route.includes(':id') ? item?.id : item?.pathwayId;
    if (typeof id === 'string') listed.add(id);
  }
  return listed.size ? { listed: [...listed] } : null;
}

/** Records successful answers before they are sent (see the top of this file). */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly trail: AuditTrail,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = ctx.switchToHttp().getRequest<AuditedRequest>();
    if (!request.audit) return next.handle();
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (request.method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
    return next.handle().pipe(
      concatMap((body) =>
        from(
          this.trail.recordAnswer(request, status, body).then(
            () => body,
            (err: Error) => {
              throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', `the access could not be recorded in the audit trail, so nothing was disclosed; retry (${err.name})`);
            },
          ),
        ),
      ),
    );
  }
}
