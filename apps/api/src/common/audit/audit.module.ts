import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditInterceptor, AuditTrail } from './audit-trail';

/** The audit trail: its middleware is mounted first in app.ts, its interceptor is global. */
@Global()
@Module({
  providers: [AuditTrail, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditTrail],
})
export class AuditModule {}
