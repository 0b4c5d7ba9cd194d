// Crisis: the supervisor is told at once, the case manager acts within 24 hours; resolving it opens a
// significant-change reassessment (due within 15 days).
import { api, type Schemas } from '../api/client';
import { choice, instant, localDateTime, optionalText, step } from './form';
import { pathOf, stageNow } from './shared';
import { CRISIS_KINDS, options } from './vocabulary';

export const openCrisis = step<Schemas['CrisisDto']>({
  key: 'openCrisis',
  title: 'Ouvrir une crise',
  submitLabel: 'Ouvrir la crise',
  fields: [
    { name: 'kind', label: 'Nature de la crise', kind: 'select', required: true, options: options(CRISIS_KINDS) },
    { name: 'at', label: 'Début de la crise', kind: 'datetime', required: true, hint: 'Le pilote est prévenu ; une action est due sous 24 h.' },
    { name: 'note', label: 'Note', kind: 'textarea' },
  ],
  initial: () => ({ kind: '', at: localDateTime(), note: '' }),
  toBody: (d) => ({ kind: choice(d.kind), at: instant(d.at), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/crises', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Crise ouverte : le pilote MAIA est prévenu.',
});

const crisisEvent = { fields: [{ name: 'at', label: 'Date', kind: 'datetime' as const, required: true }, { name: 'note', label: 'Note', kind: 'textarea' as const }], initial: () => ({ at: localDateTime(), note: '' }) };

export const recordCrisisAction = step<Schemas['CrisisEventDto']>({
  key: 'recordCrisisAction',
  title: 'Action sur la crise',
  submitLabel: 'Enregistrer l’action',
  ...crisisEvent,
  toBody: (d) => ({ at: instant(d.at), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/crises/current/actions', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Action enregistrée.',
});

export const resolveCrisis = step<Schemas['CrisisEventDto']>({
  key: 'resolveCrisis',
  title: 'Clore la crise',
  submitLabel: 'Clore la crise',
  ...crisisEvent,
  toBody: (d) => ({ at: instant(d.at), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/crises/current/resolution', { params: pathOf(ctx.pathwayId, key), body }),
  done: (s) => `Crise close : une réévaluation est due sous 15 jours. ${stageNow(s.stage)}`,
});
