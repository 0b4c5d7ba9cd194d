import { Injectable } from '@nestjs/common';
import { SettingsError } from '@pathway/config';

/** The secret a fresh clone uses (README); refused when NODE_ENV=production. */
export const LOCAL_DEV_SECRET = 'care-pathway-local-development-secret';

type Claims = { sub?: unknown; roles?: unknown; territory?: unknown };

@Injectable()
export class TokenVerifier {
  private readonly secret: Uint8Array;

  constructor() {
    const secret = process.env.AUTH_JWT_SECRET ?? (process.env.NODE_ENV === 'production' ? undefined : LOCAL_DEV_SECRET);
    if (!secret) throw new SettingsError('AUTH_JWT_SECRET must be set in production');
    this.secret = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Claims> {
    // jose is ESM-only; Node 20.19+ loads it from CommonJS.
    const { jwtVerify } = await import('jose');
    const { payload } = await jwtVerify(token, this.secret, { algorithms: ['HS256'] });
    return payload as Claims;
  }
}
