import { asProblem } from '../api/problem';
import { frenchFieldMessage, frenchReason, refusalSentence } from './reasons';

describe('a refused step said in French', () => {
  it('says the respite allowance with the days left and the days asked', () => {
    expect(frenchReason('temporary accommodation is limited to 90 days per calendar year: 10 days left in 2027, this stay needs 20')).toBe(
      'l’hébergement temporaire est limité à 90 jours par année civile : il reste 10 jours en 2027, ce séjour en demande 20',
    );
  });

  it('puts the stage and the reason in one sentence', () => {
    const problem = asProblem(409, { status: 409, detail: 'rejected in stage PLANNING: an assessment is not allowed in stage PLANNING', stage: 'PLANNING', reason: 'an assessment is not allowed in stage PLANNING' });
    expect(refusalSentence(problem)).toBe('Cette étape n’est pas possible maintenant (le parcours est à l’étape « Élaboration du plan ») : elle n’est pas prévue à cette étape du parcours.');
  });

  it('shows a reason it does not know as the server wrote it', () => {
    expect(frenchReason('something new happened')).toBe('something new happened');
    expect(refusalSentence(asProblem(409, { status: 409, detail: 'something new happened' }))).toMatch(/: something new happened\.$/);
  });

  it('says the field rules in French, keeping the score and its range', () => {
    expect(frenchFieldMessage('mmse must be a whole MMSE score from 0 to 30')).toBe('Le score MMSE doit être un nombre entier de 0 à 30.');
    expect(frenchFieldMessage('services[0].provider should not be empty')).toBe('Ce champ est obligatoire.');
    expect(frenchFieldMessage('at (2099-01-01T00:00:00.000Z) is in the future')).toBe('Cette date ne peut pas être dans le futur.');
    expect(frenchFieldMessage('a brand new rule')).toBe('a brand new rule');
  });
});
