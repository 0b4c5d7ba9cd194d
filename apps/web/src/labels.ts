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

// The flags labels.ts did not name yet, and why a pathway is stuck (the workflow says it in English).
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

/**
 * The same reasons by the English sentence the API sends with them (libs/domain CLOCK_RULES
 * `overdueReason`): for a reason without a clock, e.g. a pathway list item's `stuckReason`.
 */
const STUCK_REASONS: Record<string, string> = {
  'eligibility decision overdue': STUCK_BY_CLOCK.eligibilityDue,
  'case manager assignment overdue': STUCK_BY_CLOCK.assignmentDue,
  'first contact overdue': STUCK_BY_CLOCK.firstContactDue,
  'first home visit overdue': STUCK_BY_CLOCK.firstHomeVisitDue,
  'assessment overdue': STUCK_BY_CLOCK.assessmentDue,
  'service plan overdue': STUCK_BY_CLOCK.planDue,
  'plan not acknowledged by the physician': STUCK_BY_CLOCK.planAcknowledgementDue,
  'follow-up contact overdue': STUCK_BY_CLOCK.contactDue,
  'periodic reassessment overdue': STUCK_BY_CLOCK.reassessmentDue,
  'post-discharge reassessment overdue': STUCK_BY_CLOCK.postDischargeReassessmentDue,
  'significant-change reassessment overdue': STUCK_BY_CLOCK.significantChangeReassessmentDue,
  'post-admission follow-up overdue (close or extend)': STUCK_BY_CLOCK.postAdmissionFollowUpDue,
  'no event for too long': STUCK_BY_CLOCK.inactivityStuckAfter,
  'discharge letter not received': STUCK_BY_CLOCK.dischargeLetterDue,
  'home services not restarted after discharge': STUCK_BY_CLOCK.servicesRestartDue,
  'respite start passed': STUCK_BY_CLOCK.respiteStart,
  'respite end passed': STUCK_BY_CLOCK.respiteEnd,
  'crisis without action within 24 hours': STUCK_BY_CLOCK.crisisActionDue,
  'APA file not acknowledged by the département': STUCK_BY_CLOCK.apaAcknowledgementDue,
  'APA decision overdue': STUCK_BY_CLOCK.apaDecisionDue,
  'APA provider not declared': STUCK_BY_CLOCK.apaProviderDeclarationDue,
  'legal protection request lapsed without a ruling': STUCK_BY_CLOCK.legalRequestLapseAfter,
  'legal protection measure ended without renewal': STUCK_BY_CLOCK.legalMeasureRenewal,
  "nursing-home application without the physician's medical part": STUCK_BY_CLOCK.nursingHomeMedicalPartDue,
  'a deadline passed': 'Une échéance est dépassée',
  stuck: 'Parcours bloqué',
};

const NOT_PROCESSED = " (not yet processed by the pathway's workflow)";

/**
 * A stuck reason in French: from its `clock` when the API names one (a code), else from the sentence;
 * one it knows neither way is shown as sent. The supervision list adds that a deadline has not been
 * processed yet by the workflow (its worker is stopped or behind), and names a failing activity.
 */
export function stuckReasonLabel(reason: string, clock?: string | null): string {
  const notProcessed = reason.endsWith(NOT_PROCESSED);
  const sentence = notProcessed ? reason.slice(0, -NOT_PROCESSED.length) : reason;
  const failing = /^activity\s*(.*?)\s*keeps failing$/.exec(sentence);
  const words =
    (clock ? STUCK_BY_CLOCK[clock] : undefined) ??
    STUCK_REASONS[sentence] ??
    (failing ? `Une opération automatique échoue à répétition${failing[1] ? ` (${failing[1]})` : ''}` : sentence);
  return notProcessed ? `${words} (pas encore traité par le moteur du parcours)` : words;
}
