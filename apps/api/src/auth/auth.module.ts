import { Global, Module } from '@nestjs/common';
import { TokenVerifier } from './token-verifier';

/** One token verifier (and its issuer key cache) for the guard and the audit trail. */
@Global()
@Module({ providers: [TokenVerifier], exports: [TokenVerifier] })
export class AuthModule {}
