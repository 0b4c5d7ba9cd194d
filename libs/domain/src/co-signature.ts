/**
 * The legal representative co-signs the plan while a protection measure is in force (curatelle,
 * tutelle: the person is assisted or represented in the acts that concern them, art. 467 and 473 of the
 * Code civil): the plan then counts as validated only once the attending physician and the
 * representative have both acknowledged it; each acknowledges through the same step (their one-click link).
 *
 * The rule changes what an acknowledgement does (it may no longer close the plan window alone), and the
 * step's handler is replayed: the workflow passes `planCoSignature` (patched `plan-co-signature`) so a
 * history recorded before it replays the old rule.
 */
import { careTeamOf } from './care-team';
import type { PathwayState } from './state';

/** The measures under which the representative co-signs (a sauvegarde or a family habilitation does not). */
export const CO_SIGNED_MEASURES = ['CURATELLE', 'TUTELLE'] as const;

export interface PlanAcknowledgement {
  /** The care-team member who acknowledged: `physician`, or the legal representative's id. */
  memberId: string;
  acknowledgedAt: string;
  comment?: string;
}

/** The measure in force at `now` under which the plan is co-signed, if any. */
export function coSigningMeasure(state: Pick<PathwayState, 'legalProtection'>, now: Date): { kind: string; endsAt: string } | undefined {
  const measure = state.legalProtection?.measure;
  if (!measure || !(CO_SIGNED_MEASURES as readonly string[]).includes(measure.kind)) return undefined;
  const t = now.getTime();
  return Date.parse(measure.grantedAt) <= t && t < Date.parse(measure.endsAt) ? { kind: measure.kind, endsAt: measure.endsAt } : undefined;
}

/** The legal representative of the care team, when there is one. */
export function legalRepresentativeOf(state: Pick<PathwayState, 'careTeam' | 'referral'>): string | undefined {
  return careTeamOf(state).find((m) => m.role === 'LEGAL_REPRESENTATIVE')?.id;
}

/** Who must acknowledge the plan now: the physician, and the representative while a measure is in force. */
export function requiredSigners(state: PathwayState, now: Date): string[] {
  if (!coSigningMeasure(state, now)) return ['physician'];
  return ['physician', legalRepresentativeOf(state) ?? 'LEGAL_REPRESENTATIVE'];
}

/** Whose acknowledgement is still awaited (an empty list: the plan is validated). */
export function awaitedSigners(state: PathwayState, now: Date): string[] {
  const done = new Set((state.plan?.acknowledgements ?? []).map((a) => a.memberId));
  return requiredSigners(state, now).filter((m) => !done.has(m));
}
