// A hospital stay alongside the stage: admission, discharge, then the discharge letter (due the day of
// discharge) and, after a discharge home, the restart of home services (within 48 hours).
import { api, type Schemas } from '../api/client';
import { choice, instant, localDateTime, optionalText, step } from './form';
import { pathOf, stageNow } from './shared';
import { DISCHARGE_DESTINATIONS, options } from './vocabulary';

export const admitToHospital = step<Schemas['HospitalAdmissionDto']>({
  key: 'admitToHospital',
  title: 'Hospitalisation',
  submitLabel: 'Enregistrer l’hospitalisation',
  fields: [
    { name: 'facility', label: 'Établissement hospitalier', kind: 'text', required: true },
    { name: 'admittedAt', label: 'Date d’admission', kind: 'datetime', required: true },
    { name: 'reason', label: 'Motif', kind: 'text' },
  ],
  initial: () => ({ facility: '', admittedAt: localDateTime(), reason: '' }),
  toBody: (d) => ({ facility: String(d.facility).trim(), admittedAt: instant(d.admittedAt), reason: optionalText(d.reason) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/hospitalizations', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Hospitalisation enregistrée : les services à domicile du plan sont suspendus pendant le séjour.',
});

export const dischargeFromHospital = step<Schemas['HospitalDischargeDto']>({
  key: 'dischargeFromHospital',
  title: 'Sortie d’hôpital',
  submitLabel: 'Enregistrer la sortie',
  fields: [
    { name: 'dischargedAt', label: 'Date de sortie', kind: 'datetime', required: true },
    { name: 'destination', label: 'Destination', kind: 'select', required: true, options: options(DISCHARGE_DESTINATIONS), hint: 'Un retour à domicile relance les services et demande une réévaluation.' },
  ],
  initial: () => ({ dischargedAt: localDateTime(), destination: '' }),
  toBody: (d) => ({ dischargedAt: instant(d.dischargedAt), destination: choice(d.destination) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/hospitalizations/current/discharge', { params: pathOf(ctx.pathwayId, key), body }),
  done: (s) => `Sortie enregistrée. ${stageNow(s.stage)}`,
});

export const recordDischargeLetter = step<Schemas['DischargeLetterDto']>({
  key: 'recordDischargeLetter',
  title: 'Lettre de sortie reçue',
  submitLabel: 'Enregistrer la réception',
  fields: [{ name: 'receivedAt', label: 'Date de réception de la lettre', kind: 'datetime', required: true }],
  initial: () => ({ receivedAt: localDateTime() }),
  toBody: (d) => ({ receivedAt: instant(d.receivedAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/hospitalizations/current/discharge-letter', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Réception de la lettre de sortie enregistrée.',
});

export const confirmServicesRestarted = step<Schemas['ServicesRestartDto']>({
  key: 'confirmServicesRestarted',
  title: 'Reprise des services à domicile',
  submitLabel: 'Confirmer la reprise',
  fields: [{ name: 'at', label: 'Date de reprise', kind: 'datetime', required: true }],
  initial: () => ({ at: localDateTime() }),
  toBody: (d) => ({ at: instant(d.at) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/hospitalizations/current/services-restart', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Reprise des services enregistrée.',
});
