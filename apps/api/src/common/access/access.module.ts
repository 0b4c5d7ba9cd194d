import { Global, Module } from '@nestjs/common';
import { PathwayAccess } from './pathway-access';

/** The access policy, available to every resource module. */
@Global()
@Module({ providers: [PathwayAccess], exports: [PathwayAccess] })
export class AccessModule {}
