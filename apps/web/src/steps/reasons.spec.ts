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

  it('says the rules of what the database can store in French (calendar, bounds, text, ids)', () => {
    expect(frenchFieldMessage('referral.referredAt (2026-02-30T10:00:00Z) is not a real calendar date and time')).toBe('Cette date n’existe pas au calendrier.');
    expect(frenchFieldMessage('patient.birthDate must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02')).toBe('Indiquez une date (jour, mois, année), sans heure.');
    expect(frenchFieldMessage('at (0001-01-01) is before 1900-01-01')).toBe('Cette date est antérieure à 1900.');
    expect(frenchFieldMessage('endsAt (9999-12-31T00:00:00Z) is more than 2 years ahead (after 2028-12-01T09:00:00.000Z)')).toBe('Cette date est à plus de deux ans.');
    expect(frenchFieldMessage('note contains a lone surrogate (a UTF-16 code unit U+D800–U+DFFF outside a pair), which is not Unicode text')).toBe(
      'Ce texte contient un caractère invalide : retapez-le.',
    );
    expect(frenchFieldMessage("caseManagerId must be 1 to 64 characters among A-Z a-z 0-9 . _ -, starting with a letter or digit")).toMatch(/^De 1 à 64 caractères/);
  });
});
