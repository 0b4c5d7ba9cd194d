// The arithmetic of the supervision charts, kept apart from the SVG so it is unit-tested: the end of an
// axis, the length of a bar, the graduations, and the figures written in French.

/** The smallest "round" number (1, 2, 2.5, 5 × 10ⁿ) at or above the largest value: where the axis ends. */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/** The length of a bar for `value` on an axis from 0 to `max` drawn over `span` pixels; a non-zero value stays visible. */
export function barLength(value: number, max: number, span: number): number {
  if (!Number.isFinite(value) || value <= 0 || max <= 0 || span <= 0) return 0;
  const length = (Math.min(value, max) / max) * span;
  return Math.max(2, Math.round(length * 10) / 10);
}

/** Graduations from 0 to `max` included: `count` intervals, whole numbers when the axis counts things. */
export function ticks(max: number, count = 4, whole = true): number[] {
  if (max <= 0 || count <= 0) return [0];
  const step = max / count;
  const values = Array.from({ length: count + 1 }, (_, i) => Math.round(i * step * 1000) / 1000);
  return whole ? [...new Set(values.filter((v) => Number.isInteger(v)))] : values;
}

/** A share from 0 to 1 as a French percentage, rounded to the unit: 0.755 → "76 %". */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${Math.round(share * 100)}\u00a0%`;
}

/** A count in French digits: 1234 → "1 234". */
export function formatCount(value: number): string {
  return new Intl.NumberFormat('fr-FR').format(value).replace(/\u202f/g, '\u00a0');
}

const UNITS: DurationUnit[] = [
  { seconds: 86_400, short: 'j', one: 'jour', many: 'jours' },
  { seconds: 3_600, short: 'h', one: 'heure', many: 'heures' },
  { seconds: 60, short: 'min', one: 'minute', many: 'minutes' },
  { seconds: 1, short: 's', one: 'seconde', many: 'secondes' },
];

/**
 * A delay in seconds in the largest unit it fills, to one decimal below 10 ("1,5 j", "19 j", "45 s"), or
 * in words for a screen reader (`long`: "1,5 jour", "19 jours"). Null (nothing measured) is "—".
 */
export function formatDuration(seconds: number | null | undefined, long = false): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  return formatInUnit(seconds, durationUnit([seconds]), long);
}

export interface DurationUnit {
  seconds: number;
  short: string;
  one: string;
  many: string;
}

/** The unit a set of delays is best read in: the largest one the longest delay fills. */
export function durationUnit(seconds: readonly (number | null | undefined)[]): DurationUnit {
  const max = Math.max(0, ...seconds.map((s) => Math.abs(s ?? 0)));
  return UNITS.find((u) => max >= u.seconds) ?? UNITS[UNITS.length - 1];
}

/** A delay in a given unit, to one decimal below 10: (129600 s, jours) → "1,5 j", or "1,5 jour" when `long`. */
export function formatInUnit(seconds: number, unit: DurationUnit, long = false): string {
  const amount = seconds / unit.seconds;
  const rounded = Math.abs(amount) < 10 ? Math.round(amount * 10) / 10 : Math.round(amount);
  const figure = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(rounded).replace(/\u202f/g, '\u00a0');
  return `${figure}\u00a0${long ? (Math.abs(rounded) >= 2 ? unit.many : unit.one) : unit.short}`;
}

/** The share of a capacity in use, from 0 to 1 (a capacity of 0 is full). */
export function loadShare(active: number, capacity: number): number {
  return capacity > 0 ? Math.min(1, Math.max(0, active / capacity)) : 1;
}
