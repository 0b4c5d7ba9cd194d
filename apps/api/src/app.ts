/** Builds the HTTP application: the same in `main.ts` and wherever the app is created for tests. */
import { BadRequestException, INestApplication, ValidationError, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { badRequest, FieldProblem } from './common/problem';

function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(e.children ?? [], field)];
  });
}

export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  app.use(helmet());
  // Bodies are small JSON documents; anything bigger is refused with 413 before it is parsed.
  app.useBodyParser('json', { limit: '100kb' });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors): BadRequestException => badRequest('the request body is invalid', fieldProblems(errors)),
    }),
  );
  app.enableShutdownHooks();
  const openapi = new DocumentBuilder()
    .setTitle('Care pathway orchestrator API')
    .setDescription('MAIA case management: referrals, pathway steps, supervision. Contract: docs/API.md.')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, openapi), { jsonDocumentUrl: 'docs-json' });
  return app;
}
