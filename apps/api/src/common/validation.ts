/**
 * class-validator decorators whose rule and message come from @pathway/domain, so a DTO field and the
 * workflow's validator say the same thing about the same value.
 */
import { registerDecorator, ValidationArguments } from 'class-validator';
import { checkOptionalIns, FieldError, fieldErrors, SCORE_RANGES } from '@pathway/domain';

type FieldCheck = (errors: FieldError[], field: string, value: unknown) => void;

function fromDomain(name: string, check: FieldCheck): PropertyDecorator {
  const problem = (field: string, value: unknown): string | undefined => {
    const errors: FieldError[] = [];
    check(errors, field, value);
    return errors[0]?.message;
  };
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => problem(args.property, value) === undefined,
        defaultMessage: (args?: ValidationArguments) => (args ? problem(args.property, args.value) : undefined) ?? `${args?.property ?? 'value'} is invalid`,
      },
    });
}

/** An ISO-8601 date or date-time, as the domain accepts them. */
export const IsIsoDateTime = (): PropertyDecorator => fromDomain('isIsoDateTime', fieldErrors.requireDate);

/**
 * A date of birth: `YYYY-MM-DD` (not a date-time), from 1900-01-01. Not in the future is the referral's
 * rule (validateReferral), reported with the other referral problems (a referral dated before the birth).
 */
export const IsBirthDate = (): PropertyDecorator => fromDomain('isBirthDate', fieldErrors.requireBirthDate);

/** An id people choose (case manager, territory, external id): the domain's ID_PATTERN. */
export const IsId = (): PropertyDecorator => fromDomain('isId', fieldErrors.requireId);

/** A planned instant: a real ISO-8601 date or date-time, at most PLANNING_HORIZON (2 years) ahead. */
export const IsPlannedDateTime = (): PropertyDecorator =>
  fromDomain('isPlannedDateTime', (errors, field, value) => {
    fieldErrors.requireDate(errors, field, value);
    fieldErrors.withinHorizon(errors, field, value, new Date());
  });

/** A whole score within the domain's range for `kind` (MMSE 0–30, GIR 1–6, Zarit 0–88). */
export const IsScore = (kind: keyof typeof SCORE_RANGES): PropertyDecorator =>
  fromDomain(`is${kind}Score`, (errors, _field, value) => fieldErrors.score(errors, kind, value));

/** An INS: the 13-character NIR and its 2-digit key (ins.ts). */
export const IsIns = (): PropertyDecorator => fromDomain('isIns', checkOptionalIns);
