/** The stages of PATHWAY.md, in pathway order. */
export const PATHWAY_STAGES = [
  'REFERRED',
  'AWAITING_ASSIGNMENT',
  'ASSESSMENT',
  'PLANNING',
  'PLAN_VALIDATION',
  'FOLLOW_UP',
  'INSTITUTIONALIZED',
  'CLOSED',
] as const;
export type PathwayStage = (typeof PATHWAY_STAGES)[number];

export const CLOSURE_REASONS = ['DECEASED', 'INSTITUTIONALIZED', 'MOVED', 'REFUSED', 'REORIENTED', 'OTHER'] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Who a reminder or an escalation is for. */
export const RECIPIENT_ROLES = ['intake', 'case_manager', 'supervisor', 'physician', 'caregiver', 'referrer', 'provider', 'legal_representative'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Stages in which a case manager is in charge (assigned). */
export const CASE_MANAGED_STAGES: readonly PathwayStage[] = [
  'ASSESSMENT',
  'PLANNING',
  'PLAN_VALIDATION',
  'FOLLOW_UP',
  'INSTITUTIONALIZED',
];

export function isOpen(stage: PathwayStage): boolean {
  return stage !== 'CLOSED';
}
