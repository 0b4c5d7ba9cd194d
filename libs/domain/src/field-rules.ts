/**
 * What any value the API takes must be for the database to store it: text that is well-formed Unicode,
 * dates that exist on the calendar and fall within sensible bounds, ids from a small alphabet. A value
 * that passed validation but that PostgreSQL refuses (a lone surrogate in jsonb, 30 February in a
 * timestamptz) fails the activity that records it on every retry and wedges the pathway; so these
 * rules run in the API before a step is sent and again in the workflow's validator (through `decide`).
 */
import { addDuration } from './durations';

/** No date of birth before this one (the oldest living people were born after 1900). */
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** No instant before this one: nothing recorded on a pathway happened before 1900. */
export const EARLIEST_INSTANT = '1900-01-01T00:00:00Z';

/** A recorded fact may be dated this far after the server's clock (the caller's clock may run ahead). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** How far ahead a planned date may be (a respite, a service start, the end of an absence). */
export const PLANNING_HORIZON = 'P2Y';

/**
 * Ids people choose (case managers, territories, patients' external ids): a letter or digit, then up
 * to 63 letters, digits, `.`, `_` or `-`. UUIDs, `cm-louise`, `T75-EST` and `NIR-1943-05-0001` fit; a
 * path (`../admin`), an escape (`%00`), a quote (`o'neil`) or a space does not.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const ID_RULE = "1 to 64 characters among A-Z a-z 0-9 . _ -, starting with a letter or digit";

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

// ---- text --------------------------------------------------------------------------------------

/** A UTF-16 surrogate not in a high–low pair: JavaScript strings may hold one, UTF-8 (and PostgreSQL) cannot. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

export const ILL_FORMED_TEXT = 'contains a lone surrogate (a UTF-16 code unit U+D800–U+DFFF outside a pair), which is not Unicode text';

/**
 * The path of every string (or key) in `value` that is not well-formed Unicode, in the form field
 * errors use (`patient.firstName`, `services[0].provider`). Walks the whole input, so a field no rule
 * names is covered too.
 */
export function illFormedTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return isWellFormedText(value) ? [] : [path || 'body'];
  if (Array.isArray(value)) return value.flatMap((item, i) => illFormedTextPaths(item, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    // A bad key is named without its bad code unit, so the error itself stays well-formed.
    const here = path ? `${path}.${key}` : key;
    if (!isWellFormedText(key)) return [here.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\\uFFFD')];
    return illFormedTextPaths(child, here);
  });
}

// ---- dates -------------------------------------------------------------------------------------

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?$/;

function isRealDay(year: string, month: string, day: string): boolean {
  const m = Number(month);
  const d = Number(day);
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(Number(year), m);
}

/** Days in month `m` of year `y` (Gregorian). */
function daysIn(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** `YYYY-MM-DD`, a day that exists (no 30 February, no month 13). */
export function isCalendarDate(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  return m !== null && isRealDay(m[1], m[2], m[3]);
}

/**
 * An ISO-8601 date or date-time whose every part exists: a real day, hours 00–23, minutes and seconds
 * 00–59, an offset within ±14:00. JavaScript's Date.parse rolls 30 February over to 2 March; PostgreSQL
 * refuses it (22008), so the check is done on the parts.
 */
export function isCalendarInstant(value: unknown): value is string {
  const m = typeof value === 'string' ? DATE_TIME.exec(value) : null;
  if (!m) return false;
  const [, year, month, day, hours, minutes, seconds, offset, offsetHours, offsetMinutes] = m;
  if (!isRealDay(year, month, day)) return false;
  if (hours !== undefined && (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)) return false;
  if (offset && offset !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59)) return false;
  return !Number.isNaN(Date.parse(value as string));
}

/** The latest instant a planned date may fall on, from `now`. */
export function planningHorizon(now: Date): Date {
  return addDuration(now, PLANNING_HORIZON);
}
