// The agenda of the pathway (libs/domain appointments.ts): book a visit or a call, move it, cancel it,
// say it was held or missed. A home visit held is the first home visit; the caregiver is told the day before.
import { api, type PathwaySummary, type Schemas } from '../api/client';
import { formatDateTime } from '../labels';
import { choice, chosen, instant, localDateTime, optionalText, step, type StepContext } from './form';
import { pathOf } from './shared';
import { APPOINTMENT_KINDS, options, wordFor } from './vocabulary';

/** The appointments still booked, as choices (the soonest first, as the summary lists them). */
const bookedChoices = (ctx: StepContext) =>
  ctx.summary.appointments
    .filter((a) => a.status === 'BOOKED')
    .map((a) => ({ value: a.id, label: `${wordFor(APPOINTMENT_KINDS, a.kind)}, ${formatDateTime(a.at)}${a.withWhom ? `, avec ${a.withWhom}` : ''}` }));

const appointmentPath = (ctx: StepContext, appointmentId: string | boolean, key: string) => ({
  path: { id: ctx.pathwayId, appointmentId: String(appointmentId) },
  header: { 'Idempotency-Key': key },
});

const whenBooked = (summary: PathwaySummary) => summary.appointments.find((a) => a.status === 'BOOKED');

export const bookAppointment = step<Schemas['BookAppointmentDto']>({
  key: 'bookAppointment',
  title: 'Prendre un rendez-vous',
  submitLabel: 'Prendre le rendez-vous',
  fields: [
    { name: 'kind', label: 'Type de rendez-vous', kind: 'select', required: true, options: options(APPOINTMENT_KINDS) },
    { name: 'at', label: 'Date et heure', kind: 'datetime', required: true, hint: 'Pour une visite à domicile ou une rencontre avec la famille, l’aidant est prévenu la veille.' },
    { name: 'place', label: 'Lieu', kind: 'text' },
    { name: 'withWhom', label: 'Avec qui', kind: 'text' },
    { name: 'note', label: 'Note', kind: 'textarea' },
  ],
  initial: () => ({ kind: '', at: localDateTime(new Date(Date.now() + 86_400_000)), place: '', withWhom: '', note: '' }),
  toBody: (d) => ({ kind: choice(d.kind), at: instant(d.at), place: optionalText(d.place), withWhom: optionalText(d.withWhom), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/appointments', { params: pathOf(ctx.pathwayId, key), body }),
  done: (summary) => {
    const next = whenBooked(summary);
    return next ? `Rendez-vous pris : ${wordFor(APPOINTMENT_KINDS, next.kind)}, ${formatDateTime(next.at)}.` : 'Rendez-vous pris.';
  },
});

export const rescheduleAppointment = step<Schemas['RescheduleAppointmentDto']>({
  key: 'rescheduleAppointment',
  title: 'Déplacer un rendez-vous',
  submitLabel: 'Déplacer le rendez-vous',
  fields: [
    { name: 'appointmentId', label: 'Rendez-vous', kind: 'select', required: true, options: bookedChoices },
    { name: 'at', label: 'Nouvelle date et heure', kind: 'datetime', required: true },
    { name: 'place', label: 'Nouveau lieu (si changé)', kind: 'text' },
  ],
  initial: () => ({ appointmentId: '', at: '', place: '' }),
  pathErrors: chosen('appointmentId', 'Choisissez le rendez-vous à déplacer.'),
  toBody: (d) => ({ at: instant(d.at), place: optionalText(d.place) }),
  send: (ctx, body, d, key) => api.POST('/api/v1/pathways/{id}/appointments/{appointmentId}/reschedule', { params: appointmentPath(ctx, d.appointmentId, key), body }),
  done: () => 'Rendez-vous déplacé : l’aidant est prévenu de la nouvelle date.',
});

export const cancelAppointment = step<Schemas['CancelAppointmentDto']>({
  key: 'cancelAppointment',
  title: 'Annuler un rendez-vous',
  submitLabel: 'Annuler ce rendez-vous',
  fields: [
    { name: 'appointmentId', label: 'Rendez-vous', kind: 'select', required: true, options: bookedChoices },
    { name: 'note', label: 'Motif', kind: 'textarea' },
  ],
  initial: () => ({ appointmentId: '', note: '' }),
  pathErrors: chosen('appointmentId', 'Choisissez le rendez-vous à annuler.'),
  toBody: (d) => ({ note: optionalText(d.note) }),
  send: (ctx, body, d, key) => api.POST('/api/v1/pathways/{id}/appointments/{appointmentId}/cancellation', { params: appointmentPath(ctx, d.appointmentId, key), body }),
  done: () => 'Rendez-vous annulé.',
});

const OUTCOMES: Record<Schemas['AppointmentOutcomeDto']['outcome'], string> = { DONE: 'Réalisé', MISSED: 'Manqué (personne rencontrée)' };

export const recordAppointmentOutcome = step<Schemas['AppointmentOutcomeDto']>({
  key: 'recordAppointmentOutcome',
  title: 'Compte rendu d’un rendez-vous',
  submitLabel: 'Enregistrer',
  fields: [
    { name: 'appointmentId', label: 'Rendez-vous', kind: 'select', required: true, options: bookedChoices },
    { name: 'outcome', label: 'Il a eu lieu ?', kind: 'select', required: true, options: options(OUTCOMES) },
    { name: 'at', label: 'Quand (s’il a eu lieu)', kind: 'datetime', hint: 'Une visite à domicile réalisée compte comme la première visite à domicile.' },
    { name: 'note', label: 'Note', kind: 'textarea' },
  ],
  initial: () => ({ appointmentId: '', outcome: '', at: localDateTime(), note: '' }),
  pathErrors: chosen('appointmentId', 'Choisissez le rendez-vous.'),
  toBody: (d) => ({ outcome: choice(d.outcome), at: d.outcome === 'DONE' ? instant(d.at) : undefined, note: optionalText(d.note) }),
  send: (ctx, body, d, key) => api.POST('/api/v1/pathways/{id}/appointments/{appointmentId}/outcome', { params: appointmentPath(ctx, d.appointmentId, key), body }),
  done: () => 'Compte rendu enregistré.',
});
