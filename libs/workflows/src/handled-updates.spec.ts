import type { PathwaySummary } from '@pathway/domain';
import { CARRIED_FOR_MS, HandledUpdates, MAX_CARRIED } from './handled-updates';

const answer = (n: number) => ({ summary: { seq: n } as unknown as PathwaySummary });

describe('the step answers carried across continue-as-new', () => {
  it('answers an update id a previous run handled, and nothing else', () => {
    const carried = new HandledUpdates([{ updateId: 'logContact:a', at: 0, answer: answer(1) }]);
    expect(carried.answerTo('logContact:a')).toEqual(answer(1));
    expect(carried.answerTo('logContact:b')).toBeUndefined();
    expect(carried.answerTo(undefined)).toBeUndefined();
  });

  it(`carries at most the last ${MAX_CARRIED} answers, none older than a week, oldest first`, () => {
    const handled = new HandledUpdates();
    const now = 100 * CARRIED_FOR_MS;
    handled.remember('old', now - CARRIED_FOR_MS - 1, answer(0));
    for (let i = 1; i <= MAX_CARRIED + 5; i++) handled.remember(`u${i}`, now - 1000 + i, answer(i));
    const carried = handled.toCarry(now);
    expect(carried).toHaveLength(MAX_CARRIED);
    expect(carried[0].updateId).toBe('u6');
    expect(carried.at(-1)!.updateId).toBe(`u${MAX_CARRIED + 5}`);
    expect(carried.some((h) => h.updateId === 'old')).toBe(false);
    // And the next run answers from what was carried.
    expect(new HandledUpdates(carried).answerTo(`u${MAX_CARRIED + 5}`)).toEqual(answer(MAX_CARRIED + 5));
  });
});
