// The care team (cercle de soins): who is around the person, how to reach them, their RPPS / FINESS.
// The server checks the identifiers' keys; its errors name `member.<field>`, hence the field names.
import { api, type Schemas } from '../api/client';
import { chosen, choice, optionalText, step, type Draft, type FieldSpec } from './form';
import { pathOf } from './shared';
import { CARE_TEAM_ROLES, options, wordFor } from './vocabulary';

const MEMBER_FIELDS: FieldSpec[] = [
  { name: 'member.role', label: 'Rôle', kind: 'select', required: true, options: options(CARE_TEAM_ROLES) },
  { name: 'member.name', label: 'Nom', kind: 'text', required: true },
  { name: 'member.email', label: 'Courriel', kind: 'text', errorsFrom: ['member'] },
  { name: 'member.secureMessaging', label: 'Messagerie sécurisée de santé (MSSanté)', kind: 'text' },
  { name: 'member.phone', label: 'Téléphone', kind: 'text' },
  { name: 'member.rpps', label: 'N° RPPS (professionnel de santé)', kind: 'text', hint: '11 chiffres' },
  { name: 'member.finess', label: 'N° FINESS (établissement, service)', kind: 'text', hint: '9 caractères' },
  { name: 'member.relationship', label: 'Lien avec la personne (aidant, représentant)', kind: 'text' },
];

const blankMember = (): Draft => Object.fromEntries(MEMBER_FIELDS.map((f) => [f.name, ''])) as Draft;

function memberOf(d: Draft): Schemas['CareTeamMemberInputDto'] {
  const text = (name: string) => optionalText(d[`member.${name}`]);
  return {
    role: choice(d['member.role']) as Schemas['CareTeamMemberInputDto']['role'],
    name: String(d['member.name']).trim(),
    email: text('email'),
    secureMessaging: text('secureMessaging'),
    phone: text('phone'),
    rpps: text('rpps'),
    finess: text('finess'),
    relationship: text('relationship'),
  };
}

const memberChoice: FieldSpec = {
  name: 'memberId',
  label: 'Membre',
  kind: 'select',
  required: true,
  options: (ctx) => ctx.summary.careTeam.map((m) => ({ value: m.id, label: `${m.name} (${wordFor(CARE_TEAM_ROLES, m.role)})` })),
};

export const addCareTeamMember = step<Schemas['CareTeamMemberBodyDto']>({
  key: 'addCareTeamMember',
  title: 'Ajouter un membre au cercle de soins',
  submitLabel: 'Ajouter',
  fields: MEMBER_FIELDS,
  initial: blankMember,
  toBody: (d) => ({ member: memberOf(d) }),
  send: (ctx, body, _d, key) => api.POST('/api/v1/pathways/{id}/care-team', { params: pathOf(ctx.pathwayId, key), body }),
  done: () => 'Membre ajouté au cercle de soins.',
});

export const updateCareTeamMember = step<Schemas['CareTeamMemberBodyDto']>({
  key: 'updateCareTeamMember',
  title: 'Modifier un membre du cercle de soins',
  submitLabel: 'Enregistrer la modification',
  fields: [{ ...memberChoice, hint: 'Le membre est remplacé par ce qui est saisi : reprenez tous ses champs.' }, ...MEMBER_FIELDS],
  initial: () => ({ memberId: '', ...blankMember() }),
  pathErrors: chosen('memberId', 'Choisissez le membre à modifier.'),
  toBody: (d) => ({ member: memberOf(d) }),
  send: (ctx, body, d, key) =>
    api.POST('/api/v1/pathways/{id}/care-team/{memberId}', { params: { path: { id: ctx.pathwayId, memberId: String(d.memberId) }, header: { 'Idempotency-Key': key } }, body }),
  done: () => 'Membre modifié.',
});

export const removeCareTeamMember = step<Schemas['CareTeamRemovalDto']>({
  key: 'removeCareTeamMember',
  title: 'Retirer un membre du cercle de soins',
  submitLabel: 'Retirer ce membre',
  fields: [memberChoice, { name: 'note', label: 'Motif', kind: 'textarea' }],
  initial: () => ({ memberId: '', note: '' }),
  pathErrors: chosen('memberId', 'Choisissez le membre à retirer.'),
  toBody: (d) => ({ note: optionalText(d.note) }),
  send: (ctx, body, d, key) =>
    api.POST('/api/v1/pathways/{id}/care-team/{memberId}/removal', { params: { path: { id: ctx.pathwayId, memberId: String(d.memberId) }, header: { 'Idempotency-Key': key } }, body }),
  done: () => 'Membre retiré du cercle de soins.',
});
