// Legal protection: medical certificate → request filed with the judge (lapses after a year without a
// ruling) → ruling, a granted measure ending at most 5 years later.
import { api, type Schemas } from '../api/client';
import { choice, instant, localDateTime, optionalInstant, optionalText, step } from './form';
import { pathOf } from './shared';
import { LEGAL_KINDS, LEGAL_OUTCOMES, options } from './vocabulary';

export const requestLegalProtection = step<Schemas['LegalProtectionDto']>({
  key: 'requestLegalProtection',
  title: 'Protection juridique envisagée',
  submitLabel: 'Ouvrir le dossier',
  fields: [
    { name: 'kind', label: 'Mesure', kind: 'select', required: true, options: options(LEGAL_KINDS) },
    { name: 'certificateAt', label: 'Date du certificat médical', kind: 'datetime', hint: 'Si déjà établi (médecin inscrit sur la liste du procureur).' },
  ],
  initial: () => ({ kind: '', certificateAt: '' }),
  toBody: (d) => ({ kind: choice(d.kind), certificateAt: optionalInstant(d.certificateAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/legal-protection', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Dossier de protection juridique ouvert.',
});

export const fileLegalProtectionRequest = step<Schemas['LegalProtectionRequestDto']>({
  key: 'fileLegalProtectionRequest',
  title: 'Requête déposée auprès du juge',
  submitLabel: 'Enregistrer le dépôt',
  fields: [
    { name: 'filedAt', label: 'Date de dépôt', kind: 'datetime', required: true, hint: 'La requête devient caduque après un an sans jugement.' },
    { name: 'certificateAt', label: 'Date du certificat médical', kind: 'datetime', hint: 'S’il n’a pas été indiqué à l’ouverture du dossier.' },
  ],
  initial: () => ({ filedAt: localDateTime(), certificateAt: '' }),
  toBody: (d) => ({ filedAt: instant(d.filedAt), certificateAt: optionalInstant(d.certificateAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/legal-protection/current/request', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Dépôt de la requête enregistré.',
});

export const recordLegalProtectionRuling = step<Schemas['LegalProtectionRulingDto']>({
  key: 'recordLegalProtectionRuling',
  title: 'Jugement de protection',
  submitLabel: 'Enregistrer le jugement',
  fields: [
    { name: 'outcome', label: 'Jugement', kind: 'select', required: true, options: options(LEGAL_OUTCOMES) },
    { name: 'ruledAt', label: 'Date du jugement', kind: 'datetime', required: true },
    { name: 'measureEndsAt', label: 'Fin de la mesure', kind: 'date', required: true, hint: 'Au plus 5 ans après le jugement ; rappel 2 mois avant.', when: (d) => d.outcome === 'GRANTED' },
    { name: 'representative', label: 'Mandataire ou représentant', kind: 'text', when: (d) => d.outcome === 'GRANTED' },
  ],
  initial: () => ({ outcome: '', ruledAt: localDateTime(), measureEndsAt: '', representative: '' }),
  toBody: (d) => ({
    outcome: choice(d.outcome),
    ruledAt: instant(d.ruledAt),
    measureEndsAt: d.outcome === 'GRANTED' ? optionalInstant(d.measureEndsAt) : undefined,
    representative: d.outcome === 'GRANTED' ? optionalText(d.representative) : undefined,
  }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/legal-protection/current/ruling', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Jugement enregistré.',
});
