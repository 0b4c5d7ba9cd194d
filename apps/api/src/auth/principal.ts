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
