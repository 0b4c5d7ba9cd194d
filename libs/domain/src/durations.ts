/**
 * ISO-8601 durations (`P7D`, `PT48H`, `P6M`, `P1Y`) and calendar arithmetic on instants.
 * Months and years are calendar units (P6M from 31 August is 28/29 February), computed in UTC.
 */
export type IsoDuration = string;

export interface DurationParts {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const ISO_DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): DurationParts {
  const match = typeof text === 'string' ? ISO_DURATION.exec(text) : null;
  if (!match || text === 'P' || text.endsWith('T')) {
    throw new RangeError(`"${text}" is not an ISO-8601 duration (e.g. P7D, PT48H, P6M)`);
  }
  const [, y, mo, w, d, h, mi, s] = match.map((part) => (part === undefined ? 0 : Number(part)));
  return { years: y, months: mo, weeks: w, days: d, hours: h, minutes: mi, seconds: s };
}

export function isDuration(text: unknown): text is IsoDuration {
  try {
    parseDuration(text as string);
    return true;
  } catch {
    return false;
  }
}

function shift(at: Date | string | number, duration: IsoDuration, sign: 1 | -1): Date {
  const p = parseDuration(duration);
  const start = new Date(at);
  if (Number.isNaN(start.getTime())) throw new RangeError(`"${String(at)}" is not a date`);
  const result = new Date(start.getTime());
  if (p.years || p.months) {
    const day = result.getUTCDate();
    result.setUTCDate(1);
    result.setUTCMonth(result.getUTCMonth() + sign * (p.years * 12 + p.months));
    const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
    result.setUTCDate(Math.min(day, lastDay));
  }
  const ms = (((p.weeks * 7 + p.days) * 24 + p.hours) * 60 + p.minutes) * 60_000 + p.seconds * 1000;
  return new Date(result.getTime() + sign * ms);
}

export function addDuration(at: Date | string | number, duration: IsoDuration): Date {
  return shift(at, duration, 1);
}

export function subtractDuration(at: Date | string | number, duration: IsoDuration): Date {
  return shift(at, duration, -1);
}

/** ISO string of `at + duration`. */
export function dueAfter(at: Date | string | number, duration: IsoDuration): string {
  return addDuration(at, duration).toISOString();
}

/** Orders two durations by applying both to the same instant. */
export function compareDurations(a: IsoDuration, b: IsoDuration, from: Date | string = '2001-01-31T00:00:00Z'): number {
  return addDuration(from, a).getTime() - addDuration(from, b).getTime();
}
