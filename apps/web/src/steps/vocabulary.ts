// French words for the codes of the step forms and of what the pathway page shows of them. Each table
// is keyed by the schema's enum, so a new code in the API is a type error here until it has its words.
import type { Schemas } from '../api/client';
import { DOCUMENT_KINDS } from '../documents/words';
import { deadlineLabel, eventLabel } from '../labels';
import type { Option } from './form';

export const SERVICE_TYPES: Record<Schemas['PlanServiceDto']['type'], string> = {
  SSIAD: 'Soins infirmiers à domicile (SSIAD)',
  SAAD: 'Aide à domicile (SAAD)',
  DAY_CARE: 'Accueil de jour',
  TEMPORARY_ACCOMMODATION: 'Hébergement temporaire',
  MEAL_DELIVERY: 'Portage de repas',
  CAREGIVER_SUPPORT: 'Soutien de l’aidant',
  LEGAL_PROTECTION: 'Protection juridique',
  APA_FILE: 'Dossier APA',
  OTHER: 'Autre',
};

export const CARE_TEAM_ROLES: Record<Schemas['CareTeamMemberInputDto']['role'], string> = {
  ATTENDING_PHYSICIAN: 'Médecin traitant',
  SPECIALIST: 'Médecin spécialiste',
  NURSE: 'Infirmier·e',
  SSIAD: 'SSIAD (soins infirmiers à domicile)',
  SAAD: 'SAAD (aide à domicile)',
  DAY_CARE: 'Accueil de jour',
  TEMPORARY_ACCOMMODATION: 'Hébergement temporaire',
  EHPAD: 'EHPAD',
  HOSPITAL_TEAM: 'Équipe hospitalière',
  LEGAL_REPRESENTATIVE: 'Représentant légal (curateur, tuteur)',
  CAREGIVER: 'Aidant',
};

export const SERVICE_STATUSES: Record<Schemas['PlanServiceViewDto']['status'], string> = {
  PLANNED: 'prévu',
  STARTED: 'en place',
  SUSPENDED: 'suspendu',
  STOPPED: 'arrêté',
};

export const CONTACT_CHANNELS: Record<Schemas['ContactDto']['channel'], string> = {
  PHONE: 'Téléphone',
  HOME_VISIT: 'Visite à domicile',
  OFFICE_VISIT: 'Rendez-vous au bureau',
  VIDEO: 'Visioconférence',
  EMAIL: 'Courriel',
  OTHER: 'Autre',
};

export const DISCHARGE_DESTINATIONS: Record<Schemas['HospitalDischargeDto']['destination'], string> = {
  HOME: 'Retour à domicile',
  INSTITUTION: 'Établissement',
  OTHER: 'Autre',
};

export const RESPITE_KINDS: Record<Schemas['RespiteDto']['kind'], string> = {
  DAY_CARE: 'Accueil de jour',
  TEMPORARY_ACCOMMODATION: 'Hébergement temporaire',
};

export const CRISIS_KINDS: Record<Schemas['CrisisDto']['kind'], string> = {
  CAREGIVER_EXHAUSTION: 'Épuisement de l’aidant',
  ACUTE_SITUATION: 'Situation aiguë',
  OTHER: 'Autre',
};

export const APA_OUTCOMES: Record<Schemas['ApaDecisionDto']['outcome'], string> = { GRANTED: 'Accordée', REFUSED: 'Refusée' };

export const APA_STATUSES: Record<Schemas['ApaFileViewDto']['status'], string> = {
  SUBMITTED: 'déposée, accusé de réception attendu',
  ACKNOWLEDGED: 'dossier complet, décision attendue',
  DEEMED_GRANTED: 'réputée accordée (sans décision dans les 2 mois)',
  GRANTED: 'accordée',
  REFUSED: 'refusée',
};

export const LEGAL_KINDS: Record<Schemas['LegalProtectionDto']['kind'], string> = {
  SAUVEGARDE: 'Sauvegarde de justice',
  CURATELLE: 'Curatelle',
  TUTELLE: 'Tutelle',
  HABILITATION_FAMILIALE: 'Habilitation familiale',
};

export const LEGAL_OUTCOMES: Record<Schemas['LegalProtectionRulingDto']['outcome'], string> = { GRANTED: 'Mesure prononcée', REJECTED: 'Requête rejetée' };

export const LEGAL_STATUSES: Record<Schemas['LegalProtectionViewDto']['status'], string> = {
  PREPARING: 'en préparation',
  FILED: 'requête déposée, jugement attendu',
  GRANTED: 'mesure prononcée',
  REJECTED: 'requête rejetée',
  LAPSED: 'requête caduque (un an sans jugement)',
};

export const NURSING_HOME_OUTCOMES: Record<Schemas['NursingHomeDecisionDto']['outcome'], string> = {
  ACCEPTED: 'Admission acceptée',
  REFUSED: 'Refusée',
  WAITLISTED: 'Liste d’attente',
};

export const NURSING_HOME_STATUSES: Record<Schemas['NursingHomeApplicationViewDto']['status'], string> = {
  SUBMITTED: 'déposée',
  WAITLISTED: 'sur liste d’attente',
  ACCEPTED: 'acceptée',
  REFUSED: 'refusée',
  CANCELLED: 'annulée (une autre admission acceptée)',
};

export const CLOSURE_REASONS: Record<Schemas['ClosureDto']['reason'], string> = {
  DECEASED: 'Décès',
  INSTITUTIONALIZED: 'Entrée en établissement stabilisée',
  MOVED: 'Déménagement hors du territoire',
  REFUSED: 'Refus de la personne',
  REORIENTED: 'Réorientation (non éligible ou situation plus complexe)',
  OTHER: 'Autre motif',
};

export const APPOINTMENT_KINDS: Record<Schemas['BookAppointmentDto']['kind'], string> = {
  HOME_VISIT: 'Visite à domicile',
  PHONE_CALL: 'Appel téléphonique',
  PHYSICIAN_MEETING: 'Rendez-vous avec le médecin',
  FAMILY_MEETING: 'Rencontre avec la famille',
  CARE_TEAM_MEETING: 'Réunion d’équipe',
};

export const APPOINTMENT_STATUSES: Record<Schemas['AppointmentViewDto']['status'], string> = {
  BOOKED: 'Prévu',
  DONE: 'Réalisé',
  CANCELLED: 'Annulé',
  MISSED: 'Manqué',
};

export const options = (labels: Record<string, string>): Option[] => Object.entries(labels).map(([value, label]) => ({ value, label }));
export const wordFor = (labels: Record<string, string>, code: string | undefined) => (code ? labels[code] ?? code : '—');

/** The clocks labels.ts does not name yet (episodes): their words here, the rest from labels.ts. */
const MORE_DEADLINES: Record<string, string> = {
  respiteStart: 'Début du répit',
  respiteEnd: 'Fin du répit',
  legalRequestLapseAfter: 'Caducité de la requête de protection',
  legalMeasureRenewal: 'Renouvellement de la mesure de protection',
};
export const deadlineWords = (kind: string) => MORE_DEADLINES[kind] ?? deadlineLabel(kind);

const MORE_EVENTS: Record<string, string> = {
  CASE_MANAGER_REASSIGNED: 'Gestionnaire de cas changé',
  CONTACT_LOGGED: 'Contact enregistré',
  REASSESSMENT_CYCLE_STARTED: 'Nouveau cycle de réévaluation',
  PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED: 'Délai de visa du plan écoulé',
  REMINDER_DUE: 'Relance',
  HOSPITAL_ADMISSION: 'Hospitalisation',
  HOSPITAL_DISCHARGE: 'Sortie d’hôpital',
  HOSPITAL_DAY_31: '31e jour d’hospitalisation',
  DISCHARGE_LETTER_RECEIVED: 'Lettre de sortie reçue',
  SERVICES_RESTARTED: 'Reprise des services à domicile',
  INSTITUTIONAL_ADMISSION: 'Entrée en établissement',
  RESPITE_PLANNED: 'Répit planifié',
  RESPITE_CANCELLED: 'Répit annulé',
  RESPITE_STARTED: 'Début du répit',
  RESPITE_ENDED: 'Fin du répit',
  CRISIS_OPENED: 'Crise ouverte',
  CRISIS_ACTION_RECORDED: 'Action de crise',
  CRISIS_RESOLVED: 'Crise résolue',
  APA_SUBMITTED: 'Demande d’APA déposée',
  APA_ACKNOWLEDGED: 'Accusé de réception APA',
  APA_DECIDED: 'Décision APA',
  APA_DEEMED_GRANTED: 'APA réputée accordée',
  APA_PROVIDER_DECLARED: 'Prestataire APA déclaré',
  LEGAL_PROTECTION_REQUESTED: 'Protection juridique envisagée',
  LEGAL_PROTECTION_FILED: 'Requête de protection déposée',
  LEGAL_PROTECTION_RULED: 'Jugement de protection',
  LEGAL_REQUEST_LAPSED: 'Requête de protection caduque',
  NURSING_HOME_APPLICATION_SUBMITTED: 'Demande d’EHPAD déposée',
  NURSING_HOME_MEDICAL_PART_COMPLETED: 'Volet médical EHPAD rempli',
  NURSING_HOME_APPLICATION_DECIDED: 'Réponse d’EHPAD',
  APPOINTMENT_BOOKED: 'Rendez-vous pris',
  APPOINTMENT_RESCHEDULED: 'Rendez-vous déplacé',
  APPOINTMENT_CANCELLED: 'Rendez-vous annulé',
  APPOINTMENT_HELD: 'Rendez-vous réalisé',
  APPOINTMENT_MISSED: 'Rendez-vous manqué',
  DOCUMENT_ATTACHED: 'Document ajouté',
  CARE_TEAM_MEMBER_ADDED: 'Membre ajouté au cercle de soins',
  CARE_TEAM_MEMBER_CHANGED: 'Membre du cercle de soins modifié',
  CARE_TEAM_MEMBER_REMOVED: 'Membre retiré du cercle de soins',
};
export const eventWords = (type: string) => MORE_EVENTS[type] ?? eventLabel(type);

/** A short detail of a timeline event, from the data the step recorded (never free-text notes). */
export function eventDetail(type: string, data: Record<string, unknown>): string | undefined {
  const s = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
  switch (type) {
    case 'CARE_TEAM_MEMBER_ADDED':
    case 'CARE_TEAM_MEMBER_CHANGED': {
      const member = data.member as { name?: string; role?: string } | undefined;
      return member?.name && `${member.name}, ${wordFor(CARE_TEAM_ROLES, member.role)}`;
    }
    case 'CARE_TEAM_MEMBER_REMOVED':
      return s('name');
    case 'CONTACT_LOGGED':
      return wordFor(CONTACT_CHANNELS, s('channel'));
    case 'HOSPITAL_ADMISSION':
    case 'INSTITUTIONAL_ADMISSION':
    case 'NURSING_HOME_APPLICATION_SUBMITTED':
      return s('facility');
    case 'HOSPITAL_DISCHARGE':
      return [s('facility'), s('destination') && wordFor(DISCHARGE_DESTINATIONS, s('destination'))].filter(Boolean).join(', ');
    case 'RESPITE_PLANNED':
      return [wordFor(RESPITE_KINDS, s('kind')), s('provider')].filter(Boolean).join(', ');
    case 'PATHWAY_CLOSED':
      return wordFor(CLOSURE_REASONS, s('reason'));
    case 'DOCUMENT_ATTACHED':
      return wordFor(DOCUMENT_KINDS, s('kind'));
    case 'PLAN_RECORDED':
      return typeof data.version === 'number' ? `version ${data.version}` : undefined;
    case 'APPOINTMENT_BOOKED':
    case 'APPOINTMENT_RESCHEDULED':
    case 'APPOINTMENT_CANCELLED':
    case 'APPOINTMENT_HELD':
    case 'APPOINTMENT_MISSED':
      return wordFor(APPOINTMENT_KINDS, s('kind'));
    case 'DEADLINE_PASSED':
      return s('clock') ? deadlineWords(s('clock') as string) : undefined;
    case 'STAGE_CHANGED':
      return undefined;
    default:
      return undefined;
  }
}
