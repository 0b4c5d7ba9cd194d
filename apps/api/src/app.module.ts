import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import { AuthGuard } from './auth/auth.guard';
import { AuthModule } from './auth/auth.module';
import { AuthConfigController } from './auth/auth-config.controller';
import { DemoUsersController } from './auth/demo-users.controller';
import { CaseManagersModule } from './case-managers/case-managers.module';
import { CodecModule } from './codec/codec.module';
import { AccessModule } from './common/access/access.module';
import { AuditModule } from './common/audit/audit.module';
import { IdempotencyInterceptor } from './common/idempotency/idempotency.interceptor';
import { ProblemFilter } from './common/problem';
import { rateLimitSettings, throttlersOf } from './common/rate-limit/rate-limits';
import { TokenThrottlerGuard } from './common/rate-limit/token-throttler.guard';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { ExportsModule } from './exports/exports.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthController } from './health/health.controller';
import { CaseImportModule } from './imports/case-import.module';
import { PathwaysModule } from './pathways/pathways.module';
import { PlanPdfModule } from './plan-pdf/plan-pdf.module';
import { PlanLinksModule } from './plan-links/plan-links.module';
import { RemindersModule } from './reminders/reminders.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';
import { TerritoriesModule } from './territories/territories.module';
import { WorkAheadModule } from './work-ahead/work-ahead.module';

@Module({
  imports: [
    // Settings through the schema of @pathway/config, as `load` factories: they run when the app is
    // created, inside runMain (a refusal is one line), where `validate` would run on import and write
    // its parsed values (numbers, milliseconds) back into process.env. The environment is the only
    // source (no .env file), and a namespace's value is never shadowed by process.env's raw string.
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [rateLimitSettings] }),
    // setHeaders off: no X-RateLimit-* headers; the guard sets Retry-After itself on a 429.
    ThrottlerModule.forRootAsync({
      inject: [rateLimitSettings.KEY],
      useFactory: (limits: ConfigType<typeof rateLimitSettings>) => ({ throttlers: [...throttlersOf('step', limits.step), ...throttlersOf('codec', limits.codec)], setHeaders: false }),
    }),
    DatabaseModule, TemporalModule, AuthModule, AuditModule, AccessModule, PathwaysModule, CaseManagersModule, SupervisionModule, RemindersModule, TerritoriesModule, CodecModule, FhirModule, WorkAheadModule, DocumentsModule, PlanPdfModule, ExportsModule, PlanLinksModule, CaseImportModule],
  controllers: [HealthController, DemoUsersController, AuthConfigController],
  providers: [
    // Global guards run in this order: who is calling, then how fast (the access guard of a route comes after).
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: TokenThrottlerGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
