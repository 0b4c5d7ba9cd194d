/**
 * Errors as application/problem+json (RFC 9457): `type`, `title`, `status`, `detail`, and for
 * validation errors an `errors` list naming each bad field. Never a stack trace or SQL.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { operationOutcome } from '../fhir/bundle';
import { FHIR_JSON } from '../fhir/resources';

export interface FieldProblem {
  field: string;
  message: string;
}

export const PROBLEM_JSON = 'application/problem+json';

/** Where problem types live: `${PROBLEM_TYPE_BASE}${status}` for a generic one, or a named type below. */
export const PROBLEM_TYPE_BASE = 'https://care-pathway.example/problems/';

/**
 * The problems a client acts on differently from others of the same status get a `type` of their own
 * (RFC 9457 §3.1.1), so a client recognises them without parsing the English `title` or `detail`.
 */
export const PROBLEM_TYPES = {
  /** 409 on an assignment: the chosen case manager holds as many pathways as their capacity. */
  caseloadFull: `${PROBLEM_TYPE_BASE}caseload-full`,
} as const;

export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
    /** A problem type URI of PROBLEM_TYPES; absent: the generic type of the status. */
    readonly type?: string,
  ) {
    super({ title, detail, ...extra }, status);
    this.message = detail;
  }
}

export function badRequest(detail: string, errors: FieldProblem[]): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid request', detail, { errors });
}

export function notFound(detail: string): ProblemException {
  return new ProblemException(HttpStatus.NOT_FOUND, 'Not found', detail);
}

export function forbidden(detail: string): ProblemException {
  return new ProblemException(HttpStatus.FORBIDDEN, 'Forbidden', detail);
}

/**
 * An answer given before, sent again byte for byte (a request retried with its Idempotency-Key).
 * Thrown rather than returned because Nest would otherwise impose the route's own status code.
 */
export class ReplayedAnswer {
  constructor(
    readonly status: number,
    /** The JSON text of the first answer. */
    readonly body: string,
  ) {}
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  503: 'Service unavailable',
};

export interface Problem {
  status: number;
  body: { type: string; status: number; title: string; detail: string; [extra: string]: unknown };
}

/**
 * The database could not be reached (refused, reset, timed out: a Node system error), or PostgreSQL is
 * shutting down or starting (SQLSTATE 57P01-57P03) or lost the connection (class 08). The API reaches
 * no other service over a plain socket (Temporal errors are gRPC, common/temporal-errors.ts), so this
 * is the database being down: the request may succeed later, which is a 503, not an internal error.
 */
function isDatabaseUnavailable(exception: unknown): boolean {
  // TypeORM wraps the driver's error (QueryFailedError.driverError); a pool connect fails unwrapped.
  const error = exception as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = error?.code ?? error?.driverError?.code;
  if (typeof code !== 'string') return false;
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03'].includes(code) || code.startsWith('08');
}

/** The problem document for anything thrown; unexpected errors become an opaque 500. */
export function problemOf(exception: unknown): Problem {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let type: string | undefined;
  let fields: { title: string; detail: string; [extra: string]: unknown } = {
    title: 'Internal error',
    detail: 'an unexpected error occurred; it has been logged',
  };
  if (exception instanceof ProblemException) {
    status = exception.getStatus();
    type = exception.type;
    fields = { title: exception.title, detail: exception.detail, ...exception.extra };
  } else if (exception instanceof HttpException) {
    status = exception.getStatus();
    const response = exception.getResponse();
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    fields = { title: TITLES[status] ?? exception.name, detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) };
  } else if (isDatabaseUnavailable(exception)) {
    status = HttpStatus.SERVICE_UNAVAILABLE;
    fields = { title: TITLES[status], detail: 'the database is unavailable; retry later' };
  }
  const { title, detail, ...extra } = fields;
  // The RFC's members come first and cannot be overridden by an extension member of the same name.
  const extensions = Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'type' && key !== 'status'));
  return { status, body: { type: type ?? `${PROBLEM_TYPE_BASE}${status}`, title, status, detail, ...extensions } };
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof ReplayedAnswer) {
      res
        .status(exception.status)
        .type(exception.status >= 400 ? PROBLEM_JSON : 'application/json')
        .setHeader('Idempotent-Replayed', 'true')
        .send(exception.body);
      return;
    }
    const problem = problemOf(exception);
    if (problem.status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    // The audit trail records why a request was refused or failed (common/audit/audit-trail.ts).
    res.locals.problem = problem.body;
    // FHIR clients read errors as OperationOutcome, with the same status and words.
    if (/^\/fhir(\/|$)/.test(host.switchToHttp().getRequest<Request>().originalUrl)) {
      res.status(problem.status).type(FHIR_JSON).json(operationOutcome(problem.body));
      return;
    }
    res.status(problem.status).type(PROBLEM_JSON).json(problem.body);
  }
}
