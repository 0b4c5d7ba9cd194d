// The APA file (L232-14 CASF): submitted, acknowledged by the département (10 days), decided (2 months,
// else deemed granted), then the provider declared (1 month).
import { api, type Schemas } from '../api/client';
import { checked, choice, instant, localDateTime, optionalInstant, optionalNumber, optionalText, step } from './form';
import { pathOf } from './shared';
import { APA_OUTCOMES, options } from './vocabulary';

export const submitApaApplication = step<Schemas['ApaApplicationDto']>({
  key: 'submitApaApplication',
  title: 'Dépôt de la demande d’APA',
  submitLabel: 'Enregistrer le dépôt',
  fields: [
    { name: 'submittedAt', label: 'Date de dépôt', kind: 'datetime', required: true },
    { name: 'emergency', label: 'APA en urgence', kind: 'checkbox' },
  ],
  initial: () => ({ submittedAt: localDateTime(), emergency: false }),
  toBody: (d) => ({ submittedAt: instant(d.submittedAt), emergency: checked(d.emergency) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/apa-applications', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Demande d’APA enregistrée : accusé de réception attendu sous 10 jours.',
});

export const acknowledgeApaApplication = step<Schemas['ApaAcknowledgementDto']>({
  key: 'acknowledgeApaApplication',
  title: 'Accusé de réception de l’APA',
  submitLabel: 'Enregistrer l’accusé',
  fields: [
    { name: 'at', label: 'Date de l’accusé de réception', kind: 'datetime', required: true },
    { name: 'completeFileAt', label: 'Date du dossier complet', kind: 'datetime', hint: 'Si le département la fixe après le dépôt : les 2 mois courent depuis elle.' },
  ],
  initial: () => ({ at: localDateTime(), completeFileAt: '' }),
  toBody: (d) => ({ at: instant(d.at), completeFileAt: optionalInstant(d.completeFileAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/apa-applications/current/acknowledgement', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Accusé de réception enregistré : décision attendue sous 2 mois.',
});

export const decideApaApplication = step<Schemas['ApaDecisionDto']>({
  key: 'decideApaApplication',
  title: 'Décision d’APA',
  submitLabel: 'Enregistrer la décision',
  fields: [
    { name: 'outcome', label: 'Décision', kind: 'select', required: true, options: options(APA_OUTCOMES) },
    { name: 'decidedAt', label: 'Date de la décision', kind: 'datetime', required: true },
    { name: 'gir', label: 'GIR retenu', kind: 'number', hint: 'de 1 à 4 pour une APA accordée' },
  ],
  initial: () => ({ outcome: '', decidedAt: localDateTime(), gir: '' }),
  toBody: (d) => ({ outcome: choice(d.outcome), decidedAt: instant(d.decidedAt), gir: optionalNumber(d.gir) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/apa-applications/current/decision', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Décision d’APA enregistrée.',
});

export const declareApaProvider = step<Schemas['ApaProviderDeclarationDto']>({
  key: 'declareApaProvider',
  title: 'Déclaration du prestataire APA',
  submitLabel: 'Déclarer le prestataire',
  fields: [
    { name: 'provider', label: 'Prestataire', kind: 'text', required: true },
    { name: 'at', label: 'Date de déclaration', kind: 'datetime', required: true },
  ],
  initial: () => ({ provider: '', at: localDateTime() }),
  toBody: (d) => ({ provider: optionalText(d.provider) ?? '', at: instant(d.at) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/apa-applications/current/provider-declaration', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Prestataire déclaré.',
});
