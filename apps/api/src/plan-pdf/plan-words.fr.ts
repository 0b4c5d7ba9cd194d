// French words of the plan on paper (the API's own: the web app's vocabulary.ts cannot be imported here).
import type { PathwayStage, ServiceStatus, ServiceType } from '@pathway/domain';

export const SERVICE_TYPE_FR: Record<ServiceType, string> = {
  SSIAD: 'Soins infirmiers à domicile (SSIAD)',
  SAAD: 'Aide à domicile (SAAD)',
  DAY_CARE: 'Accueil de jour',
  TEMPORARY_ACCOMMODATION: 'Hébergement temporaire',
  MEAL_DELIVERY: 'Portage de repas',
  CAREGIVER_SUPPORT: "Soutien de l'aidant",
  LEGAL_PROTECTION: 'Protection juridique',
  APA_FILE: 'Dossier APA',
  OTHER: 'Autre',
};

export const SERVICE_STATUS_FR: Record<ServiceStatus, string> = { PLANNED: 'prévu', STARTED: 'en place', SUSPENDED: 'suspendu', STOPPED: 'arrêté' };

export const STAGE_FR: Record<PathwayStage, string> = {
  REFERRED: 'orientation reçue',
  AWAITING_ASSIGNMENT: "en attente d'un gestionnaire de cas",
  ASSESSMENT: 'évaluation',
  PLANNING: 'élaboration du plan',
  PLAN_VALIDATION: 'validation du plan par le médecin',
  FOLLOW_UP: 'suivi',
  INSTITUTIONALIZED: 'en établissement',
  CLOSED: 'clôturé',
};

/** What an assessment's proposals set out to do (the plan has no goals field of its own). */
export const PROPOSAL_GOALS_FR: Record<string, string> = {
  APA_PROPOSED: "Ouvrir les droits à l'allocation personnalisée d'autonomie (GIR 1 à 4)",
  RESPITE_PROPOSED: "Soulager l'aidant : proposer une solution de répit",
};

const PARIS = 'Europe/Paris';
export const dateFr = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: PARIS }).format(new Date(iso));
export const dateTimeFr = (iso: string) => new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: PARIS }).format(new Date(iso));
