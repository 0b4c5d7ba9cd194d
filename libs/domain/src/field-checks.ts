/**
 * The checks of one field of an input, each pushing a FieldError naming the field: the API turns them
 * into a 400 before a step is sent, and the workflow's validator runs the same ones (step-fields.ts).
 */
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
import { SCORE_RANGES } from './input-types';

export interface FieldError {
  field: string;
  message: string;
}

/** Records the problem a rule returned, if any (date-order.ts's rules return one or none). */
export function addProblem(errors: FieldError[], problem: FieldError | undefined): void {
  if (problem) errors.push(problem);
}

/** An ISO-8601 date or date-time that exists on the calendar (field-rules.ts). */
export function isIsoDateTime(value: unknown): value is string {
  return isCalendarInstant(value);
}

/** Every string and key of an input that is not well-formed Unicode, as field errors. */
export function illFormedTextErrors(input: unknown): FieldError[] {
  return illFormedTextPaths(input).map((field) => ({ field, message: `${field} ${ILL_FORMED_TEXT}` }));
}

export function requireText(errors: FieldError[], field: string, value: unknown, max = 2000): void {
  if (typeof value !== 'string' || value.trim() === '') errors.push({ field, message: `${field} is required` });
  else if (value.length > max) errors.push({ field, message: `${field} is longer than ${max} characters` });
}

export function optionalText(errors: FieldError[], field: string, value: unknown, max = 2000): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string') errors.push({ field, message: `${field} must be text` });
  else if (value.length > max) errors.push({ field, message: `${field} is longer than ${max} characters` });
}

/** An instant that exists on the calendar and is not before 1900 (what a timestamptz column stores). */
export function requireDate(errors: FieldError[], field: string, value: unknown): void {
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
export function requireBirthDate(errors: FieldError[], field: string, value: unknown): void {
  if (!isCalendarDate(value)) {
    errors.push({ field, message: `${field} must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02` });
  } else if (value < EARLIEST_BIRTH_DATE) {
    errors.push({ field, message: `${field} (${value}) is before ${EARLIEST_BIRTH_DATE}` });
  }
}

/** An id people choose (field-rules.ts ID_PATTERN): nothing that reads as a path, an escape or a quote. */
export function requireId(errors: FieldError[], field: string, value: unknown): void {
  if (typeof value !== 'string' || value === '') errors.push({ field, message: `${field} is required` });
  else if (!isId(value)) errors.push({ field, message: `${field} must be ${ID_RULE}` });
}

/** A recorded fact cannot be dated after the moment it is recorded (a small clock skew is tolerated). */
export function notInFuture(errors: FieldError[], field: string, value: unknown, now: Date): void {
  if (isIsoDateTime(value) && Date.parse(value) > now.getTime() + FUTURE_TOLERANCE_MS) {
    errors.push({ field, message: `${field} (${value}) is in the future` });
  }
}

/** A planned date (a respite, a service start) is at most PLANNING_HORIZON (2 years) ahead. */
export function withinHorizon(errors: FieldError[], field: string, value: unknown, now: Date): void {
  const latest = planningHorizon(now);
  if (isIsoDateTime(value) && Date.parse(value) > latest.getTime()) {
    errors.push({ field, message: `${field} (${value}) is more than 2 years ahead (after ${latest.toISOString()})` });
  }
}

export function score(errors: FieldError[], field: keyof typeof SCORE_RANGES, value: unknown): void {
  if (value === undefined || value === null) return;
  const { min, max, label } = SCORE_RANGES[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    errors.push({ field, message: `${field} must be a whole ${label} score from ${min} to ${max}` });
  }
}

export function oneOf<T extends string>(errors: FieldError[], field: string, value: unknown, allowed: readonly T[]): void {
  if (!allowed.includes(value as T)) errors.push({ field, message: `${field} must be one of ${allowed.join(', ')}` });
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
