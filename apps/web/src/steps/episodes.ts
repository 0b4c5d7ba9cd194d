// The open episodes and files of a pathway, read from its summary.
//
// The API sends every episode of PATHWAY.md in `episodes` (respites, crisis, APA, legal protection,
// EHPAD applications), but its OpenAPI document declares only the hospital stay, the last discharge and
// the institution (EpisodesDto), so schema.d.ts does not type the rest. They are read here defensively,
// field by field: anything missing or of another shape is left out, never trusted.
import type { PathwaySummary } from '../api/client';
import type { OpenFacts } from './availability';

export interface DischargeView {
  facility: string;
  admittedAt: string;
  dischargedAt: string;
  destination: string;
  dischargeLetterReceivedAt?: string;
  servicesRestartedAt?: string;
}
export interface RespiteView {
  id: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  provider: string;
  status: string;
}
export interface CrisisView {
  kind: string;
  openedAt: string;
  note?: string;
  firstActionAt?: string;
  actionCount?: number;
  resolvedAt?: string;
}
export interface ApaView {
  submittedAt: string;
  status: string;
  emergency?: boolean;
  acknowledgedAt?: string;
  deemedGrantedAt?: string;
  decision?: { decidedAt: string; outcome: string; gir?: number };
  provider?: { declaredAt: string; provider: string };
}
export interface LegalView {
  kind: string;
  status: string;
  requestedAt: string;
  certificateAt?: string;
  filedAt?: string;
  measure?: { kind: string; endsAt: string; representative?: string };
}
export interface NursingHomeView {
  id: string;
  facility: string;
  submittedAt: string;
  status: string;
  medicalPartCompletedAt?: string;
}

export interface OpenEpisodes {
  hospitalization?: { admittedAt: string; facility: string; reason?: string };
  lastDischarge?: DischargeView;
  institution?: { admittedAt: string; facility: string };
  /** Undefined: the API did not say (older API); an empty list: none. */
  respites?: RespiteView[];
  /** Temporary accommodation days left per calendar year. */
  respiteDaysLeft?: Record<string, number>;
  crisis?: CrisisView;
  apa?: ApaView;
  legalProtection?: LegalView;
  nursingHomeApplications?: NursingHomeView[];
  /** Whether the API sent the episodes beyond the three its OpenAPI document declares. */
  complete: boolean;
}

type Json = Record<string, unknown>;
const record = (v: unknown): Json | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The record, when every `required` key is a string; with `optional` string keys copied when they are strings. */
function pick<T>(v: unknown, required: string[], optional: string[] = []): T | undefined {
  const r = record(v);
  if (!r || !required.every((k) => typeof r[k] === 'string')) return undefined;
  const out: Json = {};
  for (const k of [...required, ...optional]) if (typeof r[k] === 'string') out[k] = r[k];
  return out as T;
}

const list = <T>(v: unknown, read: (item: unknown) => T | undefined): T[] | undefined =>
  Array.isArray(v) ? v.map(read).filter((x): x is T => x !== undefined) : undefined;

export function readEpisodes(episodes: unknown): OpenEpisodes {
  const e = record(episodes) ?? {};
  const apa = pick<ApaView>(e.apa, ['submittedAt', 'status'], ['acknowledgedAt', 'deemedGrantedAt']);
  if (apa) {
    const raw = record(e.apa) ?? {};
    if (typeof raw.emergency === 'boolean') apa.emergency = raw.emergency;
    const decision = pick<NonNullable<ApaView['decision']>>(raw.decision, ['decidedAt', 'outcome']);
    if (decision) apa.decision = { ...decision, gir: num(record(raw.decision)?.gir) };
    const provider = pick<NonNullable<ApaView['provider']>>(raw.provider, ['declaredAt', 'provider']);
    if (provider) apa.provider = provider;
  }
  const legal = pick<LegalView>(e.legalProtection, ['kind', 'status', 'requestedAt'], ['certificateAt', 'filedAt']);
  if (legal) {
    const measure = pick<NonNullable<LegalView['measure']>>(record(e.legalProtection)?.measure, ['kind', 'endsAt'], ['representative']);
    if (measure) legal.measure = measure;
  }
  const crisis = pick<CrisisView>(e.crisis, ['kind', 'openedAt'], ['note', 'firstActionAt', 'resolvedAt']);
  if (crisis) crisis.actionCount = num(record(e.crisis)?.actionCount);
  const daysLeft = record(e.respiteDaysLeft);
  return {
    hospitalization: pick(e.hospitalization, ['admittedAt', 'facility'], ['reason']),
    lastDischarge: pick(e.lastDischarge, ['facility', 'admittedAt', 'dischargedAt', 'destination'], ['dischargeLetterReceivedAt', 'servicesRestartedAt']),
    institution: pick(e.institution, ['admittedAt', 'facility']),
    respites: list(e.respites, (r) => pick<RespiteView>(r, ['id', 'kind', 'startsAt', 'endsAt', 'provider', 'status'])),
    respiteDaysLeft: daysLeft && Object.fromEntries(Object.entries(daysLeft).filter((entry): entry is [string, number] => num(entry[1]) !== undefined)),
    crisis,
    apa,
    legalProtection: legal,
    nursingHomeApplications: list(e.nursingHomeApplications, (a) => pick<NursingHomeView>(a, ['id', 'facility', 'submittedAt', 'status'], ['medicalPartCompletedAt'])),
    complete: Array.isArray(e.respites) && Array.isArray(e.nursingHomeApplications),
  };
}

const OPEN_APPLICATION = ['SUBMITTED', 'WAITLISTED'];
export const isOpenApplication = (a: NursingHomeView) => OPEN_APPLICATION.includes(a.status);

/** What availability.ts needs to know of the summary; unknown stays undefined when the API did not say. */
export function openFacts(summary: PathwaySummary, episodes: OpenEpisodes = readEpisodes(summary.episodes)): OpenFacts {
  const discharge = episodes.lastDischarge;
  const facts: OpenFacts = {
    consentGiven: summary.consent?.given === true,
    hasPlan: Boolean(summary.plan),
    planAcknowledged: Boolean(summary.plan?.acknowledgedAt),
    hospitalized: Boolean(episodes.hospitalization),
    dischargeLetterAwaited: Boolean(discharge && !discharge.dischargeLetterReceivedAt),
    servicesRestartAwaited: Boolean(discharge && discharge.destination === 'HOME' && !discharge.servicesRestartedAt),
  };
  if (!episodes.complete) return { ...facts, dischargeLetterAwaited: discharge ? undefined : false, servicesRestartAwaited: discharge ? undefined : false };
  return {
    ...facts,
    plannedRespites: (episodes.respites ?? []).filter((r) => r.status === 'PLANNED').length,
    crisisOpen: Boolean(episodes.crisis && !episodes.crisis.resolvedAt),
    apaStatus: episodes.apa?.status ?? null,
    apaProviderDeclared: Boolean(episodes.apa?.provider),
    legalStatus: episodes.legalProtection?.status ?? null,
    openNursingHomeApplications: (episodes.nursingHomeApplications ?? []).filter(isOpenApplication).length,
  };
}

/** "il reste 90 jours en 2026 ; 10 jours en 2027", from the summary's count per calendar year. */
export function daysLeftSentence(daysLeft: Record<string, number> | undefined): string | undefined {
  const years = Object.entries(daysLeft ?? {}).sort(([a], [b]) => a.localeCompare(b));
  if (years.length === 0) return undefined;
  return `Hébergement temporaire : il reste ${years.map(([year, n]) => `${n} jour${n > 1 ? 's' : ''} en ${year}`).join(' ; ')}.`;
}
