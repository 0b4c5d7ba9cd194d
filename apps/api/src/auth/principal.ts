import { rppsProblem } from '@pathway/domain';
import type { AuthSettings, Claims } from './token-verifier';

/**
 * `service` is a machine identity (an operator's tool, a batch job), not a person: it reaches no pathway
 * through the API; at the codec endpoint it may encode, and decode payloads of any workflow (README, Security).
 */
export const ROLES = ['intake', 'case_manager', 'supervisor', 'physician', 'admin', 'service'] as const;
/**
 * `professional` is never a token's role: it is what an outside professional of a care team is, signed in
 * with Pro Santé Connect (a national identifier, no role list; `professionalIdOf`).
 */
export type Role = (typeof ROLES)[number] | 'professional';

/**
 * The claim of Pro Santé Connect's tokens naming the professional: their national identifier (idNat_PS),
 * for a professional registered in the RPPS `8` followed by the 11-digit RPPS number.
 */
export const PROFESSIONAL_ID_CLAIM = 'SubjectNameID';

/** Who is calling, from the bearer token's claims. */
export interface Principal {
  sub: string;
  roles: Role[];
  territory?: string;
  /** The `email` claim (from an OIDC issuer, only with `email_verified: true`): how a physician is matched to their patients. */
  email?: string;
  /** A `professional`'s RPPS number: the care-team members of this number are theirs (common/access). */
  rpps?: string;
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
  const roles = Array.isArray(claims.roles) ? (claims.roles.filter((r) => (ROLES as readonly unknown[]).includes(r)) as Role[]) : [];
  // A role list says the issuer is our own staff's: the national identifier then grants nothing more.
  const rpps = roles.length === 0 && !(Array.isArray(claims.roles) && claims.roles.length > 0) ? professionalIdOf(claims[PROFESSIONAL_ID_CLAIM]) : undefined;
  if (rpps) return { sub: claims.sub, roles: ['professional'], rpps };
  return {
    sub: claims.sub,
    roles,
    territory: typeof claims.territory === 'string' && claims.territory ? claims.territory : undefined,
    // The email matches a physician to their patients, so it must be one the issuer vouches for: an
    // OIDC provider may let a user type any address into their profile (email_verified says it did not).
    email: typeof claims.email === 'string' && claims.email && (mode === 'hs256' || claims.email_verified === true) ? claims.email : undefined,
  };
}

/**
 * The RPPS number of a national identifier claim: `8` + RPPS (Pro Santé Connect's idNat_PS), or the bare
 * RPPS number; undefined for anything else (an ADELI number, `0…`, reaches no member: members carry RPPS),
 * or a number whose Luhn key is wrong.
 */
export function professionalIdOf(claim: unknown): string | undefined {
  if (typeof claim !== 'string') return undefined;
  const rpps = /^8\d{11}$/.test(claim) ? claim.slice(1) : claim;
  return rppsProblem('rpps', rpps) === undefined ? rpps : undefined;
}
