/** Builds the HTTP application: the same in `main.ts` and wherever the app is created for tests. */
import { BadRequestException, INestApplication, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { createLogger, Logger, telemetrySettings } from '@pathway/config';
import { AppModule } from './app.module';
import { codecCors } from './codec/codec-cors';
import { AuditTrail } from './common/audit/audit-trail';
import { IDEMPOTENCY_KEY_HEADER } from './common/idempotency/idempotency-key';
import { badRequest, FieldProblem, PROBLEM_JSON, problemOf, ProblemException } from './common/problem';
import { rejectDeepJson } from './common/json-depth';
import { rejectNulCharacters } from './common/nul-characters';
import { rejectIllFormedText } from './common/well-formed-text';
import { securityHeaders } from './common/security-headers';
import { serveWebApp } from './web/web-app';
import { httpMetrics } from './observability/api-metrics';
import { traceRequests } from './observability/request-tracing';
import { nestLoggerOf } from './common/logging/nest-logger';
import { requestLog } from './common/logging/request-log';

/** Field paths as the domain writes them: `services[0].startsAt`. */
function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${parent}[${e.property}]` : parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message: qualify(message, e.property, field) }));
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

/** class-validator names the property only ("startsAt must be ..."); name the whole path instead. */
function qualify(message: string, property: string, field: string): string {
  if (field === property) return message;
  return message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : `${field}: ${message}`;
}

/** Body-parser failures (invalid JSON, too large) as problem+json, like every other error. */
function bodyProblems(err: Error & { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  let problem;
  if (err.type === 'entity.parse.failed') problem = problemOf(badRequest('the body is not valid JSON', [{ field: 'body', message: `the body is not valid JSON: ${err.message}` }]));
  else if (err.type === 'entity.too.large') problem = problemOf(new ProblemException(413, 'Payload too large', 'the body is larger than 100 kB'));
  else if (err.status && err.status >= 400 && err.status < 500) problem = problemOf(new ProblemException(err.status, 'Invalid request', err.message));
  else return next(err);
  // For the audit trail's reason, as the problem filter does.
  res.locals.problem = problem.body;
  res.status(problem.status).type(PROBLEM_JSON).json(problem.body);
}

/** Every POST accepts an Idempotency-Key (the interceptor is global), so every POST documents it. */
function documentIdempotencyKey(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    path.post?.parameters?.push({
      name: IDEMPOTENCY_KEY_HEADER,
      in: 'header',
      required: false,
      description: 'a retry with the same key and body gets the first answer and changes nothing; another body is 422; while the first is in progress, 409',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[!-~]+$' },
    });
  }
  return document;
}

export async function createApp(logger: Logger = createLogger('api')): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.useLogger(nestLoggerOf(logger));
  // First of all: every request gets its id and, under /api and /codec, a row in the audit trail,
  // whatever refuses it later (a body too large included); then its log line, once answered.
  app.use(httpMetrics());
  app.use(app.get(AuditTrail).middleware());
  app.use(requestLog(logger));
  app.use(...securityHeaders());
  app.use('/codec', codecCors());
  serveWebApp(app);
  // Bodies are small JSON documents; anything bigger is refused with 413 before it is parsed.
  app.useBodyParser('json', { limit: '100kb' });
  // The one-click plan link's page posts a plain HTML form (no script on it).
  app.useBodyParser('urlencoded', { limit: '10kb', extended: false });
  // But one: the CSV of a territory's open cases (40,000 rows is about 10 MB; only POST /imports/pathways
  // takes text/csv, every other route refuses a body that is not its JSON document).
  app.useBodyParser('text', { type: 'text/csv', limit: '20mb' });
  app.use(bodyProblems);
  // Depth first: every check after this one may walk the body recursively.
  app.use(rejectDeepJson);
  app.use(rejectNulCharacters);
  app.use(rejectIllFormedText);
  if (telemetrySettings().otlpEndpoint) app.use(traceRequests());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors): BadRequestException => {
        const problems = fieldProblems(errors);
        return badRequest(problems.length ? problems.map((p) => p.message).join('; ') : 'the request is invalid', problems);
      },
    }),
  );
  app.enableShutdownHooks();
  const openapi = new DocumentBuilder()
    .setTitle('Care pathway orchestrator API')
    .setDescription('MAIA case management: referrals, pathway steps, supervision. Contract: docs/API.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => documentIdempotencyKey(SwaggerModule.createDocument(app, openapi)), { jsonDocumentUrl: 'docs-json' });
  return app;
}
