/** What /fhir/R4 serves, exactly: the resource types, their interactions and search parameters, $everything. */
import type { Resource } from './resources';

type Param = { name: string; type: string; documentation: string };

const COMMON: Param[] = [
  { name: '_lastUpdated', type: 'date', documentation: 'when the pathway last changed (its projection)' },
  { name: '_count', type: 'number', documentation: 'page size, 1–200 (default 20); the Bundle links page with _offset' },
];

/** Every resource type served: each can be read, and those with search parameters searched. */
export const SERVED: { type: string; search?: Param[]; include?: string[]; everything?: boolean; documentation: string }[] = [
  {
    type: 'Patient',
    documentation: 'the person referred; identifier: the INS (urn:oid:1.2.250.1.213.1.4.8) when known, and the territory-local identifier',
    search: [{ name: 'identifier', type: 'token', documentation: 'urn:oid:1.2.250.1.213.1.4.8|<INS> or <territory identifier system>|<value>' }],
    everything: true,
  },
  { type: 'RelatedPerson', documentation: 'the caregiver, and the legal representative a protection measure appoints' },
  {
    type: 'EpisodeOfCare',
    documentation: 'the care pathway; status from its stage, statusHistory from its timeline',
    search: [
      { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
      { name: 'status', type: 'token', documentation: 'planned | waitlist | active | finished | cancelled (comma-separated for several)' },
      { name: 'care-manager', type: 'reference', documentation: 'the case manager id' },
      ...COMMON,
    ],
    include: ['EpisodeOfCare:patient'],
  },
  { type: 'ServiceRequest', documentation: 'the referral that opened the pathway (same id as the EpisodeOfCare)' },
  { type: 'CarePlan', documentation: 'each version of the individual plan (PSI): the current one active, older ones revoked; one activity per service' },
  { type: 'CareTeam', documentation: 'case manager, attending physician, caregiver (same id as the EpisodeOfCare)' },
  {
    type: 'Task',
    documentation: 'each running deadline of an open pathway: restriction.period.end is when it is due, businessStatus overdue or on-time',
    search: [
      { name: 'owner', type: 'reference', documentation: 'the case manager id (or https://care-pathway.example/fhir/sid/case-manager|<id>)' },
      { name: 'status', type: 'token', documentation: 'in-progress (a running deadline is in progress)' },
      { name: 'business-status', type: 'token', documentation: 'overdue | on-time' },
      { name: 'period', type: 'date', documentation: 'the due date (restriction.period.end), e.g. period=le2027-03-01' },
      { name: 'patient', type: 'reference', documentation: 'Patient/<id>' },
      { name: 'focus', type: 'reference', documentation: 'EpisodeOfCare/<id>' },
      ...COMMON,
    ],
  },
  { type: 'Observation', documentation: 'assessment scores: MMSE (LOINC 72106-8), AGGIR GIR and Zarit (local codes)' },
  { type: 'Encounter', documentation: 'hospital stays' },
  { type: 'Consent', documentation: "the person's consent to case management" },
  { type: 'Communication', documentation: 'reminders sent (to whom by role, about what, when)' },
];

export function capabilityStatement(base: string, software: { version: string }): Resource {
  return {
    resourceType: 'CapabilityStatement',
    id: 'care-pathway-orchestrator',
    url: `${base}/metadata`,
    name: 'CarePathwayOrchestrator',
    title: 'Care-pathway orchestrator: MAIA case management pathways',
    status: 'active',
    date: '2026-12-01',
    publisher: 'care-pathway orchestrator',
    kind: 'instance',
    software: { name: 'care-pathway-orchestrator', version: software.version },
    implementation: { description: 'Read-only FHIR R4 face of the care pathways', url: base },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        documentation:
          'Read-only. Every call needs the same bearer token as the REST API and sees only what the REST API shows that caller; ' +
          'a resource out of reach is 404. Unsupported search parameters are refused (400).',
        security: { service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'OAuth' }] }], description: 'Bearer JWT (HS256 locally, an OIDC issuer in production)' },
        resource: SERVED.map((r) => ({
          type: r.type,
          documentation: r.documentation,
          interaction: [{ code: 'read' }, ...(r.search ? [{ code: 'search-type' }] : [])],
          ...(r.search ? { searchParam: r.search } : {}),
          ...(r.include ? { searchInclude: r.include } : {}),
          ...(r.everything
            ? { operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything', documentation: "the person's whole file: every pathway in reach and its resources" }] }
            : {}),
        })),
      },
    ],
  };
}
