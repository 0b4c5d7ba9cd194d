// The words the screens use for the API's codes (stages, clocks, flags), in French.

export const STAGES = ['REFERRED', 'AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP', 'INSTITUTIONALIZED', 'CLOSED'] as const;

const STAGE_LABELS: Record<string, string> = {
  REFERRED: 'Orientation reçue',
  AWAITING_ASSIGNMENT: 'En attente d’attribution',
  ASSESSMENT: 'Évaluation',
  PLANNING: 'Élaboration du plan',
  PLAN_VALIDATION: 'Validation du plan',
  FOLLOW_UP: 'Suivi',
  INSTITUTIONALIZED: 'Entrée en établissement',
  CLOSED: 'Clôturé',
};

const DEADLINE_LABELS: Record<string, string> = {
  eligibilityDue: 'Décision d’éligibilité',
  assignmentDue: 'Attribution',
  firstContactDue: 'Premier contact',
  firstHomeVisitDue: 'Première visite à domicile',
  assessmentDue: 'Évaluation',
  planDue: 'Plan d’aide',
  planAcknowledgementDue: 'Visa du médecin sur le plan',
  contactDue: 'Contact de suivi',
  reassessmentDue: 'Réévaluation',
  postDischargeReassessmentDue: 'Réévaluation après sortie d’hôpital',
  significantChangeReassessmentDue: 'Réévaluation après changement',
  postAdmissionFollowUpDue: 'Suivi après entrée en établissement',
  servicesRestartDue: 'Reprise des services',
  dischargeLetterDue: 'Lettre de sortie',
  crisisActionDue: 'Action de crise',
  apaAcknowledgementDue: 'Accusé de réception APA',
  apaDecisionDue: 'Décision APA',
  apaProviderDeclarationDue: 'Déclaration du prestataire APA',
  nursingHomeMedicalPartDue: 'Volet médical EHPAD',
};

const FLAG_LABELS: Record<string, string> = {
  PLAN_NOT_ACKNOWLEDGED: 'Plan non visé par le médecin',
  APA_DEEMED_GRANTED: 'APA réputée accordée',
  HOSPITAL_DAY_31: 'Hospitalisé depuis plus de 30 jours',
};

const EVENT_LABELS: Record<string, string> = {
  REFERRAL_RECEIVED: 'Orientation reçue',
  ELIGIBILITY_DECIDED: 'Éligibilité décidée',
  CASE_MANAGER_ASSIGNED: 'Gestionnaire de cas attribué',
  CONSENT_RECORDED: 'Consentement recueilli',
  ASSESSMENT_RECORDED: 'Évaluation enregistrée',
  PLAN_RECORDED: 'Plan enregistré',
  PLAN_ACKNOWLEDGED: 'Plan visé par le médecin',
  CONTACT_RECORDED: 'Contact enregistré',
  DEADLINE_PASSED: 'Échéance dépassée',
  REMINDER_SCHEDULED: 'Relance programmée',
  STAGE_CHANGED: 'Changement d’étape',
  PATHWAY_CLOSED: 'Parcours clôturé',
};

export const stageLabel = (stage: string) => STAGE_LABELS[stage] ?? stage;
export const deadlineLabel = (kind: string) => DEADLINE_LABELS[kind] ?? kind;
export const flagLabel = (flag: string) => FLAG_LABELS[flag] ?? flag.toLowerCase().replace(/_/g, ' ');
export const eventLabel = (type: string) => EVENT_LABELS[type] ?? type.toLowerCase().replace(/_/g, ' ');

const dateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTime.format(new Date(iso)) : '—');

/** "il y a 3 jours", "dans 2 h": how far a moment is from now, in words. */
export function relative(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]];
  const [unit, size] = units.find(([, s]) => Math.abs(seconds) >= s) ?? ['second', 1];
  return new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' }).format(Math.round(seconds / size), unit);
}

// The flags labels.ts did not name yet, and why a pathway is stuck (by the API's codes).
Object.assign(FLAG_LABELS, {
  APA_PROPOSED: 'Dossier APA proposé (GIR 1 à 4)',
  RESPITE_PROPOSED: 'Répit proposé (charge de l’aidant)',
  HOSPITALIZED: 'Hospitalisé·e',
  INACTIVE: 'Sans activité depuis trop longtemps',
  ACTIVITY_FAILING: 'Une tâche technique échoue',
  CRISIS_OPEN: 'Crise ouverte',
  LEGAL_REQUEST_LAPSED: 'Requête de protection caduque',
});

/** Why a pathway is stuck, by the clock the API names (libs/domain CLOCK_KINDS; inactivityStuckAfter: no event for too long). */
const STUCK_BY_CLOCK: Record<string, string> = {
  eligibilityDue: 'Décision d’éligibilité en retard',
  assignmentDue: 'Attribution d’un gestionnaire de cas en retard',
  firstContactDue: 'Premier contact en retard',
  firstHomeVisitDue: 'Première visite à domicile en retard',
  assessmentDue: 'Évaluation en retard',
  planDue: 'Plan d’aide en retard',
  planAcknowledgementDue: 'Plan non visé par le médecin',
  contactDue: 'Contact de suivi en retard',
  reassessmentDue: 'Réévaluation périodique en retard',
  postDischargeReassessmentDue: 'Réévaluation après sortie d’hôpital en retard',
  significantChangeReassessmentDue: 'Réévaluation après changement important en retard',
  postAdmissionFollowUpDue: 'Suivi après entrée en établissement en retard (clôturer ou prolonger)',
  inactivityStuckAfter: 'Aucun événement depuis trop longtemps',
  dischargeLetterDue: 'Lettre de sortie non reçue',
  servicesRestartDue: 'Services à domicile non repris après la sortie',
  respiteStart: 'Début du répit dépassé',
  respiteEnd: 'Fin du répit dépassée',
  crisisActionDue: 'Crise sans action sous 24 heures',
  apaAcknowledgementDue: 'Dossier APA sans accusé de réception du département',
  apaDecisionDue: 'Décision APA en retard',
  apaProviderDeclarationDue: 'Prestataire APA non déclaré',
  legalRequestLapseAfter: 'Demande de protection juridique devenue caduque sans jugement',
  legalMeasureRenewal: 'Mesure de protection juridique arrivée à échéance sans renouvellement',
  nursingHomeMedicalPartDue: 'Demande d’EHPAD sans le volet médical du médecin',
};

/** Why a pathway is stuck, by the code the API keys it with (issue 22): the clocks, and the two reasons that are not one. */
const STUCK_BY_CODE: Record<string, string> = {
  ...STUCK_BY_CLOCK,
  activityFailing: 'Une opération automatique échoue à répétition',
  deadlinePassed: 'Une échéance est dépassée',
};

/**
 * A stuck reason in French from its code (the API's `code`, the list's `stuckReason`), never from the
 * English sentence, which the API may reword. `notProcessed`: a deadline the workflow has not processed
 * yet (source `unprocessedDeadline`); `activity`: the failing activity, when known. An unknown code is shown as sent.
 */
export function stuckCodeLabel(code: string, options: { notProcessed?: boolean; activity?: string } = {}): string {
  const words = STUCK_BY_CODE[code] ?? code;
  const named = code === 'activityFailing' && options.activity ? `${words} (${options.activity})` : words;
  return options.notProcessed ? `${named} (pas encore traité par le moteur du parcours)` : named;
}

