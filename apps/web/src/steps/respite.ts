// Respite: day care or temporary accommodation (90 days per calendar year by default, PATHWAY.md).
import { api, type Schemas } from '../api/client';
import { choice, chosen, instant, localDateTime, optionalText, step } from './form';
import { daysLeftSentence } from './episodes';
import { pathOf } from './shared';
import { options, RESPITE_KINDS, wordFor } from './vocabulary';
import { formatDateTime } from '../labels';

export const planRespite = step<Schemas['RespiteDto']>({
  key: 'planRespite',
  title: 'Répit',
  submitLabel: 'Planifier le répit',
  fields: [
    { name: 'kind', label: 'Type de répit', kind: 'select', required: true, options: options(RESPITE_KINDS) },
    { name: 'provider', label: 'Structure d’accueil', kind: 'text', required: true },
    { name: 'startsAt', label: 'Début', kind: 'datetime', required: true, hint: 'L’aidant est prévenu 2 jours avant.' },
    { name: 'endsAt', label: 'Fin', kind: 'datetime', required: true },
  ],
  initial: () => ({ kind: '', provider: '', startsAt: localDateTime(), endsAt: '' }),
  toBody: (d) => ({ kind: choice(d.kind), provider: String(d.provider).trim(), startsAt: instant(d.startsAt), endsAt: instant(d.endsAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/respites', { params: pathOf(ctx.pathwayId, key), body }),
  info: (ctx) => daysLeftSentence(ctx.episodes.respiteDaysLeft),
  done: () => 'Répit planifié.',
});

export const cancelRespite = step<Schemas['RespiteCancellationDto']>({
  key: 'cancelRespite',
  title: 'Annuler un répit prévu',
  submitLabel: 'Annuler ce répit',
  fields: [
    {
      name: 'respiteId',
      label: 'Répit à annuler',
      kind: 'select',
      required: true,
      options: (ctx) =>
        ctx.episodes.respites
          .filter((r) => r.status === 'PLANNED')
          .map((r) => ({ value: r.id, label: `${wordFor(RESPITE_KINDS, r.kind)}, ${r.provider}, du ${formatDateTime(r.startsAt)} au ${formatDateTime(r.endsAt)}` })),
    },
    { name: 'note', label: 'Motif', kind: 'textarea' },
  ],
  initial: () => ({ respiteId: '', note: '' }),
  pathErrors: chosen('respiteId', 'Choisissez le répit à annuler.'),
  toBody: (d) => ({ note: optionalText(d.note) }),
  send: (ctx, body, d, key) =>
    api.POST('/api/v1/pathways/{id}/respites/{respiteId}/cancellation', { params: { path: { id: ctx.pathwayId, respiteId: String(d.respiteId) }, header: { 'Idempotency-Key': key } }, body }),
  done: () => 'Répit annulé : ses jours sont rendus.',
});
