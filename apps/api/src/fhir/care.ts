/**
 * The care of one pathway: the plan versions (CarePlan), the team (CareTeam), the assessments'
 * scores (Observation), hospital stays (Encounter), the consent (Consent) and the reminders sent
 * (Communication). Pure functions of what the REST API shows: the summary, the timeline and the outbox.
 */
import type { PathwaySummary, PlanService } from '@pathway/domain';
import type { PathwayRecord, ReminderRecord, TimelineEvent } from '@pathway/persistence';
import { caseManagerRef, dateTime, instant, partId, ref, Resource, SYSTEMS } from './resources';

const SERVICE_ACTIVITY_STATUS: Record<string, string> = { PLANNED: 'scheduled', STARTED: 'in-progress', SUSPENDED: 'on-hold', STOPPED: 'stopped' };

/**
 * One CarePlan per plan version (the PSI): the current one active (completed once the pathway is
 * closed), every older one revoked. One activity per service, performed by its provider.
 */
export function carePlans(pathway: PathwayRecord, summary: PathwaySummary, timeline: TimelineEvent[], patientId: string): Resource[] {
  const versions = timeline.filter((e) => e.type === 'PLAN_RECORDED');
  const current = summary.plan;
  return versions.map((event) => {
    const version = Number(event.data.version);
    const isCurrent = current?.version === version;
    const services = (isCurrent ? current.services : (event.data.services as PlanService[] | undefined) ?? []) as Partial<PlanService>[];
    return {
      resourceType: 'CarePlan',
      id: partId(pathway.id, `plan:${version}`),
      meta: { lastUpdated: instant(isCurrent ? pathway.updatedAt : event.at) },
      status: !isCurrent ? 'revoked' : pathway.closedAt ? 'completed' : 'active',
      intent: 'plan',
      title: `Plan personnalisé de santé, version ${version}`,
      subject: ref('Patient', patientId),
      period: { start: instant(event.at) },
      created: instant(event.at),
      ...(summary.caseManagerId ? { author: caseManagerRef(summary.caseManagerId) } : {}),
      careTeam: [ref('CareTeam', pathway.id)],
      supportingInfo: [ref('EpisodeOfCare', pathway.id)],
      ...(isCurrent && current.acknowledgedAt ? { note: [{ time: instant(current.acknowledgedAt), text: `acknowledged by the attending physician${current.acknowledgementComment ? `: ${current.acknowledgementComment}` : ''}` }] } : {}),
      activity: services.map((s) => ({
        detail: {
          kind: 'ServiceRequest',
          code: { coding: [{ system: SYSTEMS.serviceType, code: s.type }] },
          status: SERVICE_ACTIVITY_STATUS[s.status ?? 'PLANNED'] ?? 'unknown',
          ...(s.startsAt ? { scheduledPeriod: { start: dateTime(s.startsAt) } } : {}),
          ...(s.provider ? { performer: [{ display: s.provider }] } : {}),
          ...(s.frequency ? { description: s.frequency } : {}),
        },
      })),
    };
  });
}

/** The people around the pathway: the case manager, the attending physician, the caregiver. */
export function careTeam(pathway: PathwayRecord, summary: PathwaySummary, patientId: string, caregiverId: string | undefined): Resource {
  return {
    resourceType: 'CareTeam',
    id: pathway.id,
    meta: { lastUpdated: instant(pathway.updatedAt) },
    status: pathway.closedAt ? 'inactive' : 'active',
    name: 'Équipe de coordination du parcours',
    subject: ref('Patient', patientId),
    managingOrganization: [{ type: 'Organization', identifier: { system: SYSTEMS.territory, value: pathway.territory }, display: pathway.territory }],
    participant: [
      ...(summary.caseManagerId ? [{ role: [{ coding: [{ system: SYSTEMS.careTeamRole, code: 'case-manager', display: 'gestionnaire de cas' }] }], member: caseManagerRef(summary.caseManagerId) }] : []),
      {
        role: [{ coding: [{ system: SYSTEMS.careTeamRole, code: 'attending-physician', display: 'médecin traitant' }] }],
        member: { type: 'Practitioner', identifier: { system: SYSTEMS.physicianEmail, value: summary.physician.email }, display: summary.physician.name },
      },
      ...(caregiverId ? [{ role: [{ coding: [{ system: SYSTEMS.careTeamRole, code: 'caregiver', display: 'caregiver (aidant)' }] }], member: ref('RelatedPerson', caregiverId) }] : []),
    ],
  };
}

/**
 * The scores of each assessment. MMSE has a LOINC code (72106-8, total score); the AGGIR GIR and the
 * Zarit burden score are coded in this product's own system (no LOINC code is used for them here).
 */
const SCORES = [
  { field: 'mmse', coding: { system: 'http://loinc.org', code: '72106-8', display: 'Total score [MMSE]' }, unit: 'score' },
  { field: 'gir', coding: { system: SYSTEMS.assessment, code: 'aggir-gir', display: 'AGGIR iso-resource group (GIR)' }, unit: 'GIR' },
  { field: 'zarit', coding: { system: SYSTEMS.assessment, code: 'zarit', display: 'Zarit caregiver burden score' }, unit: 'score' },
] as const;

export function observations(pathwayId: string, timeline: TimelineEvent[], patientId: string): Resource[] {
  return timeline
    .filter((e) => e.type === 'ASSESSMENT_RECORDED')
    .flatMap((event) =>
      SCORES.filter((s) => typeof event.data[s.field] === 'number').map((s) => ({
        resourceType: 'Observation',
        id: partId(pathwayId, `assessment:${event.seq}:${s.field}`),
        meta: { lastUpdated: instant(event.recordedAt) },
        status: 'final',
        category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'survey', display: 'Survey' }] }],
        code: { coding: [s.coding], text: s.coding.display },
        subject: ref('Patient', patientId),
        effectiveDateTime: dateTime(String(event.data.performedAt ?? instant(event.at))),
        issued: instant(event.at),
        valueInteger: event.data[s.field] as number,
      })),
    );
}

/** Each hospital stay, from its admission to its discharge (in progress while the person is in hospital). */
export function encounters(pathwayId: string, timeline: TimelineEvent[], patientId: string): Resource[] {
  const stays: Resource[] = [];
  let open: { event: TimelineEvent; resource: Resource } | undefined;
  for (const event of timeline) {
    if (event.type === 'HOSPITAL_ADMISSION') {
      const resource: Resource = {
        resourceType: 'Encounter',
        id: partId(pathwayId, `stay:${event.seq}`),
        meta: { lastUpdated: instant(event.recordedAt) },
        status: 'in-progress',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
        subject: ref('Patient', patientId),
        episodeOfCare: [ref('EpisodeOfCare', pathwayId)],
        period: { start: dateTime(String(event.data.admittedAt)) },
        ...(event.data.reason ? { reasonCode: [{ text: String(event.data.reason) }] } : {}),
        serviceProvider: { display: String(event.data.facility) },
      };
      open = { event, resource };
      stays.push(resource);
    } else if (event.type === 'HOSPITAL_DISCHARGE' && open) {
      open.resource.status = 'finished';
      open.resource.meta = { lastUpdated: instant(event.recordedAt) };
      open.resource.period = { ...(open.resource.period as object), end: dateTime(String(event.data.dischargedAt)) };
      open.resource.hospitalization = { dischargeDisposition: { text: String(event.data.destination) } };
      open = undefined;
    }
  }
  return stays;
}

/** The person's consent to case management, as last recorded. */
export function consent(pathway: PathwayRecord, summary: PathwaySummary, patientId: string): Resource[] {
  if (!summary.consent) return [];
  const given = summary.consent.given;
  return [
    {
      resourceType: 'Consent',
      id: pathway.id,
      meta: { lastUpdated: instant(pathway.updatedAt) },
      status: given ? 'active' : 'rejected',
      scope: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/consentscope', code: 'treatment', display: 'Treatment' }] },
      category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
      patient: ref('Patient', patientId),
      dateTime: dateTime(summary.consent.at),
      organization: [{ type: 'Organization', identifier: { system: SYSTEMS.territory, value: pathway.territory }, display: pathway.territory }],
      policyRule: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: given ? 'OPTIN' : 'OPTOUT' }] },
      provision: { type: given ? 'permit' : 'deny', purpose: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActReason', code: 'TREAT', display: 'treatment' }] },
    },
  ];
}

/** Reminders sent (the outbox's `sent` rows): to whom by role, what about, when. Their text is not exchanged. */
export function communications(pathwayId: string, reminders: ReminderRecord[], patientId: string): Resource[] {
  return reminders
    .filter((r) => r.status === 'sent' && r.sentAt)
    .map((r) => ({
      resourceType: 'Communication',
      id: partId(pathwayId, `reminder:${r.id}`),
      meta: { lastUpdated: instant(r.updatedAt) },
      status: 'completed',
      category: [{ coding: [{ system: SYSTEMS.reminderKind, code: r.kind }] }],
      medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: 'EMAILWRIT', display: 'email' }] }],
      subject: ref('Patient', patientId),
      about: [ref('EpisodeOfCare', pathwayId)],
      sent: instant(r.sentAt as Date),
      recipient: [{ display: r.recipientRole }],
    }));
}
