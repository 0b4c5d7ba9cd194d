/**
 * One-click plan links (issue 18): the worker signs one into the plan's e-mail for the physician (and the
 * legal representative who co-signs), the API verifies it and records its single use.
 *
 * A link is `<payload>.<signature>`, both base64url: the payload names the pathway, the care-team member,
 * the plan version and the instant it expires (the acknowledgement deadline); the signature is an
 * HMAC-SHA256 of the payload with the server's secret (ACKNOWLEDGEMENT_LINK_SECRET), compared in
 * constant time. Ids and an instant only: nothing about the person travels in the link.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Db, sql } from './sql';

export interface PlanLinkClaims {
  pathwayId: string;
  memberId: string;
  planVersion: number;
  /** ISO-8601: the plan's acknowledgement deadline. */
  expiresAt: string;
}

export type PlanLinkDecision = 'VALIDATED' | 'REMARKS';

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const signature = (payload: string, secret: string) => createHmac('sha256', secret).update(payload).digest();

export function signPlanLink(claims: PlanLinkClaims, secret: string): string {
  const payload = b64(JSON.stringify({ p: claims.pathwayId, m: claims.memberId, v: claims.planVersion, e: claims.expiresAt }));
  return `${payload}.${b64(signature(payload, secret))}`;
}

/** The claims of a link this server signed, or undefined for anything else (forged, altered, truncated). */
export function verifyPlanLink(link: string, secret: string): PlanLinkClaims | undefined {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) return undefined;
  const [, payload, given] = match;
  const expected = signature(payload, secret);
  const actual = Buffer.from(given, 'base64url');
  // base64url decoding ignores a changed last character's spare bits: compare the text too.
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected) || b64(actual) !== given) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p?: unknown; m?: unknown; v?: unknown; e?: unknown };
    if (typeof claims.p !== 'string' || typeof claims.m !== 'string' || typeof claims.v !== 'number' || typeof claims.e !== 'string') return undefined;
    return { pathwayId: claims.p, memberId: claims.m, planVersion: claims.v, expiresAt: claims.e };
  } catch {
    return undefined;
  }
}

/** What the database keeps of a link: its hash, never the link. */
export function planLinkId(link: string): string {
  return createHash('sha256').update(link).digest('hex');
}

export interface PlanLinkUse {
  linkId: string;
  pathwayId: string;
  memberId: string;
  planVersion: number;
  decision: PlanLinkDecision;
  usedAt: Date;
}

/** Claims the link's single use: true when this call is its first use (a concurrent second gets false). */
export async function claimPlanLink(db: Db, use: Omit<PlanLinkUse, 'usedAt'>): Promise<boolean> {
  const { rowCount } = await sql(
    db,
    `INSERT INTO plan_link_uses (link_id, pathway_id, member_id, plan_version, decision) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (link_id) DO NOTHING`,
    [use.linkId, use.pathwayId, use.memberId, use.planVersion, use.decision],
  );
  return rowCount === 1;
}

/** Gives a claimed link back when what it was to record was not recorded (the step refused, or failed). */
export async function releasePlanLink(db: Db, linkId: string): Promise<void> {
  await sql(db, `DELETE FROM plan_link_uses WHERE link_id = $1`, [linkId]);
}

export async function findPlanLinkUse(db: Db, linkId: string): Promise<PlanLinkUse | null> {
  const { rows } = await sql<{ link_id: string; pathway_id: string; member_id: string; plan_version: number; decision: PlanLinkDecision; used_at: Date }>(
    db,
    `SELECT link_id, pathway_id, member_id, plan_version, decision, used_at FROM plan_link_uses WHERE link_id = $1`,
    [linkId],
  );
  const row = rows[0];
  return row ? { linkId: row.link_id, pathwayId: row.pathway_id, memberId: row.member_id, planVersion: row.plan_version, decision: row.decision, usedAt: row.used_at } : null;
}
