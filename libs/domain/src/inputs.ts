/**
 * What people record on a pathway, and the rules their values must follow. The API validates request
 * bodies with these functions and the workflow's update validators call them again, so a rule lives here once.
 */
import type { EpisodeCommand, PathwayCommand } from './commands';
import { addDuration } from './durations';
import {
  EARLIEST_BIRTH_DATE,
  EARLIEST_INSTANT,
  FUTURE_TOLERANCE_MS,
  ID_RULE,
  ILL_FORMED_TEXT,
  illFormedTextPaths,
  isCalendarDate,
  isCalendarInstant,
  isId,
  planningHorizon,
} from './field-rules';
import { checkOptionalIns } from './ins';
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
}

// ---- small checks -------------------------------------------------------------------------

/** An ISO-8601 date or date-time that exists on the calendar (field-rules.ts). */
export function isIsoDateTime(value: unknown): value is string {
  return isCalendarInstant(value);
}

/** Every string and key of an input that is not well-formed Unicode, as field errors. */
export function illFormedTextErrors(input: unknown): FieldError[] {
  return illFormedTextPaths(input).map((field) => ({ field, message: `${field} ${ILL_FORMED_TEXT}` }));
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

/** An instant that exists on the calendar and is not before 1900 (what a timestamptz column stores). */
function requireDate(errors: FieldError[], field: string, value: unknown): void {
  if (isIsoDateTime(value)) {
    if (Date.parse(value) < Date.parse(EARLIEST_INSTANT)) errors.push({ field, message: `${field} (${value}) is before ${EARLIEST_INSTANT.slice(0, 10)}` });
  } else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    errors.push({ field, message: `${field} (${value}) is not a real calendar date and time` });
  } else {
    errors.push({ field, message: `${field} must be an ISO-8601 date or date-time` });
  }
}

/**
 * A date of birth: a calendar date (`YYYY-MM-DD`, not a date-time), from 1900-01-01. That it is not in
 * the future is checked with the referral (notInFuture), which also compares it with the referral date.
 */
function requireBirthDate(errors: FieldError[], field: string, value: unknown): void {
  if (!isCalendarDate(value)) {
    errors.push({ field, message: `${field} must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02` });
  } else if (value < EARLIEST_BIRTH_DATE) {
    errors.push({ field, message: `${field} (${value}) is before ${EARLIEST_BIRTH_DATE}` });
  }
}

/** An id people choose (field-rules.ts ID_PATTERN): nothing that reads as a path, an escape or a quote. */
function requireId(errors: FieldError[], field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') errors.push({ field, message: `${field} is required` });
  else if (!isId(value)) errors.push({ field, message: `${field} must be ${ID_RULE}` });
}

/** A recorded fact cannot be dated after the moment it is recorded (a small clock skew is tolerated). */
function notInFuture(errors: FieldError[], field: string, value: unknown, now: Date): void {
  if (isIsoDateTime(value) && Date.parse(value) > now.getTime() + FUTURE_TOLERANCE_MS) {
    errors.push({ field, message: `${field} (${value}) is in the future` });
  }
}

/** A planned date (a respite, a service start) is at most PLANNING_HORIZON (2 years) ahead. */
function withinHorizon(errors: FieldError[], field: string, value: unknown, now: Date): void {
  const latest = planningHorizon(now);
  if (isIsoDateTime(value) && Date.parse(value) > latest.getTime()) {
    errors.push({ field, message: `${field} (${value}) is more than 2 years ahead (after ${latest.toISOString()})` });
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
  const errors: FieldError[] = illFormedTextErrors(input);
  const p = input?.patient;
  requireId(errors, 'patient.externalId', p?.externalId);
  requireText(errors, 'patient.firstName', p?.firstName, 200);
  requireText(errors, 'patient.lastName', p?.lastName, 200);
  requireId(errors, 'patient.territory', p?.territory);
  requireBirthDate(errors, 'patient.birthDate', p?.birthDate);
  notInFuture(errors, 'patient.birthDate', p?.birthDate, now);
  checkOptionalIns(errors, 'patient.ins', p?.ins);
  requireText(errors, 'referral.source', input?.referral?.source, 500);
  requireDate(errors, 'referral.referredAt', input?.referral?.referredAt);
  notInFuture(errors, 'referral.referredAt', input?.referral?.referredAt, now);
  optionalText(errors, 'referral.diagnosis', input?.referral?.diagnosis);
  optionalText(errors, 'referral.referrerEmail', input?.referral?.referrerEmail, 320);
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

export function validatePlanServices(services: PlanServiceInput[], now: Date): FieldError[] {
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
    withinHorizon(errors, `services[${i}].startsAt`, s?.startsAt, now);
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
  requireBirthDate,
  requireId,
  notInFuture,
  withinHorizon,
  oneOf,
  score,
};

// ---- every step's input, before it reaches the workflow ---------------------------------------

export const ELIGIBILITY_DECISIONS = ['ACCEPTED', 'REFUSED'] as const;
export type EligibilityDecision = (typeof ELIGIBILITY_DECISIONS)[number];

/** What a step's input is checked against besides the clock: the pathway as the caller last read it. */
export interface StepInputContext {
  now: Date;
  /**
   * When the pathway's referral was made: the steps it records cannot precede it (except a hospital
   * admission and a medical certificate, which may). Absent, only the 1900 floor applies.
   */
  referredAt?: string;
  /** Admission of the current hospital stay: a discharge cannot precede it. */
  hospitalAdmittedAt?: string;
  /** When the current plan version was recorded: an acknowledgement cannot precede it. */
  planRecordedAt?: string;
}

export function validateEligibility(input: {
  decision: EligibilityDecision;
  criteria?: EligibilityCriteria;
  reason?: string;
  reorientedTo?: string;
}): FieldError[] {
  const errors: FieldError[] = [];
  oneOf(errors, 'decision', input?.decision, ELIGIBILITY_DECISIONS);
  // The decision records each criterion (CNSA), for a refusal too: it names the failed ones.
  const keys = Object.keys(CRITERIA_LABELS) as (keyof EligibilityCriteria)[];
  for (const key of keys) {
    if (typeof input?.criteria?.[key] !== 'boolean') {
      errors.push({ field: `criteria.${key}`, message: `criteria.${key} (${CRITERIA_LABELS[key]}) must be true or false` });
    }
  }
  optionalText(errors, 'reason', input?.reason);
  optionalText(errors, 'reorientedTo', input?.reorientedTo);
  if (errors.length === 0 && input.decision === 'ACCEPTED') {
    const failed = keys.filter((key) => input.criteria?.[key] !== true).map((key) => CRITERIA_LABELS[key]);
    if (failed.length) errors.push({ field: 'criteria', message: `an accepted referral needs all of C1–C3; not met: ${failed.join(', ')}` });
  }
  return errors;
}

/**
 * Field-level problems of a step's input, checked with the same rules as the workflow's validator
 * (`decide`), so a caller can be told "400, these fields" before the step is sent. Rules about the
 * pathway's state (is there a plan, is the patient in hospital, is the step allowed in this stage)
 * stay with `decide`; dates that must follow a recorded one are checked here when `ctx` knows it.
 */
export function validateStepInput(command: PathwayCommand, ctx: StepInputContext): FieldError[] {
  // Any text of any field, named by a rule below or not: PostgreSQL would refuse to record it.
  return [...illFormedTextErrors(command), ...stepFieldErrors(command, ctx)];
}

function stepFieldErrors(command: PathwayCommand, ctx: StepInputContext): FieldError[] {
  const errors: FieldError[] = [];
  const { now } = ctx;
  /** A fact of the pathway: a real instant, not in the future, not before the referral. */
  const pastDate = (field: string, value: unknown) => {
    requireDate(errors, field, value);
    notInFuture(errors, field, value, now);
    notBefore(errors, field, value, ctx.referredAt, 'the referral');
  };
  switch (command.type) {
    case 'decideEligibility':
      return validateEligibility(command);
    case 'assignCaseManager':
      requireId(errors, 'caseManagerId', command.caseManagerId);
      if (command.expectedCaseManagerId !== undefined && command.expectedCaseManagerId !== null) {
        requireId(errors, 'expectedCaseManagerId', command.expectedCaseManagerId);
      }
      return errors;
    case 'recordConsent':
      if (typeof command.given !== 'boolean') errors.push({ field: 'given', message: 'given must be true or false' });
      pastDate('at', command.at);
      return errors;
    case 'logContact':
      errors.push(...validateContact(command, now));
      notBefore(errors, 'at', command.at, ctx.referredAt, 'the referral');
      return errors;
    case 'recordAssessment':
      errors.push(...validateAssessment(command.assessment, now));
      notBefore(errors, 'performedAt', command.assessment?.performedAt, ctx.referredAt, 'the referral');
      return errors;
    case 'recordPlan':
      return validatePlanServices(command.services, now);
    case 'acknowledgePlan':
      pastDate('acknowledgedAt', command.acknowledgedAt);
      optionalText(errors, 'comment', command.comment);
      notBefore(errors, 'acknowledgedAt', command.acknowledgedAt, ctx.planRecordedAt, 'the plan was recorded');
      return errors;
    case 'admitToHospital':
      // A stay may have begun before the referral (people are often referred from hospital).
      requireDate(errors, 'admittedAt', command.admittedAt);
      notInFuture(errors, 'admittedAt', command.admittedAt, now);
      requireText(errors, 'facility', command.facility, 300);
      optionalText(errors, 'reason', command.reason);
      return errors;
    case 'dischargeFromHospital':
      pastDate('dischargedAt', command.dischargedAt);
      oneOf(errors, 'destination', command.destination, DISCHARGE_DESTINATIONS);
      notBefore(errors, 'dischargedAt', command.dischargedAt, ctx.hospitalAdmittedAt, 'the admission');
      return errors;
    case 'admitToInstitution':
      pastDate('admittedAt', command.admittedAt);
      requireText(errors, 'facility', command.facility, 300);
      return errors;
    case 'closePathway':
      return validateClosure(command);
    case 'recordDischargeLetter':
    case 'confirmServicesRestarted':
    case 'planRespite':
    case 'cancelRespite':
    case 'openCrisis':
    case 'recordCrisisAction':
    case 'resolveCrisis':
    case 'submitApaApplication':
    case 'acknowledgeApaApplication':
    case 'decideApaApplication':
    case 'declareApaProvider':
    case 'requestLegalProtection':
    case 'fileLegalProtectionRequest':
    case 'recordLegalProtectionRuling':
    case 'submitNursingHomeApplication':
    case 'completeNursingHomeMedicalPart':
    case 'decideNursingHomeApplication':
      return validateEpisodeInput(command, ctx);
  }
}

/** A date that cannot precede one already recorded (same comparison and wording as `decide`). */
function notBefore(errors: FieldError[], field: string, value: unknown, earliest: string | undefined, what: string): void {
  if (earliest && isIsoDateTime(value) && Date.parse(value) < Date.parse(earliest)) {
    errors.push({ field, message: `${field} (${value}) is before ${what} (${earliest})` });
  }
}

// ---- episodes and files: hospitalization, respite, crisis, APA, legal protection, EHPAD ---------

/** "A measure with an end date (at most 5 years)": art. 441 of the Code civil for a first measure. */
export const LEGAL_MEASURE_MAX_DURATION = 'P5Y';


/**
 * Field-level problems of an episode or file step: the same checks the workflow's validator runs first
 * (see episodes.ts), before the rules about the pathway's state (is there a crisis, which application).
 */
export function validateEpisodeInput(command: EpisodeCommand, ctx: StepInputContext): FieldError[] {
  const errors: FieldError[] = [];
  const { now } = ctx;
  /** A fact of the pathway: a real instant, not in the future, not before the referral. */
  const pastDate = (field: string, value: unknown) => {
    requireDate(errors, field, value);
    notInFuture(errors, field, value, now);
    notBefore(errors, field, value, ctx.referredAt, 'the referral');
  };
  /** A medical certificate may be older than the referral: only real, and not in the future. */
  const optionalCertificateDate = (field: string, value: unknown) => {
    if (value === undefined || value === null) return;
    requireDate(errors, field, value);
    notInFuture(errors, field, value, now);
  };
  switch (command.type) {
    case 'recordDischargeLetter':
      pastDate('receivedAt', command.receivedAt);
      break;
    case 'confirmServicesRestarted':
      pastDate('at', command.at);
      break;
    case 'planRespite':
      oneOf(errors, 'kind', command.kind, RESPITE_KINDS);
      requireDate(errors, 'startsAt', command.startsAt);
      requireDate(errors, 'endsAt', command.endsAt);
      withinHorizon(errors, 'endsAt', command.endsAt, now);
      requireText(errors, 'provider', command.provider, 300);
      if (isIsoDateTime(command.startsAt) && isIsoDateTime(command.endsAt)) {
        if (Date.parse(command.endsAt) <= Date.parse(command.startsAt)) {
          errors.push({ field: 'endsAt', message: `endsAt (${command.endsAt}) must be after startsAt (${command.startsAt})` });
        } else if (Date.parse(command.endsAt) <= now.getTime()) {
          errors.push({ field: 'endsAt', message: `endsAt (${command.endsAt}) is past: a respite is planned before it ends` });
        }
      }
      break;
    case 'cancelRespite':
      requireText(errors, 'respiteId', command.respiteId, 100);
      optionalText(errors, 'note', command.note);
      break;
    case 'openCrisis':
      pastDate('at', command.at);
      oneOf(errors, 'kind', command.kind, CRISIS_KINDS);
      optionalText(errors, 'note', command.note);
      break;
    case 'recordCrisisAction':
    case 'resolveCrisis':
      pastDate('at', command.at);
      optionalText(errors, 'note', command.note);
      break;
    case 'submitApaApplication':
      pastDate('submittedAt', command.submittedAt);
      if (command.emergency !== undefined && typeof command.emergency !== 'boolean') {
        errors.push({ field: 'emergency', message: 'emergency must be true or false' });
      }
      break;
    case 'acknowledgeApaApplication':
      pastDate('at', command.at);
      if (command.completeFileAt !== undefined && command.completeFileAt !== null) pastDate('completeFileAt', command.completeFileAt);
      break;
    case 'decideApaApplication':
      pastDate('decidedAt', command.decidedAt);
      oneOf(errors, 'outcome', command.outcome, APA_OUTCOMES);
      score(errors, 'gir', command.gir);
      // The APA is for GIR 1 to 4 (L232-2 CASF).
      if (command.outcome === 'GRANTED' && typeof command.gir === 'number' && command.gir > 4) {
        errors.push({ field: 'gir', message: `an APA is granted for GIR 1 to 4, not GIR ${command.gir}` });
      }
      break;
    case 'declareApaProvider':
      pastDate('at', command.at);
      requireText(errors, 'provider', command.provider, 300);
      break;
    case 'requestLegalProtection':
      oneOf(errors, 'kind', command.kind, LEGAL_PROTECTION_KINDS);
      optionalCertificateDate('certificateAt', command.certificateAt);
      break;
    case 'fileLegalProtectionRequest':
      pastDate('filedAt', command.filedAt);
      optionalCertificateDate('certificateAt', command.certificateAt);
      notBefore(errors, 'filedAt', command.filedAt, isIsoDateTime(command.certificateAt) ? command.certificateAt : undefined, 'the medical certificate');
      break;
    case 'recordLegalProtectionRuling':
      pastDate('ruledAt', command.ruledAt);
      oneOf(errors, 'outcome', command.outcome, LEGAL_RULING_OUTCOMES);
      optionalText(errors, 'representative', command.representative, 300);
      if (command.outcome === 'GRANTED') {
        requireDate(errors, 'measureEndsAt', command.measureEndsAt);
        if (isIsoDateTime(command.ruledAt) && isIsoDateTime(command.measureEndsAt)) {
          const longest = addDuration(command.ruledAt, LEGAL_MEASURE_MAX_DURATION).toISOString();
          if (Date.parse(command.measureEndsAt) <= Date.parse(command.ruledAt)) {
            errors.push({ field: 'measureEndsAt', message: `measureEndsAt (${command.measureEndsAt}) must be after ruledAt (${command.ruledAt})` });
          } else if (Date.parse(command.measureEndsAt) > Date.parse(longest)) {
            errors.push({ field: 'measureEndsAt', message: `a measure lasts at most 5 years: measureEndsAt must be on or before ${longest}` });
          }
        }
      } else if (command.measureEndsAt !== undefined && command.measureEndsAt !== null) {
        errors.push({ field: 'measureEndsAt', message: 'measureEndsAt is only for a granted measure' });
      }
      break;
    case 'submitNursingHomeApplication':
      requireText(errors, 'facility', command.facility, 300);
      pastDate('submittedAt', command.submittedAt);
      break;
    case 'completeNursingHomeMedicalPart':
      requireText(errors, 'applicationId', command.applicationId, 100);
      pastDate('completedAt', command.completedAt);
      break;
    case 'decideNursingHomeApplication':
      requireText(errors, 'applicationId', command.applicationId, 100);
      pastDate('at', command.at);
      oneOf(errors, 'outcome', command.outcome, NURSING_HOME_OUTCOMES);
      break;
  }
  return errors;
}

/**
 * A case manager's absence (POST /case-managers/{id}/absences): real instants, `to` after `from` and
 * in the future, both within the planning horizon (2 years), covering case managers named by their ids.
 */
export function validateAbsence(input: { from: string; to: string; coveredBy: string[] }, now: Date): FieldError[] {
  const errors: FieldError[] = illFormedTextErrors(input);
  requireDate(errors, 'from', input?.from);
  requireDate(errors, 'to', input?.to);
  withinHorizon(errors, 'from', input?.from, now);
  withinHorizon(errors, 'to', input?.to, now);
  if (isIsoDateTime(input?.from) && isIsoDateTime(input?.to)) {
    if (Date.parse(input.to) <= Date.parse(input.from)) {
      errors.push({ field: 'to', message: `to (${input.to}) must be after from (${input.from})` });
    } else if (Date.parse(input.to) <= now.getTime()) {
      errors.push({ field: 'to', message: `to (${input.to}) is past: an absence ends in the future` });
    }
  }
  (Array.isArray(input?.coveredBy) ? input.coveredBy : []).forEach((id, i) => requireId(errors, `coveredBy[${i}]`, id));
  return errors;
}

/** Whole UTC calendar days from the day of `startsAt` to the day of `endsAt`, both counted, per calendar year. */
export function daysPerYear(startsAt: string, endsAt: string): Record<string, number> {
  const days: Record<string, number> = {};
  const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
  for (let d = day(startsAt); d <= day(endsAt); d += 1) {
    const year = String(new Date(d * 86_400_000).getUTCFullYear());
    days[year] = (days[year] ?? 0) + 1;
  }
  return days;
}
