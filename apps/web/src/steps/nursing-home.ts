// EHPAD applications: several at once, each with the physician's medical part (due in 7 days) and the
// facility's answer; the first acceptance cancels the others and moves the pathway to INSTITUTIONALIZED.
import { api, type Schemas } from '../api/client';
import { formatDateTime } from '../labels';
import { isOpenApplication } from './episodes';
import { choice, chosen, instant, localDateTime, step, type FieldSpec } from './form';
import { pathOf, stageNow } from './shared';
import { NURSING_HOME_OUTCOMES, options } from './vocabulary';

const application: FieldSpec = {
  name: 'applicationId',
  label: 'Demande concernée',
  kind: 'select',
  required: true,
  options: (ctx) =>
    ctx.episodes.nursingHomeApplications.filter(isOpenApplication).map((a) => ({ value: a.id, label: `${a.facility} (déposée le ${formatDateTime(a.submittedAt)})` })),
};
const applicationPath = (pathwayId: string, applicationId: string | boolean, key: string) => ({
  path: { id: pathwayId, applicationId: String(applicationId) },
  header: { 'Idempotency-Key': key },
});

export const submitNursingHomeApplication = step<Schemas['NursingHomeApplicationDto']>({
  key: 'submitNursingHomeApplication',
  title: 'Demande d’admission en EHPAD',
  submitLabel: 'Enregistrer la demande',
  fields: [
    { name: 'facility', label: 'EHPAD', kind: 'text', required: true },
    { name: 'submittedAt', label: 'Date de dépôt', kind: 'datetime', required: true, hint: 'Le volet médical du médecin est alors dû sous 7 jours.' },
  ],
  initial: () => ({ facility: '', submittedAt: localDateTime() }),
  toBody: (d) => ({ facility: String(d.facility).trim(), submittedAt: instant(d.submittedAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/nursing-home-applications', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Demande d’EHPAD enregistrée.',
});

export const completeNursingHomeMedicalPart = step<Schemas['NursingHomeMedicalPartDto']>({
  key: 'completeNursingHomeMedicalPart',
  title: 'Volet médical d’une demande d’EHPAD',
  submitLabel: 'Enregistrer le volet médical',
  fields: [application, { name: 'completedAt', label: 'Date du volet médical', kind: 'datetime', required: true }],
  initial: () => ({ applicationId: '', completedAt: localDateTime() }),
  pathErrors: chosen('applicationId', 'Choisissez la demande.'),
  toBody: (d) => ({ completedAt: instant(d.completedAt) }),
  send: (ctx, body, d, key) => api.POST('/api/v1/pathways/{id}/nursing-home-applications/{applicationId}/medical-part', { params: applicationPath(ctx.pathwayId, d.applicationId, key), body }),
  done: () => 'Volet médical enregistré.',
});

export const decideNursingHomeApplication = step<Schemas['NursingHomeDecisionDto']>({
  key: 'decideNursingHomeApplication',
  title: 'Réponse d’un EHPAD',
  submitLabel: 'Enregistrer la réponse',
  fields: [
    application,
    { name: 'outcome', label: 'Réponse', kind: 'select', required: true, options: options(NURSING_HOME_OUTCOMES), hint: 'Une première admission acceptée annule les autres demandes.' },
    { name: 'at', label: 'Date de la réponse', kind: 'datetime', required: true },
  ],
  initial: () => ({ applicationId: '', outcome: '', at: localDateTime() }),
  pathErrors: chosen('applicationId', 'Choisissez la demande.'),
  toBody: (d) => ({ outcome: choice(d.outcome), at: instant(d.at) }),
  send: (ctx, body, d, key) => api.POST('/api/v1/pathways/{id}/nursing-home-applications/{applicationId}/decision', { params: applicationPath(ctx.pathwayId, d.applicationId, key), body }),
  done: (s) => `Réponse enregistrée. ${stageNow(s.stage)}`,
});
