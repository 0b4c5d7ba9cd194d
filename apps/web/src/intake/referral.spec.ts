import { answerKept, unplacedErrors } from '../steps/form';
import { asProblem } from '../api/problem';
import { asReferralAnswer, hasCaregiver, initialReferral, openPathwayOf, REFERRAL_FIELDS, referralBody, referralFieldMessage } from './referral';

const typed = (over: Record<string, string>) => ({ ...initialReferral(new Date(2026, 10, 23, 9, 30)), ...over });

describe('a referral as the intake coordinator types it', () => {
  it('starts empty, dated now, and names every field as the API does so its errors land under them', () => {
    const draft = initialReferral(new Date(2026, 10, 23, 9, 30));
    expect(draft['referral.referredAt']).toBe('2026-11-23T09:30');
    expect(draft['patient.lastName']).toBe('');
    expect(REFERRAL_FIELDS.map((f) => f.name)).toEqual(
      expect.arrayContaining(['patient.externalId', 'patient.firstName', 'patient.lastName', 'patient.birthDate', 'referral.source', 'referral.referredAt', 'physician.name', 'physician.email']),
    );
    expect(REFERRAL_FIELDS.every((f) => f.label.trim() !== '')).toBe(true);
  });

  it('is sent in the coordinator’s territory, text trimmed, the referral date as an instant, blank optional text left out', () => {
    const now = new Date(2026, 10, 23, 9, 30, 12);
    const body = referralBody(
      typed({
        'patient.lastName': ' Martin ',
        'patient.firstName': 'Jeanne',
        'patient.birthDate': '1941-03-02',
        'patient.externalId': 'NIR-1',
        'referral.source': 'Dr Durand',
        'referral.referredAt': '2026-11-22T14:00',
        'referral.diagnosis': '  ',
        'referral.referrerEmail': ' gériatrie@hopital.example ',
        'physician.name': 'Dr Durand',
        'physician.email': ' durand@cabinet.example ',
      }),
      'T75-EST',
      now,
    );
    expect(body).toEqual({
      patient: { externalId: 'NIR-1', firstName: 'Jeanne', lastName: 'Martin', birthDate: '1941-03-02', territory: 'T75-EST' },
      referral: { source: 'Dr Durand', referredAt: new Date(2026, 10, 22, 14, 0).toISOString(), diagnosis: undefined, referrerEmail: 'gériatrie@hopital.example' },
      physician: { name: 'Dr Durand', email: 'durand@cabinet.example' },
      caregiver: undefined,
    });
  });

  it('sends a blank required field as blank, so the API names it rather than the form guessing', () => {
    const body = referralBody(typed({}), 'T75-EST');
    expect(body.patient.lastName).toBe('');
    expect(body.patient.birthDate).toBe('');
    expect(body.physician.email).toBe('');
  });

  it('sends the caregiver only when something was typed about them, and then requires their name and relationship', () => {
    const without = typed({});
    expect(hasCaregiver(without)).toBe(false);
    expect(referralBody(without, 'T75-EST').caregiver).toBeUndefined();
    const phoneOnly = typed({ 'caregiver.phone': '06 00 00 00 00' });
    expect(hasCaregiver(phoneOnly)).toBe(true);
    expect(referralBody(phoneOnly, 'T75-EST').caregiver).toEqual({ name: '', relationship: '', phone: '06 00 00 00 00', email: undefined });
    const name = REFERRAL_FIELDS.find((f) => f.name === 'caregiver.name');
    expect(typeof name?.required === 'function' && name.required(phoneOnly)).toBe(true);
    expect(typeof name?.required === 'function' && name.required(without)).toBe(false);
  });

  it('places nested field errors under their field, and lists only the others (the territory) on top', () => {
    const errors = [
      { field: 'patient.birthDate', message: 'patient.birthDate (2099-01-01) is in the future' },
      { field: 'caregiver', message: 'caregiver must be an object' },
      { field: 'patient.territory', message: 'patient.territory should not be empty' },
    ];
    expect(unplacedErrors(errors, REFERRAL_FIELDS, typed({}))).toEqual([errors[2]]);
  });

  it('says a bad email and a referral before the birth in French and leaves the domain’s messages to reasons.ts', () => {
    expect(referralFieldMessage('physician.email must be an email')).toMatch(/^Indiquez une adresse électronique valide/);
    expect(referralFieldMessage('referral.referredAt is before patient.birthDate')).toBe('L’orientation ne peut pas précéder la naissance de la personne.');
    expect(referralFieldMessage('patient.birthDate (2099-01-01) is in the future')).toBe('patient.birthDate (2099-01-01) is in the future');
  });
});

describe('a patient who already has an open pathway', () => {
  const duplicate = { type: 'about:blank', title: 'Patient already has an open pathway', status: 409, detail: 'patient NIR-1 of territory T75-EST already has an open pathway (p-1)', openPathwayId: 'p-1' };

  it('names the open pathway from the 409, and nothing else does', () => {
    expect(openPathwayOf(409, duplicate)).toBe('p-1');
    expect(openPathwayOf(409, { ...duplicate, openPathwayId: undefined })).toBeUndefined();
    expect(openPathwayOf(400, duplicate)).toBeUndefined();
    expect(openPathwayOf(409, undefined)).toBeUndefined();
  });

  it('is an answer, not a request still in progress: sent again, it gets a new Idempotency-Key and is judged again', () => {
    const response = new Response(null, { status: 409 });
    expect(answerKept(409, asProblem(409, duplicate))).toBe(false);
    const read = asReferralAnswer({ error: duplicate, response });
    expect(answerKept(409, asProblem(409, read.error))).toBe(true);
    expect(read.error).toMatchObject({ openPathwayId: 'p-1', detail: duplicate.detail });
    // The 409 of a key still in progress stays one.
    const busy = { title: 'Conflict', status: 409, detail: 'a request with this Idempotency-Key is in progress' };
    expect(answerKept(409, asProblem(409, asReferralAnswer({ error: busy, response }).error))).toBe(false);
  });
});
