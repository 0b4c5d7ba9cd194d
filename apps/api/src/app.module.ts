import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
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
import { codecRateLimit, stepRateLimit, throttlersOf } from './common/rate-limit/rate-limits';
import { TokenThrottlerGuard } from './common/rate-limit/token-throttler.guard';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthController } from './health/health.controller';
import { PathwaysModule } from './pathways/pathways.module';
import { RemindersModule } from './reminders/reminders.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';
import { TerritoriesModule } from './territories/territories.module';

@Module({
  imports: [
    // A factory, so the limits are read when the app is created (main checks them first), not on import.
    // setHeaders off: no X-RateLimit-* headers; the guard sets Retry-After itself on a 429.
    ThrottlerModule.forRootAsync({
      useFactory: () => ({ throttlers: [...throttlersOf('step', stepRateLimit()), ...throttlersOf('codec', codecRateLimit())], setHeaders: false }),
    }),
    DatabaseModule, TemporalModule, AuthModule, AuditModule, AccessModule, PathwaysModule, CaseManagersModule, SupervisionModule, RemindersModule, TerritoriesModule, CodecModule, FhirModule],
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
