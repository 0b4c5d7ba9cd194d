import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth/auth.guard';
import { TokenVerifier } from './auth/token-verifier';
import { ProblemFilter } from './common/problem';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { PathwaysModule } from './pathways/pathways.module';
import { TemporalModule } from './temporal/temporal.module';

@Module({
  imports: [DatabaseModule, TemporalModule, PathwaysModule],
  controllers: [HealthController],
  providers: [
    TokenVerifier,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
})
export class AppModule {}
