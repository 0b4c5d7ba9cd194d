/**
 * The vocabulary of what people record on a pathway: the closed lists (channels, services, outcomes…)
 * and the shapes of the referral, the assessment and the plan. No rule here: the checks are in
 * field-checks.ts (one field), step-fields.ts (one step's input) and date-order.ts (one date after another).
 */
export const SCORE_RANGES = {
  mmse: { min: 0, max: 30, label: 'MMSE' },
  gir: { min: 1, max: 6, label: 'AGGIR GIR' },
  zarit: { min: 0, max: 88, label: 'Zarit' },
} as const;

export const CONTACT_CHANNELS = ['PHONE', 'HOME_VISIT', 'OFFICE_VISIT', 'VIDEO', 'EMAIL', 'OTHER'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const SERVICE_TYPES = [
  'SSIAD',
  'SAAD',
  'DAY_CARE',
  'TEMPORARY_ACCOMMODATION',
  'MEAL_DELIVERY',
  'CAREGIVER_SUPPORT',
  'LEGAL_PROTECTION',
  'APA_FILE',
  'OTHER',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const SERVICE_STATUSES = ['PLANNED', 'STARTED', 'SUSPENDED', 'STOPPED'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export const DISCHARGE_DESTINATIONS = ['HOME', 'INSTITUTION', 'OTHER'] as const;
export type DischargeDestination = (typeof DISCHARGE_DESTINATIONS)[number];

export const RESPITE_KINDS = ['DAY_CARE', 'TEMPORARY_ACCOMMODATION'] as const;
export type RespiteKind = (typeof RESPITE_KINDS)[number];

export const CRISIS_KINDS = ['CAREGIVER_EXHAUSTION', 'ACUTE_SITUATION', 'OTHER'] as const;
export type CrisisKind = (typeof CRISIS_KINDS)[number];

export const APA_OUTCOMES = ['GRANTED', 'REFUSED'] as const;
export type ApaOutcome = (typeof APA_OUTCOMES)[number];

export const LEGAL_PROTECTION_KINDS = ['SAUVEGARDE', 'CURATELLE', 'TUTELLE', 'HABILITATION_FAMILIALE'] as const;
export type LegalProtectionKind = (typeof LEGAL_PROTECTION_KINDS)[number];

export const LEGAL_RULING_OUTCOMES = ['GRANTED', 'REJECTED'] as const;
export type LegalRulingOutcome = (typeof LEGAL_RULING_OUTCOMES)[number];

export const NURSING_HOME_OUTCOMES = ['ACCEPTED', 'REFUSED', 'WAITLISTED'] as const;
export type NursingHomeOutcome = (typeof NURSING_HOME_OUTCOMES)[number];

export interface PatientIdentity {
  externalId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  territory: string;
  /** The national health identifier (INS, ins.ts), when the referral gives it. */
  ins?: string;
}

export interface ReferralInput {
  patient: PatientIdentity;
  /** `referrerEmail`: where the referrer is told of a reorientation or the closure (optional: added after the first histories). */
  referral: { source: string; referredAt: string; diagnosis?: string; referrerEmail?: string };
  physician: { name: string; email: string };
  caregiver?: { name: string; email?: string; phone?: string; relationship: string };
}

export interface EligibilityCriteria {
  /** C1: unstable situation with functional, medical and decisional problems. */
  unstableSituation: boolean;
  /** C2: care and aid insufficient or inadequate. */
  insufficientCare: boolean;
  /** C3: nobody close can set up and coordinate the responses. */
  noCoordinator: boolean;
}
export const CRITERIA_LABELS: Record<keyof EligibilityCriteria, string> = {
  unstableSituation: 'C1 (unstable situation)',
  insufficientCare: 'C2 (insufficient care and aid)',
  noCoordinator: 'C3 (nobody close to coordinate)',
};

export interface AssessmentInput {
  performedAt: string;
  mmse?: number;
  gir?: number;
  zarit?: number;
  livingSituation?: string;
  servicesInPlace?: string;
  risks?: string;
  summary: string;
}

export interface PlanServiceInput {
  type: ServiceType;
  provider: string;
  frequency: string;
  startsAt: string;
  /** The care-team member who provides it (care-team.ts), when one does: they are told their part. */
  providerMemberId?: string;
}

export const ELIGIBILITY_DECISIONS = ['ACCEPTED', 'REFUSED'] as const;
export type EligibilityDecision = (typeof ELIGIBILITY_DECISIONS)[number];
