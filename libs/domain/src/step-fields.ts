/**
 * The field rules of each of the 32 steps (and of the referral that opens a pathway): what the API checks
 * before it sends the step, and what the workflow's validator (`decide`) checks again. Rules about the
 * pathway's state (is there a plan, is the patient in hospital) stay with the steps (decide.ts,
 * episode-steps.ts); dates that must follow a recorded one are date-order.ts's.
 */
import { APPOINTMENT_KINDS, APPOINTMENT_OUTCOMES } from './appointments';
import type { AppointmentCommand, EpisodeCommand, PathwayCommand } from './commands';
import {
  acknowledgementNotBeforePlan,
  dischargeNotBeforeAdmission,
  endsAfter,
  filingNotBeforeCertificate,
  notBeforeReferral,
  referralNotBeforeBirth,
} from './date-order';
import { validateDocumentInput } from './documents';
import { addDuration } from './durations';
import {
  addProblem,
  FieldError,
  illFormedTextErrors,
  isIsoDateTime,
  notInFuture,
  oneOf,
  optionalText,
  requireBirthDate,
  requireDate,
  requireId,
  requireText,
  score,
  withinHorizon,
} from './field-checks';
import {
  APA_OUTCOMES,
  AssessmentInput,
  CONTACT_CHANNELS,
  ContactChannel,
  CRISIS_KINDS,
  CRITERIA_LABELS,
  DISCHARGE_DESTINATIONS,
  ELIGIBILITY_DECISIONS,
  EligibilityCriteria,
  EligibilityDecision,
  LEGAL_PROTECTION_KINDS,
  LEGAL_RULING_OUTCOMES,
  NURSING_HOME_OUTCOMES,
  PlanServiceInput,
  ReferralInput,
  RESPITE_KINDS,
  SERVICE_TYPES,
} from './input-types';
import { validateCareTeamInput } from './care-team';
import { checkOptionalIns } from './ins';
import { CLOSURE_REASONS, ClosureReason } from './stages';

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
  addProblem(errors, referralNotBeforeBirth(p?.birthDate, input?.referral?.referredAt));
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
    if (s?.providerMemberId !== undefined) requireId(errors, `services[${i}].providerMemberId`, s.providerMemberId);
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
    addProblem(errors, notBeforeReferral(field, value, ctx.referredAt));
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
      addProblem(errors, notBeforeReferral('at', command.at, ctx.referredAt));
      return errors;
    case 'recordAssessment':
      errors.push(...validateAssessment(command.assessment, now));
      addProblem(errors, notBeforeReferral('performedAt', command.assessment?.performedAt, ctx.referredAt));
      return errors;
    case 'recordPlan':
      return validatePlanServices(command.services, now);
    case 'acknowledgePlan':
      pastDate('acknowledgedAt', command.acknowledgedAt);
      optionalText(errors, 'comment', command.comment);
      if (command.by !== undefined) requireId(errors, 'by', command.by);
      addProblem(errors, acknowledgementNotBeforePlan(command.acknowledgedAt, ctx.planRecordedAt));
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
      addProblem(errors, dischargeNotBeforeAdmission(command.dischargedAt, ctx.hospitalAdmittedAt));
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
    case 'bookAppointment':
    case 'rescheduleAppointment':
    case 'cancelAppointment':
    case 'recordAppointmentOutcome':
      return validateAppointmentInput(command, ctx);
    case 'attachDocument':
      return validateDocumentInput(command, now);
    case 'addCareTeamMember':
    case 'updateCareTeamMember':
    case 'removeCareTeamMember':
      return validateCareTeamInput(command);
  }
}

/** Field-level problems of an agenda step (appointments.ts); whether the appointment is still booked is the step's rule. */
export function validateAppointmentInput(command: AppointmentCommand, ctx: StepInputContext): FieldError[] {
  const errors: FieldError[] = [];
  /** When it is to be: a real instant, not before the referral, within the planning horizon. */
  const plannedDate = (field: string, value: unknown) => {
    requireDate(errors, field, value);
    withinHorizon(errors, field, value, ctx.now);
    addProblem(errors, notBeforeReferral(field, value, ctx.referredAt));
  };
  switch (command.type) {
    case 'bookAppointment':
      oneOf(errors, 'kind', command.kind, APPOINTMENT_KINDS);
      plannedDate('at', command.at);
      optionalText(errors, 'place', command.place, 300);
      optionalText(errors, 'withWhom', command.withWhom, 300);
      optionalText(errors, 'note', command.note);
      break;
    case 'rescheduleAppointment':
      requireText(errors, 'appointmentId', command.appointmentId, 100);
      plannedDate('at', command.at);
      optionalText(errors, 'place', command.place, 300);
      break;
    case 'cancelAppointment':
      requireText(errors, 'appointmentId', command.appointmentId, 100);
      optionalText(errors, 'note', command.note);
      break;
    case 'recordAppointmentOutcome':
      requireText(errors, 'appointmentId', command.appointmentId, 100);
      oneOf(errors, 'outcome', command.outcome, APPOINTMENT_OUTCOMES);
      optionalText(errors, 'note', command.note);
      if (command.outcome === 'DONE') {
        // A fact: when it was held.
        requireDate(errors, 'at', command.at);
        notInFuture(errors, 'at', command.at, ctx.now);
        addProblem(errors, notBeforeReferral('at', command.at, ctx.referredAt));
      } else if (command.at !== undefined && command.at !== null) {
        errors.push({ field: 'at', message: 'at (when it was held) is only for an appointment DONE' });
      }
      break;
  }
  return errors;
}

/** "A measure with an end date (at most 5 years)": art. 441 of the Code civil for a first measure. */
export const LEGAL_MEASURE_MAX_DURATION = 'P5Y';

/**
 * Field-level problems of an episode or file step: the same checks the workflow's validator runs first
 * (see episode-steps.ts), before the rules about the pathway's state (is there a crisis, which application).
 */
export function validateEpisodeInput(command: EpisodeCommand, ctx: StepInputContext): FieldError[] {
  const errors: FieldError[] = [];
  const { now } = ctx;
  /** A fact of the pathway: a real instant, not in the future, not before the referral. */
  const pastDate = (field: string, value: unknown) => {
    requireDate(errors, field, value);
    notInFuture(errors, field, value, now);
    addProblem(errors, notBeforeReferral(field, value, ctx.referredAt));
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
        const order = endsAfter('endsAt', command.endsAt, 'startsAt', command.startsAt);
        if (order) {
          errors.push(order);
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
      addProblem(errors, filingNotBeforeCertificate(command.filedAt, command.certificateAt));
      break;
    case 'recordLegalProtectionRuling':
      pastDate('ruledAt', command.ruledAt);
      oneOf(errors, 'outcome', command.outcome, LEGAL_RULING_OUTCOMES);
      optionalText(errors, 'representative', command.representative, 300);
      if (command.outcome === 'GRANTED') {
        requireDate(errors, 'measureEndsAt', command.measureEndsAt);
        if (isIsoDateTime(command.ruledAt) && isIsoDateTime(command.measureEndsAt)) {
          const longest = addDuration(command.ruledAt, LEGAL_MEASURE_MAX_DURATION).toISOString();
          const order = endsAfter('measureEndsAt', command.measureEndsAt, 'ruledAt', command.ruledAt);
          if (order) {
            errors.push(order);
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
