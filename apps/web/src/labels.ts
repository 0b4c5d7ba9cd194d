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
  return new Intl.RelativeTimeFormat('fr-FR', { numeric: 'auto' }).format(Math.trunc(seconds / size), unit);
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

const STUCK_REASONS: Record<string, string> = {
  'eligibility decision overdue': 'Décision d’éligibilité en retard',
  'case manager assignment overdue': 'Attribution en retard',
  'first contact overdue': 'Premier contact en retard',
  'first home visit overdue': 'Première visite à domicile en retard',
  'assessment overdue': 'Évaluation en retard',
  'service plan overdue': 'Plan d’aide en retard',
  'plan not acknowledged by the physician': 'Plan non visé par le médecin',
  'follow-up contact overdue': 'Contact de suivi en retard',
  'periodic reassessment overdue': 'Réévaluation périodique en retard',
  'post-discharge reassessment overdue': 'Réévaluation après sortie d’hôpital en retard',
  'significant-change reassessment overdue': 'Réévaluation après changement en retard',
  'post-admission follow-up overdue (close or extend)': 'Suivi après entrée en établissement en retard (clôturer ou prolonger)',
  'no event for too long': 'Aucun événement depuis trop longtemps',
  'home services not restarted after discharge': 'Services à domicile non repris après la sortie',
  'crisis without action within 24 hours': 'Crise sans action sous 24 h',
};

/** A stuck reason of the API in French; one it does not know is shown as sent. */
export const stuckReasonLabel = (reason: string) =>
  STUCK_REASONS[reason] ?? (/^activity (.*) keeps failing$/.test(reason) ? `Une tâche technique échoue à répétition (${reason.replace(/^activity (.*) keeps failing$/, '$1')})` : reason);
