/** The pathway as an EpisodeOfCare, and the referral that opened it as a ServiceRequest. */
import type { PathwayStage, PathwaySummary } from '@pathway/domain';
import type { PathwayRecord, TimelineEvent } from '@pathway/persistence';
import { caseManagerRef, instant, ref, Resource, SYSTEMS, territoryRef } from './resources';

export type EpisodeStatus = 'planned' | 'waitlist' | 'active' | 'finished' | 'cancelled';

/**
 * FHIR's episode status from the stage: referred → planned, waiting for a case manager → waitlist,
 * every case-managed stage → active; closed → finished, or cancelled when case management never
 * started (refused or reoriented at eligibility, closed while waiting: nobody took it on).
 */
export function episodeStatus(stage: PathwayStage, everAssigned: boolean): EpisodeStatus {
  switch (stage) {
    case 'REFERRED':
      return 'planned';
    case 'AWAITING_ASSIGNMENT':
      return 'waitlist';
    case 'CLOSED':
      return everAssigned ? 'finished' : 'cancelled';
    default:
      return 'active';
  }
}

const everAssigned = (timeline: TimelineEvent[]) => timeline.some((e) => e.type === 'CASE_MANAGER_ASSIGNED');

/** The stage after each event that says it (the events of a step carry the stage they leave the pathway in). */
function stageAfter(event: TimelineEvent): PathwayStage | undefined {
  if (event.type === 'REFERRAL_RECEIVED') return 'REFERRED';
  if (event.type === 'PATHWAY_CLOSED') return 'CLOSED';
  const stage = event.data?.stage;
  return typeof stage === 'string' ? (stage as PathwayStage) : undefined;
}

/** Each status the episode has been in, with its period; the last one is open unless the pathway is closed. */
export function statusHistory(timeline: TimelineEvent[]): { status: EpisodeStatus; period: { start: string; end?: string } }[] {
  const assigned = everAssigned(timeline);
  const history: { status: EpisodeStatus; period: { start: string; end?: string } }[] = [];
  for (const event of timeline) {
    const stage = stageAfter(event);
    if (!stage) continue;
    const status = episodeStatus(stage, assigned);
    const last = history[history.length - 1];
    if (last?.status === status) continue;
    const at = instant(event.at);
    if (last) last.period.end = at;
    history.push({ status, period: { start: at } });
  }
  return history;
}

export function episodeOfCare(pathway: PathwayRecord, summary: PathwaySummary, timeline: TimelineEvent[], patientId: string): Resource {
  return {
    resourceType: 'EpisodeOfCare',
    id: pathway.id,
    meta: { lastUpdated: instant(pathway.updatedAt) },
    status: episodeStatus(summary.stage, everAssigned(timeline)),
    statusHistory: statusHistory(timeline),
    type: [{ coding: [{ system: SYSTEMS.episodeType, code: 'maia-case-management', display: 'MAIA case management (gestion de cas)' }] }],
    patient: ref('Patient', patientId),
    managingOrganization: territoryRef(pathway.territory),
    period: { start: instant(pathway.referredAt), ...(pathway.closedAt ? { end: instant(pathway.closedAt) } : {}) },
    referralRequest: [ref('ServiceRequest', pathway.id)],
    ...(summary.caseManagerId ? { careManager: caseManagerRef(summary.caseManagerId) } : {}),
    team: [ref('CareTeam', pathway.id)],
  };
}

/** The referral: requested by its source, for case management in the territory; closed with the pathway. */
export function serviceRequest(pathway: PathwayRecord, summary: PathwaySummary, patientId: string): Resource {
  const eligibility = summary.eligibility as { decision?: string } | undefined;
  const refused = eligibility?.decision !== undefined && eligibility.decision !== 'ACCEPTED';
  return {
    resourceType: 'ServiceRequest',
    id: pathway.id,
    meta: { lastUpdated: instant(pathway.updatedAt) },
    status: refused ? 'revoked' : pathway.closedAt ? 'completed' : 'active',
    intent: 'order',
    code: { coding: [{ system: SYSTEMS.episodeType, code: 'maia-case-management', display: 'MAIA case management (gestion de cas)' }] },
    subject: ref('Patient', patientId),
    authoredOn: instant(summary.referral.referredAt),
    requester: { display: summary.referral.source },
    performer: [territoryRef(pathway.territory)],
    ...(summary.referral.diagnosis ? { reasonCode: [{ text: summary.referral.diagnosis }] } : {}),
  };
}
