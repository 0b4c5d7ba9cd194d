import { asProblem, fieldErrors, plainReason } from './problem';

describe('problem documents read for a form', () => {
  it('puts each field error next to its field', () => {
    const problem = asProblem(400, { type: 'about:blank', status: 400, title: 'Bad Request', errors: [{ field: 'mmse', message: 'mmse must be an integer between 0 and 30' }, { field: 'summary', message: 'summary should not be empty' }] });
    expect(fieldErrors(problem)).toEqual({ mmse: ['mmse must be an integer between 0 and 30'], summary: ['summary should not be empty'] });
  });

  it('says a 409 in plain words, with the stage and reason the API gives', () => {
    expect(plainReason(asProblem(409, { status: 409, detail: 'assessment not allowed in PLANNING', stage: 'PLANNING', reason: 'an assessment was already recorded' }))).toBe(
      'Cette étape n’est pas possible maintenant (le parcours est à l’étape « Élaboration du plan ») : an assessment was already recorded.',
    );
  });

  it('reads a body that is not a problem document without failing', () => {
    expect(asProblem(502, 'Bad gateway')).toEqual({ status: 502, title: undefined, detail: undefined, errors: undefined, stage: undefined, reason: undefined });
  });
});
