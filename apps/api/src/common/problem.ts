/**
 * Errors as application/problem+json (RFC 9457): `type`, `title`, `status`, `detail`, and for
 * validation errors an `errors` list naming each bad field. Never a stack trace or SQL.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly title: string,
    readonly detail: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super({ title, detail, ...extra }, status);
  }
}

export function badRequest(detail: string, errors: FieldProblem[]): ProblemException {
  return new ProblemException(HttpStatus.BAD_REQUEST, 'Invalid request', detail, { errors });
}

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  422: 'Unprocessable request',
  429: 'Too many requests',
  503: 'Service unavailable',
};

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let status = HttpStatus.INTERNAL_SERVER_ERROR;
    let body: Record<string, unknown> = { title: 'Internal error', detail: 'an unexpected error occurred; it has been logged' };
    if (exception instanceof ProblemException) {
      status = exception.getStatus();
      body = { title: exception.title, detail: exception.detail, ...exception.extra };
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
      body = { title: TITLES[status] ?? exception.name, detail: Array.isArray(message) ? message.join('; ') : String(message ?? exception.message) };
    } else {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    res
      .status(status)
      .type('application/problem+json')
      .json({ type: `https://care-pathway.example/problems/${status}`, status, ...body });
  }
}
