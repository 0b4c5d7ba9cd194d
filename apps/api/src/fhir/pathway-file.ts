/** Every FHIR resource of one pathway (its Patient aside), from what the REST API shows of it. */
import type { PathwaySummary } from '@pathway/domain';
import type { DeadlineRow, PathwayRecord, ReminderRecord, TimelineEvent } from '@pathway/persistence';
import { careTeam, carePlans, communications, consent, encounters, observations } from './care';
import { episodeOfCare, serviceRequest } from './episode-of-care';
import { relatedPersons } from './patient';
import type { Resource } from './resources';
import { deadlineTask } from './task';

export interface PathwayFile {
  pathway: PathwayRecord;
  summary: PathwaySummary;
  timeline: TimelineEvent[];
  deadlines: DeadlineRow[];
  reminders: ReminderRecord[];
}

export function pathwayResources(file: PathwayFile): Resource[] {
  const { pathway, summary, timeline } = file;
  const patientId = pathway.patientId;
  const people = relatedPersons(pathway.id, summary, patientId, pathway.updatedAt);
  const caregiver = people.find((p) => (p.relationship as { coding?: { code?: string }[] }[])[0]?.coding?.[0]?.code === 'caregiver');
  return [
    episodeOfCare(pathway, summary, timeline, patientId),
    serviceRequest(pathway, summary, patientId),
    careTeam(pathway, summary, patientId, caregiver?.id),
    ...people,
    ...carePlans(pathway, summary, timeline, patientId),
    ...file.deadlines.map(deadlineTask),
    ...observations(pathway.id, timeline, patientId),
    ...encounters(pathway.id, timeline, patientId),
    ...consent(pathway, summary, patientId),
    ...communications(pathway.id, file.reminders, patientId),
  ];
}
