import { answerKept, chosen, idempotencyKeyFor, instant, localDateTime, optionalNumber, optionalText, unplacedErrors, type FieldSpec } from './form';
import { planBody } from './plan';

describe('what was typed, as the API body', () => {
  it('sends a local date and time as an instant, a blank as blank and anything else as typed', () => {
    const local = localDateTime(new Date(2026, 10, 23, 14, 5));
    expect(local).toBe('2026-11-23T14:05');
    expect(instant(local)).toBe(new Date(2026, 10, 23, 14, 5).toISOString());
    expect(instant('  ')).toBe('');
    expect(instant('hier')).toBe('hier');
  });

  it('sends the current minute as the current instant, so a step right after another is not dated before it', () => {
    const now = new Date(2026, 10, 23, 14, 5, 42, 500);
    expect(instant('2026-11-23T14:05', now)).toBe(now.toISOString());
    expect(instant('2026-11-23T14:04', now)).toBe(new Date(2026, 10, 23, 14, 4).toISOString());
    expect(instant('2026-11-23T14:06', now)).toBe(new Date(2026, 10, 23, 14, 6).toISOString());
  });

  it('leaves blank optional fields out and sends numbers as numbers, whatever their range', () => {
    expect(optionalText('  ')).toBeUndefined();
    expect(optionalText(' SAAD ')).toBe('SAAD');
    expect(optionalNumber('')).toBeUndefined();
    expect(optionalNumber('42')).toBe(42);
    expect(optionalNumber('2,5')).toBe(2.5);
  });

  it('sends every service of the plan as typed, so the API names the bad field of each', () => {
    expect(planBody([{ type: 'SSIAD', provider: ' SSIAD Paris 11 ', frequency: 'chaque jour', startsAt: '', providerMemberId: '' }])).toEqual({
      services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'chaque jour', startsAt: '' }],
    });
    // The member who provides it, when one is chosen (they are told their part).
    expect(planBody([{ type: 'SAAD', provider: 'SAAD Est', frequency: 'chaque jour', startsAt: '2026-01-05', providerMemberId: 'm2' }]).services[0].providerMemberId).toBe('m2');
  });
});

describe('errors placed in a form', () => {
  const fields: FieldSpec[] = [
    { name: 'decision', label: 'Décision', kind: 'radio' },
    { name: 'criteria.unstableSituation', label: 'C1', kind: 'checkbox', errorsFrom: ['criteria'] },
    { name: 'reorientedTo', label: 'Réorientée vers', kind: 'text', when: (d) => d.decision === 'REFUSED' },
  ];

  it('lists on top only the errors no visible field takes', () => {
    const errors = [
      { field: 'criteria', message: 'an accepted referral needs all of C1–C3' },
      { field: 'reorientedTo', message: 'too long' },
      { field: 'body', message: 'bad' },
    ];
    expect(unplacedErrors(errors, fields, { decision: 'ACCEPTED' }).map((e) => e.field)).toEqual(['reorientedTo', 'body']);
    expect(unplacedErrors(errors, fields, { decision: 'REFUSED' }).map((e) => e.field)).toEqual(['body']);
  });

  it('asks for a choice that goes in the path before sending', () => {
    expect(chosen('respiteId', 'Choisissez le répit.')({ respiteId: '' })).toEqual([{ field: 'respiteId', message: 'Choisissez le répit.' }]);
    expect(chosen('respiteId', 'Choisissez le répit.')({ respiteId: 'respite-1' })).toEqual([]);
  });
});

describe('a step sent again', () => {
  it('reuses the Idempotency-Key of an unanswered send of the same request, never of another', () => {
    const unanswered = { key: 'k-1', request: '{"at":"x"}' };
    expect(idempotencyKeyFor(unanswered, '{"at":"x"}', () => 'k-2')).toBe('k-1');
    expect(idempotencyKeyFor(unanswered, '{"at":"y"}', () => 'k-2')).toBe('k-2');
    expect(idempotencyKeyFor(undefined, '{"at":"x"}', () => 'k-2')).toBe('k-2');
  });

  it('knows which answers the API kept for a key: not a 5xx, not a key still in progress', () => {
    expect(answerKept(200, {})).toBe(true);
    expect(answerKept(409, { stage: 'PLANNING', reason: 'not allowed' })).toBe(true);
    expect(answerKept(400, {})).toBe(true);
    expect(answerKept(409, {})).toBe(false);
    expect(answerKept(503, {})).toBe(false);
  });
});
