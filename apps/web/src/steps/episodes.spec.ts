import type { PathwaySummary } from '../api/client';
import { daysLeftSentence, openFacts, readEpisodes } from './episodes';

const summary = (episodes: unknown, over: Partial<PathwaySummary> = {}) => ({ stage: 'FOLLOW_UP', episodes, consent: { given: true, at: '2026-01-01T00:00:00Z' }, ...over }) as PathwaySummary;

describe('the open episodes read from the summary', () => {
  const episodes = {
    hospitalization: { admittedAt: '2026-03-01T08:00:00Z', facility: 'Hôpital Saint-Antoine' },
    respites: [
      { id: 'respite-1', kind: 'TEMPORARY_ACCOMMODATION', startsAt: '2027-01-04T09:00:00Z', endsAt: '2027-03-25T09:00:00Z', provider: 'EHPAD Les Lilas', status: 'PLANNED', days: { 2027: 80 } },
      { id: 'broken', kind: 'DAY_CARE' },
    ],
    respiteDaysLeft: { 2026: 90, 2027: 10, bad: 'x' },
    crisis: { kind: 'CAREGIVER_EXHAUSTION', openedAt: '2026-03-02T10:00:00Z', actionCount: 0 },
    apa: { submittedAt: '2026-02-01T10:00:00Z', status: 'GRANTED', emergency: false, decision: { decidedAt: '2026-03-01T10:00:00Z', outcome: 'GRANTED', gir: 3 } },
    legalProtection: { kind: 'CURATELLE', status: 'FILED', requestedAt: '2026-01-10T10:00:00Z', filedAt: '2026-01-20T10:00:00Z' },
    nursingHomeApplications: [
      { id: 'nh-1', facility: 'EHPAD Les Tilleuls', submittedAt: '2026-02-01T10:00:00Z', status: 'SUBMITTED' },
      { id: 'nh-2', facility: 'EHPAD Les Lilas', submittedAt: '2026-02-02T10:00:00Z', status: 'REFUSED' },
    ],
  };

  it('keeps what has the expected shape and leaves the rest out', () => {
    const read = readEpisodes(episodes);
    expect(read.respites?.map((r) => r.id)).toEqual(['respite-1']);
    expect(read.respiteDaysLeft).toEqual({ 2026: 90, 2027: 10 });
    expect(read.apa?.decision).toEqual({ decidedAt: '2026-03-01T10:00:00Z', outcome: 'GRANTED', gir: 3 });
    expect(read.complete).toBe(true);
    expect(readEpisodes(null)).toEqual(expect.objectContaining({ complete: false, respites: undefined }));
  });

  it('tells the availability table what is open', () => {
    expect(openFacts(summary(episodes))).toEqual(
      expect.objectContaining({ hospitalized: true, plannedRespites: 1, crisisOpen: true, apaStatus: 'GRANTED', apaProviderDeclared: false, legalStatus: 'FILED', openNursingHomeApplications: 1 }),
    );
  });

  it('leaves unknown what an API without the episode fields does not say', () => {
    const facts = openFacts(summary({ lastDischarge: { facility: 'H', admittedAt: 'a', dischargedAt: 'b', destination: 'HOME' } }));
    expect(facts.crisisOpen).toBeUndefined();
    expect(facts.dischargeLetterAwaited).toBeUndefined();
    expect(facts.hospitalized).toBe(false);
  });

  it('says the temporary accommodation days left, year by year', () => {
    expect(daysLeftSentence({ 2027: 10, 2026: 1 })).toBe('Hébergement temporaire : il reste 1 jour en 2026 ; 10 jours en 2027.');
    expect(daysLeftSentence(undefined)).toBeUndefined();
  });
});
