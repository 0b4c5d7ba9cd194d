import type { AuthSettings, Claims } from './token-verifier';

/**
 * `service` is a machine identity (an operator's tool, a batch job), not a person: it reaches no pathway
 * through the API; at the codec endpoint it may encode, and decode payloads of any workflow (README, Security).
 */
export const ROLES = ['intake', 'case_manager', 'supervisor', 'physician', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from the bearer token's claims. */
export interface Principal {
  sub: string;
  roles: Role[];
  territory?: string;
  /** The `email` claim (from an OIDC issuer, only with `email_verified: true`): how a physician is matched to their patients. */
  email?: string;
}

const BEARER = /^Bearer +([\x21-\x7e]+) *$/i;

/** The token of an `Authorization: Bearer <JWT>` header; undefined for any other header. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  return BEARER.exec(header ?? '')?.[1];
}

/**
 * The caller of verified claims (AuthGuard, and the audit trail for requests refused before it ran);
 * undefined without a subject. Unknown roles are dropped (a route then answers 403).
 */
export function principalOf(claims: Claims, mode: AuthSettings['mode']): Principal | undefined {
  if (typeof claims.sub !== 'string' || !claims.sub) return undefined;
  return {
    sub: claims.sub,
    roles: Array.isArray(claims.roles) ? (claims.roles.filter((r) => ROLES.includes(r as Role)) as Role[]) : [],
    territory: typeof claims.territory === 'string' && claims.territory ? claims.territory : undefined,
    // The email matches a physician to their patients, so it must be one the issuer vouches for: an
    // OIDC provider may let a user type any address into their profile (email_verified says it did not).
    email: typeof claims.email === 'string' && claims.email && (mode === 'hs256' || claims.email_verified === true) ? claims.email : undefined,
  };
}
