import { addDuration, compareDurations, dueAfter, isDuration, parseDuration, subtractDuration } from './durations';

const NONE = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0 };

describe('ISO-8601 durations of the policy', () => {
  it.each([
    ['P7D', { days: 7 }],
    ['PT48H', { hours: 48 }],
    ['P6M', { months: 6 }],
    ['P1Y', { years: 1 }],
    ['P2W', { weeks: 2 }],
    ['PT20S', { seconds: 20 }],
    ['PT1M', { minutes: 1 }],
    ['P0D', { days: 0 }],
    ['P1Y2M3DT4H5M6S', { years: 1, months: 2, days: 3, hours: 4, minutes: 5, seconds: 6 }],
  ])('%s is read as %j', (text, parts) => {
    expect(parseDuration(text)).toEqual({ ...NONE, ...parts });
  });

  it('tells months (P1M) from minutes (PT1M)', () => {
    expect(parseDuration('P1M').months).toBe(1);
    expect(parseDuration('P1M').minutes).toBe(0);
    expect(parseDuration('PT1M').minutes).toBe(1);
    expect(parseDuration('PT1M').months).toBe(0);
  });

  it.each(['', 'P', 'PT', 'P1DT', '7D', 'P-7D', 'P7', 'p7d', 'P7D ', 'PT48', 'P1.5D', 'P7DT', 'P1H', 'seven days', '1 week'])(
    '"%s" is refused with a message quoting it',
    (text) => {
      expect(() => parseDuration(text)).toThrow(RangeError);
      expect(() => parseDuration(text)).toThrow(`"${text}" is not an ISO-8601 duration`);
    },
  );

  it.each([7, null, undefined, {}, ['P7D']])('a value that is not text (%p) is not a duration', (value) => {
    expect(isDuration(value)).toBe(false);
    expect(() => parseDuration(value as unknown as string)).toThrow(RangeError);
  });

  it('adds days, hours and weeks as exact spans of time', () => {
    expect(dueAfter('2025-03-03T09:00:00Z', 'P7D')).toBe('2025-03-10T09:00:00.000Z');
    expect(dueAfter('2025-08-05T09:00:00Z', 'PT48H')).toBe('2025-08-07T09:00:00.000Z');
    expect(dueAfter('2025-03-03T09:00:00Z', 'P2W')).toBe('2025-03-17T09:00:00.000Z');
    expect(dueAfter('2025-03-03T09:00:00Z', 'PT20S')).toBe('2025-03-03T09:00:20.000Z');
  });

  it('a six-month reassessment from 11 April falls on 11 October (calendar months)', () => {
    expect(dueAfter('2025-04-11T10:00:00Z', 'P6M')).toBe('2025-10-11T10:00:00.000Z');
  });

  it('six months from 31 August is the end of February, not early March', () => {
    expect(dueAfter('2025-08-31T10:00:00Z', 'P6M')).toBe('2026-02-28T10:00:00.000Z');
  });

  it('six months from 31 August in a leap year ends on 29 February', () => {
    expect(dueAfter('2023-08-31T10:00:00Z', 'P6M')).toBe('2024-02-29T10:00:00.000Z');
  });

  it('one year from 29 February is 28 February of the next year', () => {
    expect(dueAfter('2024-02-29T00:00:00Z', 'P1Y')).toBe('2025-02-28T00:00:00.000Z');
  });

  it('the APA decision window (P2M) from 31 December ends on the last day of February', () => {
    expect(dueAfter('2024-12-31T08:00:00Z', 'P2M')).toBe('2025-02-28T08:00:00.000Z');
  });

  it('a measure of five years from 20 November 2025 ends on 20 November 2030', () => {
    expect(dueAfter('2025-11-20T00:00:00Z', 'P5Y')).toBe('2030-11-20T00:00:00.000Z');
  });

  it('a reminder 14 days before 11 October falls on 27 September', () => {
    expect(subtractDuration('2025-10-11T10:00:00Z', 'P14D').toISOString()).toBe('2025-09-27T10:00:00.000Z');
  });

  it('two months before 20 November 2030 is 20 September 2030', () => {
    expect(subtractDuration('2030-11-20T00:00:00Z', 'P2M').toISOString()).toBe('2030-09-20T00:00:00.000Z');
  });

  it('one month before 31 March is the last day of February', () => {
    expect(subtractDuration('2025-03-31T00:00:00Z', 'P1M').toISOString()).toBe('2025-02-28T00:00:00.000Z');
    expect(subtractDuration('2024-03-31T00:00:00Z', 'P1M').toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('subtracting a span undoes adding it', () => {
    const start = '2025-05-05T09:00:00.000Z';
    for (const d of ['P7D', 'PT48H', 'P2W', 'PT20S']) {
      expect(subtractDuration(addDuration(start, d), d).toISOString()).toBe(start);
    }
  });

  it('refuses an instant that is not a date', () => {
    expect(() => addDuration('not a date', 'P7D')).toThrow('"not a date" is not a date');
  });

  it('orders durations of different units', () => {
    expect(compareDurations('P9D', 'P30D')).toBeLessThan(0);
    expect(compareDurations('P1M', 'P14D')).toBeGreaterThan(0);
    expect(compareDurations('PT48H', 'P2D')).toBe(0);
    expect(compareDurations('P1Y', 'P12M')).toBe(0);
  });
});
