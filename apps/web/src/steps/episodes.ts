// The open episodes and files of a pathway, read from its summary.
//
// The API sends every episode of PATHWAY.md in `episodes` (hospital stays, respites, crises, APA, legal
// protection, EHPAD applications) and its OpenAPI document declares them all (EpisodesDto; a test of the
// API fails when the domain sends a field the document lacks), so schema.d.ts types them: read as sent.
import type { PathwaySummary, Schemas } from '../api/client';
import type { OpenFacts } from './availability';

export type OpenEpisodes = Schemas['EpisodesDto'];
export type NursingHomeView = Schemas['NursingHomeApplicationViewDto'];

/**
 * The episodes of a summary. The live summary always sends the lists; a closed pathway's summary is the
 * one stored at its closure, which lacks them when the pathway closed before episodes existed: they read
 * as none here, so callers need not check.
 */
export function readEpisodes(episodes: OpenEpisodes): OpenEpisodes {
  return { ...episodes, respites: episodes.respites ?? [], respiteDaysLeft: episodes.respiteDaysLeft ?? {}, nursingHomeApplications: episodes.nursingHomeApplications ?? [] };
}

const OPEN_APPLICATION: ReadonlyArray<NursingHomeView['status']> = ['SUBMITTED', 'WAITLISTED'];
export const isOpenApplication = (a: NursingHomeView) => OPEN_APPLICATION.includes(a.status);

/** What availability.ts needs to know of the summary. */
export function openFacts(summary: PathwaySummary, episodes: OpenEpisodes = readEpisodes(summary.episodes)): OpenFacts {
  const discharge = episodes.lastDischarge;
  return {
    consentGiven: summary.consent?.given === true,
    hasPlan: Boolean(summary.plan),
    planAcknowledged: Boolean(summary.plan?.acknowledgedAt),
    hospitalized: Boolean(episodes.hospitalization),
    dischargeLetterAwaited: Boolean(discharge && !discharge.dischargeLetterReceivedAt),
    servicesRestartAwaited: Boolean(discharge && discharge.destination === 'HOME' && !discharge.servicesRestartedAt),
    plannedRespites: episodes.respites.filter((r) => r.status === 'PLANNED').length,
    crisisOpen: Boolean(episodes.crisis && !episodes.crisis.resolvedAt),
    apaStatus: episodes.apa?.status ?? null,
    apaProviderDeclared: Boolean(episodes.apa?.provider),
    legalStatus: episodes.legalProtection?.status ?? null,
    openNursingHomeApplications: episodes.nursingHomeApplications.filter(isOpenApplication).length,
    bookedAppointments: (summary.appointments ?? []).filter((a) => a.status === 'BOOKED').length,
  };
}

/** "il reste 90 jours en 2026 ; 10 jours en 2027", from the summary's count per calendar year. */
export function daysLeftSentence(daysLeft: OpenEpisodes['respiteDaysLeft'] | undefined): string | undefined {
  const years = Object.entries(daysLeft ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (years.length === 0) return undefined;
  return `Hébergement temporaire : il reste ${years.map(([year, n]) => `${n} jour${n > 1 ? 's' : ''} en ${year}`).join(' ; ')}.`;
}
