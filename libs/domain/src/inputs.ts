/**
 * What people record on a pathway, and the rules their values must follow. The API validates request
 * bodies with these functions and the workflow's update validators call them again, so a rule lives here once.
 */
import { CLOSURE_REASONS, ClosureReason } from './stages';

export interface FieldError {
  field: string;
  message: string;
}

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

export interface PatientIdentity {
  externalId: string;
  firstName: string;
  lastName: string;
  birthDate: string;
  territory: string;
}

export interface ReferralInput {
  patient: PatientIdentity;
  referral: { source: string; referredAt: string; diagnosis?: string };
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
}

// ---- small checks -------------------------------------------------------------------------

export function isIsoDateTime(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

function requireText(errors: FieldError[], field: string, value: unknown, max = 2000): void {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ field, message: `${field} is required` });
  else if (value.length > max) errors.push({ field, message: `${field} is longer than ${max} characters` });
}

function optionalText(errors: FieldError[], field: string, value: unknown, max = 2000): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') errors.push({ field, message: `${field} must be text` });
  else if (value.length > max) errors.push({ field, message: `${field} is longer than ${max} characters` });
}

function requireDate(errors: FieldError[], field: string, value: unknown): void {
  if (!isIsoDateTime(value)) errors.push({ field, message: `${field} must be an ISO-8601 date or date-time` });
}

/** A recorded fact cannot be dated after the moment it is recorded (a small clock skew is tolerated). */
function notInFuture(errors: FieldError[], field: string, value: unknown, now: Date): void {
  if (isIsoDateTime(value) && Date.parse(value) > now.getTime() + 5 * 60_000) {
    errors.push({ field, message: `${field} (${value}) is in the future` });
  }
}

function score(errors: FieldError[], field: keyof typeof SCORE_RANGES, value: unknown): void {
  if (value === undefined || value === null) return;
  const { min, max, label } = SCORE_RANGES[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `${field} must be a whole ${label} score from ${min} to ${max}` });
  }
}

function oneOf<T extends string>(errors: FieldError[], field: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) errors.push({ field, message: `${field} must be one of ${allowed.join(', ')}` });
}

// ---- validators per input -----------------------------------------------------------------

export function validateReferral(input: ReferralInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const p = input?.patient;
  requireText(errors, 'patient.externalId', p?.externalId, 100);
  requireText(errors, 'patient.firstName', p?.firstName, 200);
  requireText(errors, 'patient.lastName', p?.lastName, 200);
  requireText(errors, 'patient.territory', p?.territory, 100);
  requireDate(errors, 'patient.birthDate', p?.birthDate);
  notInFuture(errors, 'patient.birthDate', p?.birthDate, now);
  requireText(errors, 'referral.source', input?.referral?.source, 500);
  requireDate(errors, 'referral.referredAt', input?.referral?.referredAt);
  notInFuture(errors, 'referral.referredAt', input?.referral?.referredAt, now);
  optionalText(errors, 'referral.diagnosis', input?.referral?.diagnosis);
  if (isIsoDateTime(p?.birthDate) && isIsoDateTime(input?.referral?.referredAt) && p.birthDate > input.referral.referredAt) {
    errors.push({ field: 'referral.referredAt', message: 'referral.referredAt is before patient.birthDate' });
  }
  requireText(errors, 'physician.name', input?.physician?.name, 200);
  requireText(errors, 'physician.email', input?.physician?.email, 320);
  if (input?.caregiver) {
    requireText(errors, 'caregiver.name', input.caregiver.name, 200);
    requireText(errors, 'caregiver.relationship', input.caregiver.relationship, 200);
    optionalText(errors, 'caregiver.email', input.caregiver.email, 320);
    optionalText(errors, 'caregiver.phone', input.caregiver.phone, 50);
  }
  return errors;
}

export function validateAssessment(input: AssessmentInput, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  requireDate(errors, 'performedAt', input?.performedAt);
  notInFuture(errors, 'performedAt', input?.performedAt, now);
  score(errors, 'mmse', input?.mmse);
  score(errors, 'gir', input?.gir);
  score(errors, 'zarit', input?.zarit);
  optionalText(errors, 'livingSituation', input?.livingSituation);
  optionalText(errors, 'servicesInPlace', input?.servicesInPlace);
  optionalText(errors, 'risks', input?.risks);
  requireText(errors, 'summary', input?.summary, 10_000);
  return errors;
}

export function validatePlanServices(services: PlanServiceInput[]): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(services) || services.length === 0) {
    return [{ field: 'services', message: 'a plan needs at least one service' }];
  }
  if (services.length > 100) return [{ field: 'services', message: 'a plan has at most 100 services' }];
  services.forEach((s, i) => {
    oneOf(errors, `services[${i}].type`, s?.type, SERVICE_TYPES);
    requireText(errors, `services[${i}].provider`, s?.provider, 300);
    requireText(errors, `services[${i}].frequency`, s?.frequency, 200);
    requireDate(errors, `services[${i}].startsAt`, s?.startsAt);
  });
  return errors;
}

export function validateContact(input: { at: string; channel: ContactChannel; note?: string }, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  requireDate(errors, 'at', input?.at);
  notInFuture(errors, 'at', input?.at, now);
  oneOf(errors, 'channel', input?.channel, CONTACT_CHANNELS);
  optionalText(errors, 'note', input?.note);
  return errors;
}

export function validateClosure(input: { reason: ClosureReason; note?: string }): FieldError[] {
  const errors: FieldError[] = [];
  oneOf(errors, 'reason', input?.reason, CLOSURE_REASONS);
  optionalText(errors, 'note', input?.note);
  if (input?.reason === 'OTHER' && !(typeof input.note === 'string' && input.note.trim())) {
    errors.push({ field: 'note', message: 'a closure for reason OTHER needs a note' });
  }
  return errors;
}

export const fieldErrors = {
  requireText,
  optionalText,
  requireDate,
  notInFuture,
  oneOf,
};
