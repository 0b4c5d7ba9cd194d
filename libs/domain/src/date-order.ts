/**
 * The rules that order the dates of a pathway: a discharge is not before its admission, an
 * acknowledgement not before the plan, a step not before the referral, an end after its start. One
 * home, because the API checks them before it sends a step (step-fields.ts, with the dates the caller
 * last read) and the workflow's validator checks them again against the state (decide.ts,
 * episode-steps.ts): both must compare the same way and say the same words.
 *
 * Each rule gives its problem, or undefined; a value that is not a real instant is the field check's
 * to report (field-checks.ts requireDate), so it is not compared here.
 */
import { FieldError, isIsoDateTime } from './field-checks';

/** Compared as instants, not as strings: `…T10:00:00+02:00` is before `…T09:00:00Z`. */
export function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

/** The later of two instants (the first when they are the same moment). */
export function laterOf(a: string, b: string): string {
  return isBefore(a, b) ? b : a;
}

/** `field` cannot precede `earliest`, a moment already recorded that `what` names; nothing to check without it. */
export function notBefore(field: string, value: unknown, earliest: string | undefined, what: string): FieldError | undefined {
  if (earliest && isIsoDateTime(value) && isBefore(value, earliest)) {
    return { field, message: `${field} (${value}) is before ${what} (${earliest})` };
  }
  return undefined;
}

/** An end strictly after its start (a respite, a legal measure, an absence). */
export function endsAfter(field: string, value: unknown, startField: string, start: unknown): FieldError | undefined {
  if (isIsoDateTime(value) && isIsoDateTime(start) && Date.parse(value) <= Date.parse(start)) {
    return { field, message: `${field} (${value}) must be after ${startField} (${start})` };
  }
  return undefined;
}

// ---- the orderings both the API and the workflow's validator check ------------------------------

/** What a pathway records cannot precede its referral (a hospital admission and a medical certificate may). */
export function notBeforeReferral(field: string, value: unknown, referredAt: string | undefined): FieldError | undefined {
  return notBefore(field, value, referredAt, 'the referral');
}

/** A person is referred after their birth (the birth date is a calendar day: compared as written). */
export function referralNotBeforeBirth(birthDate: unknown, referredAt: unknown): FieldError | undefined {
  if (isIsoDateTime(birthDate) && isIsoDateTime(referredAt) && birthDate > referredAt) {
    return { field: 'referral.referredAt', message: 'referral.referredAt is before patient.birthDate' };
  }
  return undefined;
}

/** A discharge ends the current stay: not before its admission. */
export function dischargeNotBeforeAdmission(dischargedAt: unknown, admittedAt: string | undefined): FieldError | undefined {
  return notBefore('dischargedAt', dischargedAt, admittedAt, 'the admission');
}

/** A plan is acknowledged once it is recorded. */
export function acknowledgementNotBeforePlan(acknowledgedAt: unknown, planRecordedAt: string | undefined): FieldError | undefined {
  return notBefore('acknowledgedAt', acknowledgedAt, planRecordedAt, 'the plan was recorded');
}

/** A legal protection request is filed with its medical certificate (art. 431 Code civil): not before it. */
export function filingNotBeforeCertificate(filedAt: unknown, certificateAt: unknown): FieldError | undefined {
  return notBefore('filedAt', filedAt, isIsoDateTime(certificateAt) ? certificateAt : undefined, 'the medical certificate');
}
