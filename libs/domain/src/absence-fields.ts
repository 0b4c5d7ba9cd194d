/** The field rules of a case manager's absence (not a step of a pathway: the caseload's). */
import { endsAfter } from './date-order';
import { FieldError, illFormedTextErrors, isIsoDateTime, requireDate, requireId, withinHorizon } from './field-checks';

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
    const order = endsAfter('to', input.to, 'from', input.from);
    if (order) {
      errors.push(order);
    } else if (Date.parse(input.to) <= now.getTime()) {
      errors.push({ field: 'to', message: `to (${input.to}) is past: an absence ends in the future` });
    }
  }
  (Array.isArray(input?.coveredBy) ? input.coveredBy : []).forEach((id, i) => requireId(errors, `coveredBy[${i}]`, id));
  return errors;
}
