// The referral (POST /api/v1/pathways), the first step of every pathway, as the intake coordinator
// types it: fields named as the API names them (`patient.birthDate`), so its errors land next to
// them, grouped as a referral letter reads. The territory is not typed: it is the coordinator's own
// (the API refuses a referral into another territory). No imports but types and form.ts: unit-tested.
import type { Schemas } from '../api/client';
import { instant, localDateTime, optionalText, type Draft, type FieldSpec } from '../steps/form';

export type ReferralBody = Schemas['CreatePathwayDto'];

const CAREGIVER_FIELDS = ['caregiver.name', 'caregiver.relationship', 'caregiver.phone', 'caregiver.email'] as const;

const text = (value: string | boolean | undefined) => (typeof value === 'string' ? value.trim() : '');

/** Whether anything was typed about a caregiver: then they are sent, with their name and relationship required. */
export const hasCaregiver = (draft: Draft) => CAREGIVER_FIELDS.some((f) => text(draft[f]) !== '');

export interface ReferralSection {
  legend: string;
  hint?: string;
  fields: FieldSpec[];
}

export const REFERRAL_SECTIONS: ReferralSection[] = [
  {
    legend: 'Personne orientée',
    fields: [
      { name: 'patient.lastName', label: 'Nom', kind: 'text', required: true },
      { name: 'patient.firstName', label: 'Prénom', kind: 'text', required: true },
      { name: 'patient.birthDate', label: 'Date de naissance', kind: 'date', required: true },
      {
        name: 'patient.externalId',
        label: 'Identifiant de la personne',
        kind: 'text',
        required: true,
        hint: 'Celui du dossier de l’orienteur (par exemple le NIR) : il sert à repérer un parcours déjà ouvert.',
        errorsFrom: ['patient'],
      },
    ],
  },
  {
    legend: 'Orientation',
    fields: [
      { name: 'referral.source', label: 'Orientée par', kind: 'text', required: true, hint: 'Médecin, service hospitalier, CLIC, famille…', errorsFrom: ['referral'] },
      { name: 'referral.referredAt', label: 'Date de l’orientation', kind: 'datetime', required: true },
      {
        name: 'referral.referrerEmail',
        label: 'Courriel de l’orienteur',
        kind: 'text',
        hint: 'Pour le prévenir d’une réorientation et de la clôture ; sans courriel, il n’est pas prévenu.',
      },
      { name: 'referral.diagnosis', label: 'Diagnostic', kind: 'textarea', hint: 'Tel que l’orienteur le mentionne.' },
    ],
  },
  {
    legend: 'Médecin traitant',
    hint: 'Il reçoit le plan d’aide à viser et les relances qui le concernent.',
    fields: [
      { name: 'physician.name', label: 'Nom du médecin traitant', kind: 'text', required: true, errorsFrom: ['physician'] },
      { name: 'physician.email', label: 'Courriel du médecin traitant', kind: 'text', required: true },
    ],
  },
  {
    legend: 'Aidant (facultatif)',
    hint: 'À renseigner si un proche accompagne la personne : il reçoit les relances de visites et de répit.',
    fields: [
      { name: 'caregiver.name', label: 'Nom de l’aidant', kind: 'text', required: hasCaregiver, errorsFrom: ['caregiver'] },
      { name: 'caregiver.relationship', label: 'Lien avec la personne', kind: 'text', required: hasCaregiver, hint: 'Par exemple : fille, conjoint, voisine.' },
      { name: 'caregiver.phone', label: 'Téléphone de l’aidant', kind: 'text' },
      { name: 'caregiver.email', label: 'Courriel de l’aidant', kind: 'text' },
    ],
  },
];

export const REFERRAL_FIELDS: FieldSpec[] = REFERRAL_SECTIONS.flatMap((s) => s.fields);

/** An empty referral, dated now. */
export function initialReferral(now: Date = new Date()): Draft {
  return { ...Object.fromEntries(REFERRAL_FIELDS.map((f) => [f.name, ''])), 'referral.referredAt': localDateTime(now) };
}

/**
 * What was typed as the API's body: required text trimmed and sent even when blank (the API names the
 * field), optional text left out when blank, the caregiver only when something was typed about them.
 */
export function referralBody(draft: Draft, territory: string, now: Date = new Date()): ReferralBody {
  return {
    patient: {
      externalId: text(draft['patient.externalId']),
      firstName: text(draft['patient.firstName']),
      lastName: text(draft['patient.lastName']),
      birthDate: text(draft['patient.birthDate']),
      territory,
    },
    referral: {
      source: text(draft['referral.source']),
      referredAt: instant(draft['referral.referredAt'], now),
      diagnosis: optionalText(draft['referral.diagnosis']),
      referrerEmail: optionalText(draft['referral.referrerEmail']),
    },
    physician: { name: text(draft['physician.name']), email: text(draft['physician.email']) },
    caregiver: hasCaregiver(draft)
      ? {
          name: text(draft['caregiver.name']),
          relationship: text(draft['caregiver.relationship']),
          phone: optionalText(draft['caregiver.phone']),
          email: optionalText(draft['caregiver.email']),
        }
      : undefined,
  };
}

/** The open pathway a 409 names when the patient already has one (`openPathwayId`), if any. */
export function openPathwayOf(status: number, body: unknown): string | undefined {
  if (status !== 409 || typeof body !== 'object' || body === null) return undefined;
  const id = (body as Record<string, unknown>).openPathwayId;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export const ALREADY_OPEN = 'the patient already has an open pathway';

/**
 * The referral's answer as the step forms read answers. The API's "already has an open pathway" 409
 * names no `reason`, which form.ts answerKept() takes for the 409 of a request still in progress (and
 * would resend with the same Idempotency-Key, replaying the same refusal after that pathway closed):
 * it is given its reason, so it counts as answered.
 */
export function asReferralAnswer<A extends { error?: unknown; response: Response }>(answer: A): A {
  if (!openPathwayOf(answer.response.status, answer.error)) return answer;
  const error = answer.error as Record<string, unknown>;
  return { ...answer, error: { ...error, reason: typeof error.reason === 'string' ? error.reason : ALREADY_OPEN } };
}

/** class-validator's words the step forms never meet (reasons.ts says the domain's); the rest as sent. */
export function referralFieldMessage(message: string): string {
  if (/ must be an email$/.test(message)) return 'Indiquez une adresse électronique valide (par exemple nom@cabinet.fr).';
  if (/^referral\.referredAt is before patient\.birthDate$/.test(message)) return 'L’orientation ne peut pas précéder la naissance de la personne.';
  return message;
}
