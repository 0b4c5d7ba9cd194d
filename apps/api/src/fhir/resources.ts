/**
 * What the FHIR mappers share: the loose resource type they build (the R4 StructureDefinitions, not
 * TypeScript, are the contract: the e2e tests validate every answer against them), references, and
 * the code systems and identifier systems of this product.
 */
import { createHash } from 'node:crypto';

export type Resource = { resourceType: string; id: string; meta?: { lastUpdated?: string }; [field: string]: unknown };
export type Reference = { reference?: string; type?: string; identifier?: { system: string; value: string }; display?: string };

export const FHIR_JSON = 'application/fhir+json';

/** Where this product's own code systems and identifier systems live (one base, like the problem types). */
const BASE = 'https://care-pathway.example/fhir';
export const SYSTEMS = {
  caseManager: `${BASE}/sid/case-manager`,
  territory: `${BASE}/sid/territory`,
  /** The territory's own patient identifier (the referral's `externalId`), one system per territory. */
  localPatient: (territory: string) => `${BASE}/sid/patient/${encodeURIComponent(territory)}`,
  physicianEmail: `${BASE}/sid/physician-email`,
  clock: `${BASE}/CodeSystem/deadline`,
  deadlineStatus: `${BASE}/CodeSystem/deadline-status`,
  serviceType: `${BASE}/CodeSystem/service-type`,
  assessment: `${BASE}/CodeSystem/assessment`,
  episodeType: `${BASE}/CodeSystem/episode-type`,
  careTeamRole: `${BASE}/CodeSystem/care-team-role`,
  reminderKind: `${BASE}/CodeSystem/reminder-kind`,
} as const;

export const ref = (type: string, id: string, display?: string): Reference => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });

/** A case manager is not served as a Practitioner: the reference names them by their id in this product. */
export const caseManagerRef = (id: string): Reference => ({ type: 'Practitioner', identifier: { system: SYSTEMS.caseManager, value: id } });

/** The territory (MAIA / DAC) as the organisation in charge. */
export const territoryRef = (territory: string): Reference => ({ type: 'Organization', identifier: { system: SYSTEMS.territory, value: territory }, display: territory });

/**
 * The id of a resource that belongs to one pathway: the pathway id, a dot and a short stable digest
 * of what it is within the pathway (a FHIR id is at most 64 characters; `<uuid>.<clock>.<ref>` is not).
 * Reads parse the pathway id back and rebuild the pathway's resources to find it.
 */
export function partId(pathwayId: string, key: string): string {
  return `${pathwayId}.${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** The pathway a part id (or a pathway id) belongs to. */
export function pathwayOfId(id: string): string | undefined {
  const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.|$)/i.exec(id);
  return match?.[1];
}

/** An instant as FHIR wants it (the domain's strings may carry a zone offset, and dates only). */
export function instant(value: string | Date): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** A date-time: the domain accepts plain dates too, which FHIR dateTime also allows. */
export function dateTime(value: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : instant(value);
}
