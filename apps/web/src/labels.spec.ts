import { relative } from './labels';

describe('relative', () => {
  const now = Date.parse('2026-11-23T16:00:00Z');
  const at = (ms: number) => new Date(now + ms).toISOString();
  const DAY = 86_400_000;

  it('rounds to the nearest unit, so a deadline 14 days out read a second later is still "dans 14 jours"', () => {
    expect(relative(at(14 * DAY - 1_000), now)).toBe('dans 14 jours');
    expect(relative(at(13.4 * DAY), now)).toBe('dans 13 jours');
    expect(relative(at(-2.6 * DAY), now)).toBe('il y a 3 jours');
  });

  it('goes down to hours, minutes and seconds under a day; a dash when there is no date', () => {
    expect(relative(at(5 * 3_600_000), now)).toBe('dans 5 heures');
    expect(relative(at(-100_000), now)).toBe('il y a 2 minutes');
    expect(relative(null, now)).toBe('—');
  });
});
