import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
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
import { StepRateLimitGuard } from './common/rate-limit/step-rate-limit.guard';
import { DatabaseModule } from './database/database.module';
import { FhirModule } from './fhir/fhir.module';
import { HealthController } from './health/health.controller';
import { PathwaysModule } from './pathways/pathways.module';
import { RemindersModule } from './reminders/reminders.module';
import { SupervisionModule } from './supervision/supervision.module';
import { TemporalModule } from './temporal/temporal.module';
import { TerritoriesModule } from './territories/territories.module';

@Module({
  imports: [DatabaseModule, TemporalModule, AuthModule, AuditModule, AccessModule, PathwaysModule, CaseManagersModule, SupervisionModule, RemindersModule, TerritoriesModule, CodecModule, FhirModule],
  controllers: [HealthController, DemoUsersController, AuthConfigController],
  providers: [
    // Global guards run in this order: who is calling, then how fast (the access guard of a route comes after).
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: StepRateLimitGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
})
export class AppModule {}
