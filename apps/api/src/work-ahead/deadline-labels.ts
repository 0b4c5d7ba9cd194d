import type { ClockKind } from '@pathway/domain';

/** The deadlines as a case manager names them, for the calendar feed (the web app has its own words for its screens). */
export const DEADLINE_LABELS_FR: Record<Exclude<ClockKind, 'inactivityStuckAfter'>, string> = {
  eligibilityDue: 'décision d’éligibilité',
  assignmentDue: 'attribution',
  firstContactDue: 'premier contact',
  firstHomeVisitDue: 'première visite à domicile',
  assessmentDue: 'évaluation',
  planDue: 'plan de services',
  planAcknowledgementDue: 'visa du médecin sur le plan',
  contactDue: 'contact de suivi',
  reassessmentDue: 'réévaluation',
  postDischargeReassessmentDue: 'réévaluation après sortie d’hôpital',
  significantChangeReassessmentDue: 'réévaluation après changement',
  postAdmissionFollowUpDue: 'suivi après entrée en établissement',
  dischargeLetterDue: 'lettre de sortie',
  servicesRestartDue: 'reprise des services',
  respiteStart: 'début du répit',
  respiteEnd: 'fin du répit',
  crisisActionDue: 'action après alerte',
  apaAcknowledgementDue: 'accusé de réception APA',
  apaDecisionDue: 'décision APA',
  apaProviderDeclarationDue: 'déclaration du prestataire APA',
  legalRequestLapseAfter: 'requête de protection juridique',
  legalMeasureRenewal: 'renouvellement de la mesure de protection',
  nursingHomeMedicalPartDue: 'volet médical EHPAD',
};

export function deadlineLabelFr(kind: string): string {
  return (DEADLINE_LABELS_FR as Record<string, string>)[kind] ?? kind;
}
