// The supervision page's words for what the API says in codes or in English (the domain's stuck reasons,
// closure reasons, reminder recipients), in French. An unknown code is shown as the API sent it.

const STUCK_REASONS: Record<string, string> = {
  'eligibility decision overdue': 'Décision d’éligibilité en retard',
  'case manager assignment overdue': 'Attribution d’un gestionnaire de cas en retard',
  'first contact overdue': 'Premier contact en retard',
  'first home visit overdue': 'Première visite à domicile en retard',
  'assessment overdue': 'Évaluation en retard',
  'service plan overdue': 'Plan d’aide en retard',
  'plan not acknowledged by the physician': 'Plan non visé par le médecin',
  'follow-up contact overdue': 'Contact de suivi en retard',
  'periodic reassessment overdue': 'Réévaluation périodique en retard',
  'post-discharge reassessment overdue': 'Réévaluation après sortie d’hôpital en retard',
  'significant-change reassessment overdue': 'Réévaluation après changement important en retard',
  'post-admission follow-up overdue (close or extend)': 'Suivi après entrée en établissement en retard (clôturer ou prolonger)',
  'no event for too long': 'Aucun événement depuis trop longtemps',
  'discharge letter not received': 'Lettre de sortie non reçue',
  'home services not restarted after discharge': 'Services à domicile non repris après la sortie',
  'respite start passed': 'Début du répit dépassé',
  'respite end passed': 'Fin du répit dépassée',
  'crisis without action within 24 hours': 'Crise sans action sous 24 heures',
  'APA file not acknowledged by the département': 'Dossier APA sans accusé de réception du département',
  'APA decision overdue': 'Décision APA en retard',
  'APA provider not declared': 'Prestataire APA non déclaré',
  'legal protection request lapsed without a ruling': 'Demande de protection juridique devenue caduque sans jugement',
  'legal protection measure ended without renewal': 'Mesure de protection juridique arrivée à échéance sans renouvellement',
  "nursing-home application without the physician's medical part": 'Demande d’EHPAD sans le volet médical du médecin',
  'a deadline passed': 'Une échéance est dépassée',
  stuck: 'Parcours bloqué',
};

const NOT_PROCESSED = " (not yet processed by the pathway's workflow)";

/** A stuck reason as the API words it (libs/domain clocks), in French. */
export function stuckReasonLabel(reason: string): string {
  if (reason.endsWith(NOT_PROCESSED)) return `${stuckReasonLabel(reason.slice(0, -NOT_PROCESSED.length))} (pas encore traité par le moteur du parcours)`;
  const failing = /^activity\s*(.*?)\s*keeps failing$/.exec(reason);
  if (failing) return `Une opération automatique échoue à répétition${failing[1] ? ` (${failing[1]})` : ''}`;
  return STUCK_REASONS[reason] ?? reason;
}

const CLOSURE_REASONS: Record<string, string> = {
  DECEASED: 'Décès',
  INSTITUTIONALIZED: 'Entrée en établissement',
  MOVED: 'Départ du territoire',
  REFUSED: 'Refus de la personne',
  REORIENTED: 'Réorientation',
  OTHER: 'Autre motif',
};

export const closureReasonLabel = (code: string) => CLOSURE_REASONS[code] ?? code;

const RECIPIENTS: Record<string, string> = {
  intake: 'Guichet intégré',
  case_manager: 'Gestionnaires de cas',
  supervisor: 'Pilotes MAIA',
  physician: 'Médecins traitants',
  caregiver: 'Aidants',
  referrer: 'Orienteurs',
};

export const recipientLabel = (role: string) => RECIPIENTS[role] ?? role;

/** "3 places libres", "1 place libre", "complet". */
export function roomLabel(available: number): string {
  if (available <= 0) return 'complet';
  return `${available} place${available > 1 ? 's' : ''} libre${available > 1 ? 's' : ''}`;
}

/** How long someone has waited, from labels.ts `relative`: "il y a 3 jours" → "3 jours"; "maintenant" → "à l’instant". */
export function waitedFor(relativeText: string): string {
  return relativeText.startsWith('il y a ') ? relativeText.slice('il y a '.length) : 'à l’instant';
}
