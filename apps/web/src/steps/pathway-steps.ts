// The stage steps of API.md: eligibility, assignment, consent, assessment, the physician's visa, contacts,
// institutional admission and closure. (The plan, a list of services, has its own form: PlanForm.tsx.)
import { api, type Schemas } from '../api/client';
import { checked, choice, instant, localDateTime, optionalNumber, optionalText, step } from './form';
import { pathOf as path, stageNow } from './shared';
import { CLOSURE_REASONS, CONTACT_CHANNELS, options } from './vocabulary';

const now = () => ({ at: localDateTime() });

export const decideEligibility = step<Schemas['EligibilityDto']>({
  key: 'decideEligibility',
  title: 'Décision d’éligibilité',
  submitLabel: 'Enregistrer la décision',
  fields: [
    { name: 'decision', label: 'Décision', kind: 'radio', required: true, options: [{ value: 'ACCEPTED', label: 'Accepté en gestion de cas' }, { value: 'REFUSED', label: 'Refusé (réorientation)' }] },
    { name: 'criteria.unstableSituation', label: 'C1 : situation instable (problèmes fonctionnels, médicaux et décisionnels)', kind: 'checkbox', errorsFrom: ['criteria'] },
    { name: 'criteria.insufficientCare', label: 'C2 : aides et soins insuffisants ou inadaptés', kind: 'checkbox' },
    { name: 'criteria.noCoordinator', label: 'C3 : aucun proche pour mettre en place et coordonner les réponses', kind: 'checkbox' },
    { name: 'reorientedTo', label: 'Réorientée vers', kind: 'text', hint: 'L’orienteur en est informé.', when: (d) => d.decision === 'REFUSED' },
    { name: 'reason', label: 'Motif', kind: 'textarea' },
  ],
  initial: () => ({ decision: '', 'criteria.unstableSituation': false, 'criteria.insufficientCare': false, 'criteria.noCoordinator': false, reorientedTo: '', reason: '' }),
  toBody: (d) => ({
    decision: choice(d.decision),
    criteria: { unstableSituation: checked(d['criteria.unstableSituation']), insufficientCare: checked(d['criteria.insufficientCare']), noCoordinator: checked(d['criteria.noCoordinator']) },
    reorientedTo: d.decision === 'REFUSED' ? optionalText(d.reorientedTo) : undefined,
    reason: optionalText(d.reason),
  }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/eligibility', { params: path(ctx.pathwayId, key), body }),
  done: (s) => `Décision enregistrée. ${stageNow(s.stage)}`,
});

export const assignCaseManager = step<Schemas['AssignmentDto']>({
  key: 'assignCaseManager',
  title: 'Attribution à un·e gestionnaire de cas',
  submitLabel: 'Attribuer',
  fields: [{ name: 'caseManagerId', label: 'Identifiant du ou de la gestionnaire de cas', kind: 'text', required: true, hint: 'Par exemple cm-louise ; refusé si sa file active est pleine.' }],
  initial: () => ({ caseManagerId: '' }),
  toBody: (d) => ({ caseManagerId: String(d.caseManagerId).trim() }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/assignment', { params: path(ctx.pathwayId, key), body }),
  done: (s) => `Parcours attribué à ${s.caseManagerId ?? '—'}. ${stageNow(s.stage)}`,
});

export const recordConsent = step<Schemas['ConsentDto']>({
  key: 'recordConsent',
  title: 'Consentement de la personne',
  submitLabel: 'Enregistrer le consentement',
  fields: [
    { name: 'given', label: 'Réponse de la personne', kind: 'radio', required: true, options: [{ value: 'yes', label: 'Elle accepte l’accompagnement' }, { value: 'no', label: 'Elle refuse (le parcours sera clôturé)' }] },
    { name: 'at', label: 'Date de la réponse', kind: 'datetime', required: true },
  ],
  initial: () => ({ given: '', ...now() }),
  // Unanswered is sent as such: the API names the field rather than the form assuming a refusal.
  toBody: (d) => ({ given: (d.given === 'yes' ? true : d.given === 'no' ? false : undefined) as boolean, at: instant(d.at) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/consent', { params: path(ctx.pathwayId, key), body }),
  done: (s) => (s.stage === 'CLOSED' ? 'Refus enregistré : le parcours est clôturé.' : 'Consentement enregistré.'),
});

export const recordAssessment = step<Schemas['AssessmentDto']>({
  key: 'recordAssessment',
  // In follow-up, an assessment opens a new cycle: after a significant change, a discharge or when due.
  title: (ctx) => (ctx.summary.stage === 'FOLLOW_UP' ? 'Enregistrer une réévaluation' : 'Enregistrer une évaluation'),
  submitLabel: 'Enregistrer l’évaluation',
  fields: [
    { name: 'performedAt', label: 'Date de la visite', kind: 'datetime', required: true },
    { name: 'mmse', label: 'MMSE', kind: 'number', hint: 'de 0 à 30' },
    { name: 'gir', label: 'GIR (AGGIR)', kind: 'number', hint: 'de 1 à 6' },
    { name: 'zarit', label: 'Zarit (aidant)', kind: 'number', hint: 'de 0 à 88' },
    { name: 'livingSituation', label: 'Lieu et conditions de vie', kind: 'textarea' },
    { name: 'servicesInPlace', label: 'Aides déjà en place', kind: 'textarea' },
    { name: 'risks', label: 'Risques repérés', kind: 'textarea' },
    { name: 'summary', label: 'Synthèse', kind: 'textarea', required: true },
  ],
  initial: () => ({ performedAt: localDateTime(), mmse: '', gir: '', zarit: '', livingSituation: '', servicesInPlace: '', risks: '', summary: '' }),
  toBody: (d) => ({
    performedAt: instant(d.performedAt),
    mmse: optionalNumber(d.mmse),
    gir: optionalNumber(d.gir),
    zarit: optionalNumber(d.zarit),
    livingSituation: optionalText(d.livingSituation),
    servicesInPlace: optionalText(d.servicesInPlace),
    risks: optionalText(d.risks),
    summary: String(d.summary),
  }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/assessments', { params: path(ctx.pathwayId, key), body }),
  done: (s) => `Évaluation enregistrée. ${stageNow(s.stage)}`,
});

export const acknowledgePlan = step<Schemas['PlanAcknowledgementDto']>({
  key: 'acknowledgePlan',
  title: 'Visa du plan par le médecin traitant',
  submitLabel: 'Viser le plan',
  fields: [
    { name: 'acknowledgedAt', label: 'Date du visa', kind: 'datetime', required: true },
    { name: 'comment', label: 'Commentaire', kind: 'textarea' },
  ],
  initial: () => ({ acknowledgedAt: localDateTime(), comment: '' }),
  toBody: (d) => ({ acknowledgedAt: instant(d.acknowledgedAt), comment: optionalText(d.comment) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/plan-acknowledgements', { params: path(ctx.pathwayId, key), body }),
  done: (s) => `Plan visé. ${stageNow(s.stage)}`,
});

export const logContact = step<Schemas['ContactDto']>({
  key: 'logContact',
  title: 'Contact avec la personne ou l’aidant',
  submitLabel: 'Enregistrer le contact',
  fields: [
    { name: 'at', label: 'Date du contact', kind: 'datetime', required: true },
    { name: 'channel', label: 'Moyen', kind: 'select', required: true, options: options(CONTACT_CHANNELS) },
    { name: 'note', label: 'Note', kind: 'textarea' },
  ],
  initial: () => ({ ...now(), channel: '', note: '' }),
  toBody: (d) => ({ at: instant(d.at), channel: choice(d.channel), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/contacts', { params: path(ctx.pathwayId, key), body }),
  done: () => 'Contact enregistré.',
});

export const admitToInstitution = step<Schemas['InstitutionalizationDto']>({
  key: 'admitToInstitution',
  title: 'Entrée en établissement',
  submitLabel: 'Enregistrer l’entrée',
  fields: [
    { name: 'facility', label: 'Établissement', kind: 'text', required: true },
    { name: 'admittedAt', label: 'Date d’entrée', kind: 'datetime', required: true },
  ],
  initial: () => ({ facility: '', admittedAt: localDateTime() }),
  toBody: (d) => ({ facility: String(d.facility).trim(), admittedAt: instant(d.admittedAt) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/institutionalization', { params: path(ctx.pathwayId, key), body }),
  done: (s) => `Entrée en établissement enregistrée. ${stageNow(s.stage)}`,
});

export const closePathway = step<Schemas['ClosureDto']>({
  key: 'closePathway',
  title: 'Clôture du parcours',
  submitLabel: 'Clôturer le parcours',
  fields: [
    { name: 'reason', label: 'Motif de clôture', kind: 'select', required: true, options: options(CLOSURE_REASONS) },
    { name: 'note', label: 'Précision', kind: 'textarea', required: (d) => d.reason === 'OTHER', hint: 'Obligatoire pour « Autre motif ».' },
  ],
  initial: () => ({ reason: '', note: '' }),
  toBody: (d) => ({ reason: choice(d.reason), note: optionalText(d.note) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/closure', { params: path(ctx.pathwayId, key), body }),
  done: () => 'Parcours clôturé. Toutes les relances en attente sont annulées ; l’historique reste consultable.',
});
