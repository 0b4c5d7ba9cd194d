import { isoDuration } from './supervision.service';

describe('indicator delays as ISO-8601 durations', () => {
  it.each([
    [null, null],
    [0, 'PT0S'],
    [0.13, 'PT0.13S'],
    [3600, 'PT1H'],
    [1_641_600, 'P19D'],
    [1_296_001.4325, 'P15DT1.433S'],
    [90_061.5, 'P1DT1H1M1.5S'],
  ])('%s seconds is %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
  });
});
