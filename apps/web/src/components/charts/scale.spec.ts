import { barLength, durationUnit, formatCount, formatDuration, formatInUnit, formatPercent, loadShare, niceMax, ticks } from './scale';

describe('chart scales', () => {
  it('ends an axis on a round number at or above the largest value', () => {
    expect(niceMax([3, 7, 2])).toBe(10);
    expect(niceMax([12])).toBe(20);
    expect(niceMax([21])).toBe(25);
    expect(niceMax([40])).toBe(50);
    expect(niceMax([100])).toBe(100);
    expect(niceMax([0.3])).toBe(0.5);
  });

  it('draws an axis to 1 when there is nothing (or nothing valid) to show', () => {
    expect(niceMax([])).toBe(1);
    expect(niceMax([0, 0])).toBe(1);
    expect(niceMax([NaN, -4])).toBe(1);
  });

  it('makes bars proportional to their value, never longer than the axis, and a small value still visible', () => {
    expect(barLength(5, 10, 380)).toBe(190);
    expect(barLength(10, 10, 380)).toBe(380);
    expect(barLength(15, 10, 380)).toBe(380);
    expect(barLength(0.001, 10, 380)).toBe(2);
    expect(barLength(0, 10, 380)).toBe(0);
    expect(barLength(-3, 10, 380)).toBe(0);
    expect(barLength(NaN, 10, 380)).toBe(0);
    expect(barLength(3, 0, 380)).toBe(0);
  });

  it('graduates an axis in whole numbers from 0 to its end', () => {
    expect(ticks(20)).toEqual([0, 5, 10, 15, 20]);
    expect(ticks(50)).toEqual([0, 25, 50]);
    expect(ticks(1)).toEqual([0, 1]);
    expect(ticks(0)).toEqual([0]);
    expect(ticks(2.5, 4, false)).toEqual([0, 0.625, 1.25, 1.875, 2.5]);
  });

  it('writes counts and shares the French way', () => {
    expect(formatCount(1234)).toBe('1\u00a0234');
    expect(formatPercent(0.755)).toBe('76\u00a0%');
    expect(formatPercent(1)).toBe('100\u00a0%');
    expect(formatPercent(null)).toBe('—');
  });

  it('writes a delay in the largest unit it fills, short or in words', () => {
    expect(formatDuration(1_641_600)).toBe('19\u00a0j');
    expect(formatDuration(129_600)).toBe('1,5\u00a0j');
    expect(formatDuration(129_600, true)).toBe('1,5\u00a0jour');
    expect(formatDuration(2_419_200, true)).toBe('28\u00a0jours');
    expect(formatDuration(5_400)).toBe('1,5\u00a0h');
    expect(formatDuration(450)).toBe('7,5\u00a0min');
    expect(formatDuration(750)).toBe('13\u00a0min');
    expect(formatDuration(45, true)).toBe('45\u00a0secondes');
    expect(formatDuration(0)).toBe('0\u00a0s');
    expect(formatDuration(null)).toBe('—');
  });

  it('reads a set of delays in the unit of the longest, so their bars compare', () => {
    const unit = durationUnit([3_600, null, 2 * 86_400]);
    expect(unit.short).toBe('j');
    expect(formatInUnit(3_600, unit)).toBe('0\u00a0j');
    expect(formatInUnit(36 * 3_600, unit, true)).toBe('1,5\u00a0jour');
    expect(durationUnit([]).short).toBe('s');
  });

  it('measures a caseload against its capacity, a capacity of 0 being full', () => {
    expect(loadShare(3, 4)).toBe(0.75);
    expect(loadShare(5, 4)).toBe(1);
    expect(loadShare(0, 0)).toBe(1);
  });
});
