/** The person: Patient, and the people around them as RelatedPerson (caregiver, legal representative). */
import { INS_SYSTEM, PathwaySummary } from '@pathway/domain';
import type { PatientRecord } from '@pathway/persistence';
import { instant, partId, ref, Resource, SYSTEMS, territoryRef } from './resources';

/**
 * The INS, when a referral gave it, is the official identifier; the territory's own identifier is
 * always there too (it is the only one most referrals carry so far).
 */
export function patientResource(patient: PatientRecord, lastUpdated: Date): Resource {
  return {
    resourceType: 'Patient',
    id: patient.id,
    meta: { lastUpdated: instant(lastUpdated) },
    identifier: [
      ...(patient.ins ? [{ use: 'official', system: INS_SYSTEM, value: patient.ins }] : []),
      { use: patient.ins ? 'secondary' : 'usual', system: SYSTEMS.localPatient(patient.territory), value: patient.externalId },
    ],
    name: [{ use: 'official', family: patient.lastName, given: [patient.firstName] }],
    birthDate: patient.birthDate,
    managingOrganization: territoryRef(patient.territory),
  };
}

/** The caregiver the referral names, and the legal representative a protection measure appoints. */
export function relatedPersons(pathwayId: string, summary: PathwaySummary, patientId: string, lastUpdated: Date): Resource[] {
  const people: Resource[] = [];
  const caregiver = summary.caregiver;
  if (caregiver) {
    const telecom = [
      ...(caregiver.email ? [{ system: 'email', value: caregiver.email }] : []),
      ...(caregiver.phone ? [{ system: 'phone', value: caregiver.phone }] : []),
    ];
    people.push({
      resourceType: 'RelatedPerson',
      id: partId(pathwayId, 'caregiver'),
      meta: { lastUpdated: instant(lastUpdated) },
      active: true,
      patient: ref('Patient', patientId),
      relationship: [
        { coding: [{ system: SYSTEMS.careTeamRole, code: 'caregiver', display: 'caregiver (aidant)' }], text: caregiver.relationship },
      ],
      name: [{ text: caregiver.name }],
      ...(telecom.length ? { telecom } : {}),
    });
  }
  const measure = summary.episodes?.legalProtection?.measure;
  if (measure?.representative) {
    people.push({
      resourceType: 'RelatedPerson',
      id: partId(pathwayId, 'legal-representative'),
      meta: { lastUpdated: instant(lastUpdated) },
      active: Date.parse(measure.endsAt) > Date.now(),
      patient: ref('Patient', patientId),
      relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: 'GUARD', display: 'guardian' }], text: measure.kind }],
      name: [{ text: measure.representative }],
      period: { start: instant(measure.grantedAt), end: instant(measure.endsAt) },
    });
  }
  return people;
}
