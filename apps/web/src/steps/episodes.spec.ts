import type { PathwaySummary, Schemas } from '../api/client';
import { daysLeftSentence, openFacts, readEpisodes, type OpenEpisodes } from './episodes';

const summary = (episodes: OpenEpisodes, over: Partial<PathwaySummary> = {}) => ({ stage: 'FOLLOW_UP', episodes, consent: { given: true, at: '2026-01-01T00:00:00Z' }, ...over }) as PathwaySummary;
const none: OpenEpisodes = { respites: [], respiteDaysLeft: {}, nursingHomeApplications: [] };

describe('the open episodes read from the summary', () => {
  const respite: Schemas['RespiteViewDto'] = {
    id: 'respite-1',
    kind: 'TEMPORARY_ACCOMMODATION',
    startsAt: '2027-01-04T09:00:00Z',
    endsAt: '2027-03-25T09:00:00Z',
    provider: 'EHPAD Les Lilas',
    plannedAt: '2026-03-01T09:00:00Z',
    status: 'PLANNED',
    days: { 2027: 80 },
    deadlines: [],
  };
  const episodes: OpenEpisodes = {
    hospitalization: { admittedAt: '2026-03-01T08:00:00Z', facility: 'Hôpital Saint-Antoine', apaAlertAt: '2026-03-31T08:00:00Z' },
    respite,
    respites: [respite],
    respiteDaysLeft: { 2026: 90, 2027: 10 },
    crisis: { kind: 'CAREGIVER_EXHAUSTION', openedAt: '2026-03-02T10:00:00Z', actionCount: 0, deadlines: [] },
    apa: {
      submittedAt: '2026-02-01T10:00:00Z',
      completeFileAt: '2026-02-01T10:00:00Z',
      status: 'GRANTED',
      emergency: false,
      decision: { decidedAt: '2026-03-01T10:00:00Z', outcome: 'GRANTED', gir: 3 },
      deadlines: [],
    },
    legalProtection: { kind: 'CURATELLE', status: 'FILED', requestedAt: '2026-01-10T10:00:00Z', filedAt: '2026-01-20T10:00:00Z', deadlines: [] },
    nursingHomeApplications: [
      { id: 'nh-1', facility: 'EHPAD Les Tilleuls', submittedAt: '2026-02-01T10:00:00Z', status: 'SUBMITTED', deadlines: [] },
      { id: 'nh-2', facility: 'EHPAD Les Lilas', submittedAt: '2026-02-02T10:00:00Z', status: 'REFUSED', decidedAt: '2026-02-20T10:00:00Z', deadlines: [] },
    ],
  };

  it('tells the availability table what is open', () => {
    expect(openFacts(summary(episodes))).toEqual(
      expect.objectContaining({ hospitalized: true, plannedRespites: 1, crisisOpen: true, apaStatus: 'GRANTED', apaProviderDeclared: false, legalStatus: 'FILED', openNursingHomeApplications: 1 }),
    );
    expect(openFacts(summary(none))).toEqual(expect.objectContaining({ hospitalized: false, plannedRespites: 0, crisisOpen: false, apaStatus: null, legalStatus: null }));
  });

  it('awaits the letter and the services restart of the last discharge home until they are recorded', () => {
    const lastDischarge: Schemas['HospitalDischargeViewDto'] = { facility: 'H', admittedAt: '2026-03-01T08:00:00Z', dischargedAt: '2026-03-05T08:00:00Z', destination: 'HOME', deadlines: [] };
    expect(openFacts(summary({ ...none, lastDischarge }))).toEqual(expect.objectContaining({ dischargeLetterAwaited: true, servicesRestartAwaited: true }));
    const followedUp = { ...lastDischarge, dischargeLetterReceivedAt: '2026-03-05T12:00:00Z', servicesRestartedAt: '2026-03-06T08:00:00Z' };
    expect(openFacts(summary({ ...none, lastDischarge: followedUp }))).toEqual(expect.objectContaining({ dischargeLetterAwaited: false, servicesRestartAwaited: false }));
  });

  it('reads the lists of a summary stored before episodes existed as none', () => {
    const stored = { institution: { admittedAt: '2025-01-01T00:00:00Z', facility: 'EHPAD' } } as OpenEpisodes;
    expect(readEpisodes(stored)).toEqual({ ...none, institution: stored.institution });
  });

  it('says the temporary accommodation days left, year by year', () => {
    expect(daysLeftSentence({ 2027: 10, 2026: 1 })).toBe('Hébergement temporaire : il reste 1 jour en 2026 ; 10 jours en 2027.');
    expect(daysLeftSentence(undefined)).toBeUndefined();
  });
});
