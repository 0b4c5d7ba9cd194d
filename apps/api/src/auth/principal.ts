export const ROLES = ['intake', 'case_manager', 'supervisor', 'physician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, from the bearer token's claims. */
export interface Principal {
  sub: string;
  roles: Role[];
  territory?: string;
  /** The `email` claim, when the issuer sends one: how a physician is matched to their patients. */
  email?: string;
}
