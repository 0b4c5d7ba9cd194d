import { PathwayCommand } from './commands';
import { decide } from './decide';
import { illFormedTextPaths, isCalendarDate, isCalendarInstant, isId, isWellFormedText } from './field-rules';
import { validateAbsence } from './absence-fields';
import { validateReferral, validateStepInput } from './step-fields';
import { context, JOURNEY, pathwayIn, referralOf, sampleCommand } from './testing/pathway-fixtures';

const LONE_HIGH = '\ud800';
const LONE_LOW = '\udc00';

describe('well-formed text', () => {
  it('refuses a lone surrogate, high or low, anywhere in the text; accepts pairs (emoji) and accents', () => {
    expect(isWellFormedText('Jeanne Müller-Ångström 👵')).toBe(true);
    expect(isWellFormedText(`x${LONE_HIGH}y`)).toBe(false);
    expect(isWellFormedText(`${LONE_HIGH}Jeanne`)).toBe(false);
    expect(isWellFormedText(`Jeanne${LONE_HIGH}`)).toBe(false);
    expect(isWellFormedText(`x${LONE_LOW}`)).toBe(false);
    // a low before a high is two lone surrogates, not a pair
    expect(isWellFormedText(`${LONE_LOW}${LONE_HIGH}`)).toBe(false);
  });

  it('names every ill-formed string and key of an input by its path', () => {
    const input = { patient: { firstName: `${LONE_HIGH}Jeanne`, lastName: 'Martin' }, services: [{ provider: 'ok' }, { provider: `a${LONE_LOW}` }] };
    expect(illFormedTextPaths(input)).toEqual(['patient.firstName', 'services[1].provider']);
    expect(illFormedTextPaths({ [`k${LONE_HIGH}`]: 'v' })).toEqual(['k\\uFFFD']);
    expect(illFormedTextPaths(`${LONE_HIGH}`)).toEqual(['body']);
    expect(illFormedTextPaths({ n: 1, b: true, z: null })).toEqual([]);
  });
});

describe('calendar dates and instants', () => {
  it('a calendar date is YYYY-MM-DD of a day that exists, leap years included', () => {
    expect(isCalendarDate('1943-05-02')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2000-02-29')).toBe(true);
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('1900-02-29')).toBe(false);
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2025-04-31')).toBe(false);
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-00-10')).toBe(false);
    expect(isCalendarDate('1943-05-02T00:00:00Z')).toBe(false);
  });

  it('an instant has a real day, a real time and a real offset (Date.parse alone rolls 30 February to 2 March)', () => {
    expect(Number.isNaN(Date.parse('2026-02-30T10:00:00Z'))).toBe(false);
    expect(isCalendarInstant('2026-02-30T10:00:00Z')).toBe(false);
    expect(isCalendarInstant('2026-02-28T10:00:00Z')).toBe(true);
    expect(isCalendarInstant('2026-12-01T08:00:00.123+01:00')).toBe(true);
    expect(isCalendarInstant('2026-12-01')).toBe(true);
    expect(isCalendarInstant('2026-12-01T24:00:00Z')).toBe(false);
    expect(isCalendarInstant('2026-12-01T08:60:00Z')).toBe(false);
    expect(isCalendarInstant('2026-12-01T08:00:60Z')).toBe(false);
    expect(isCalendarInstant('2026-12-01T08:00:00+15:00')).toBe(false);
    expect(isCalendarInstant('yesterday')).toBe(false);
  });
});

describe('ids', () => {
  it('are a letter or digit then up to 63 of letters, digits, dot, underscore, hyphen', () => {
    for (const ok of ['cm-louise', 'T75-EST', 'NIR-1943-05-0001', 'sup-T75-EST', '3f1c2b1e-8a3b-4a5e-9a43-6f0a4c1a2b3c', 'a'.repeat(64), 'j.doe_2']) {
      expect(isId(ok)).toBe(true);
    }
    for (const bad of ['../admin', '%00', "o'neil", 'two words', '', '-cm', '.hidden', 'a'.repeat(65), 'cm/1', 'é']) {
      expect(isId(bad)).toBe(false);
    }
  });
});

describe('a referral', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  const referral = (patient: Record<string, unknown> = {}, referredAt = '2026-11-20T09:00:00Z') => {
    const base = referralOf(referredAt);
    return { ...base, patient: { ...base.patient, ...patient } } as typeof base;
  };

  it('passes with ordinary values', () => {
    expect(validateReferral(referral(), now)).toEqual([]);
  });

  it('refuses a lone surrogate in a name, naming the field', () => {
    expect(validateReferral(referral({ firstName: `${LONE_HIGH}Jeanne` }), now)).toEqual([
      { field: 'patient.firstName', message: expect.stringMatching(/^patient\.firstName contains a lone surrogate/) },
    ]);
  });

  it('takes a birth date as a calendar date from 1900-01-01 to today, never a date-time', () => {
    const fieldsOf = (birthDate: string) => validateReferral(referral({ birthDate }), now).map((e) => `${e.field}: ${e.message}`);
    expect(fieldsOf('1900-01-01')).toEqual([]);
    expect(fieldsOf('2025-02-30')).toEqual(['patient.birthDate: patient.birthDate must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02']);
    expect(fieldsOf('1943-05-02T00:00:00Z')).toEqual(['patient.birthDate: patient.birthDate must be a calendar date YYYY-MM-DD (no time), e.g. 1943-05-02']);
    expect(fieldsOf('0001-01-01')).toEqual(['patient.birthDate: patient.birthDate (0001-01-01) is before 1900-01-01']);
    expect(fieldsOf('1899-12-31')).toEqual(['patient.birthDate: patient.birthDate (1899-12-31) is before 1900-01-01']);
    expect(fieldsOf('2026-12-02')).toContain('patient.birthDate: patient.birthDate (2026-12-02) is in the future');
  });

  it('refuses a referral date that is not on the calendar', () => {
    expect(validateReferral(referral({}, '2026-02-30T10:00:00Z'), now)).toEqual([
      { field: 'referral.referredAt', message: 'referral.referredAt (2026-02-30T10:00:00Z) is not a real calendar date and time' },
    ]);
  });

  it('takes the external id and the territory from the id alphabet', () => {
    expect(validateReferral(referral({ externalId: '../admin', territory: "o'neil" }), now).map((e) => e.field)).toEqual([
      'patient.externalId',
      'patient.territory',
    ]);
  });
});

describe('a step', () => {
  const referredAt = JOURNEY.referredAt; // 2025-03-03T09:00:00.000Z
  const now = new Date('2025-04-01T09:00:00Z');
  const errorsOf = (command: PathwayCommand) => validateStepInput(command, { now, referredAt });

  it('refuses a lone surrogate in any text, even one no rule names', () => {
    expect(errorsOf({ type: 'logContact', at: '2025-03-20T08:00:00Z', channel: 'PHONE', note: `x${LONE_HIGH}y` })).toEqual([
      { field: 'note', message: expect.stringMatching(/^note contains a lone surrogate/) },
    ]);
    const plan: PathwayCommand = { type: 'recordPlan', services: [{ type: 'SSIAD', provider: `S${LONE_LOW}`, frequency: 'daily', startsAt: '2025-04-02' }] };
    expect(errorsOf(plan).map((e) => e.field)).toEqual(['services[0].provider']);
  });

  it('refuses an event dated before the referral or in 1900 and earlier, and one not on the calendar', () => {
    expect(errorsOf({ type: 'logContact', at: '0001-01-01', channel: 'PHONE' }).map((e) => e.message)).toEqual([
      'at (0001-01-01) is before 1900-01-01',
      'at (0001-01-01) is before the referral (2025-03-03T09:00:00.000Z)',
    ]);
    expect(errorsOf({ type: 'logContact', at: '2025-03-02T09:00:00Z', channel: 'PHONE' }).map((e) => e.message)).toEqual([
      'at (2025-03-02T09:00:00Z) is before the referral (2025-03-03T09:00:00.000Z)',
    ]);
    expect(errorsOf({ type: 'recordConsent', given: true, at: '2025-03-31T25:00:00Z' }).map((e) => e.message)).toEqual([
      'at (2025-03-31T25:00:00Z) is not a real calendar date and time',
    ]);
    expect(errorsOf({ type: 'openCrisis', at: '2025-02-01T09:00:00Z', kind: 'OTHER' }).map((e) => e.field)).toEqual(['at']);
  });

  it('keeps the 5-minute tolerance of the future for facts', () => {
    expect(errorsOf({ type: 'logContact', at: '2025-04-01T09:04:00Z', channel: 'PHONE' })).toEqual([]);
    expect(errorsOf({ type: 'logContact', at: '2025-04-01T09:06:00Z', channel: 'PHONE' }).map((e) => e.field)).toEqual(['at']);
  });

  it('lets a hospital admission and a medical certificate precede the referral (not 1900 or earlier)', () => {
    expect(errorsOf({ type: 'admitToHospital', admittedAt: '2025-02-20T09:00:00Z', facility: 'CHU Bichat' })).toEqual([]);
    expect(errorsOf({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: '2025-01-15' })).toEqual([]);
    expect(errorsOf({ type: 'admitToHospital', admittedAt: '1899-12-31T09:00:00Z', facility: 'CHU Bichat' }).map((e) => e.field)).toEqual(['admittedAt']);
  });

  it('takes planned dates at most 2 years ahead', () => {
    const respite = (endsAt: string): PathwayCommand => ({ type: 'planRespite', kind: 'DAY_CARE', startsAt: '2025-05-01T08:00:00Z', endsAt, provider: 'Les Lilas' });
    expect(errorsOf(respite('2025-05-02T18:00:00Z'))).toEqual([]);
    expect(errorsOf(respite('9999-12-31T00:00:00Z')).map((e) => e.field)).toEqual(['endsAt']);
    const plan = (startsAt: string): PathwayCommand => ({ type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'S', frequency: 'daily', startsAt }] });
    expect(errorsOf(plan('2027-03-31'))).toEqual([]);
    expect(errorsOf(plan('2027-04-02')).map((e) => e.field)).toEqual(['services[0].startsAt']);
  });

  it('names case managers by ids of the alphabet', () => {
    for (const caseManagerId of ['../admin', '%00', "o'neil"]) {
      expect(errorsOf({ type: 'assignCaseManager', caseManagerId }).map((e) => e.field)).toEqual(['caseManagerId']);
    }
    expect(errorsOf({ type: 'assignCaseManager', caseManagerId: 'cm-louise' })).toEqual([]);
  });

  it('is refused by decide too, so the workflow refuses what the API refuses (the referral date comes from the state)', () => {
    const state = pathwayIn('ASSESSMENT');
    const at = '2025-03-20T08:00:00Z';
    expect(decide(state, sampleCommand('logContact', at), context(at)).ok).toBe(true);
    const before = decide(state, { type: 'logContact', at: '0001-01-01', channel: 'PHONE' }, context(at));
    expect(before).toMatchObject({ ok: false, rejection: { errors: [{ field: 'at' }, { field: 'at', message: expect.stringMatching(/before the referral/) }] } });
    const lone = decide(state, { type: 'logContact', at, channel: 'PHONE', note: `x${LONE_HIGH}y` }, context(at));
    expect(lone).toMatchObject({ ok: false, rejection: { errors: [{ field: 'note' }] } });
  });

  it("is not judged again by the workflow's handler (fieldsChecked): on replay, a step recorded before a rule was tightened still applies", () => {
    const state = pathwayIn('ASSESSMENT');
    const at = '2025-03-20T08:00:00Z';
    const recordedLongAgo: PathwayCommand = { type: 'logContact', at: '2025-03-01T08:00:00Z', channel: 'PHONE' };
    expect(decide(state, recordedLongAgo, context(at)).ok).toBe(false);
    expect(decide(state, recordedLongAgo, { ...context(at), fieldsChecked: true }).ok).toBe(true);
  });
});

describe('an absence', () => {
  const now = new Date('2026-12-01T09:00:00Z');
  it('ends after it starts, in the future, within 2 years; covered by ids of the alphabet', () => {
    expect(validateAbsence({ from: '2026-12-10T00:00:00Z', to: '2026-12-24T00:00:00Z', coveredBy: ['cm-david'] }, now)).toEqual([]);
    expect(validateAbsence({ from: '2026-12-10T00:00:00Z', to: '9999-12-31T00:00:00Z', coveredBy: ['cm-david'] }, now).map((e) => e.field)).toEqual(['to']);
    expect(validateAbsence({ from: '2026-12-10T00:00:00Z', to: '2026-12-09T00:00:00Z', coveredBy: ['cm-david'] }, now).map((e) => e.message)).toEqual([
      'to (2026-12-09T00:00:00Z) must be after from (2026-12-10T00:00:00Z)',
    ]);
    expect(validateAbsence({ from: '2026-11-10T00:00:00Z', to: '2026-11-30T00:00:00Z', coveredBy: ['cm-david'] }, now).map((e) => e.field)).toEqual(['to']);
    expect(validateAbsence({ from: '2026-12-10T00:00:00Z', to: '2026-12-24T00:00:00Z', coveredBy: ['../admin'] }, now).map((e) => e.field)).toEqual(['coveredBy[0]']);
  });
});
