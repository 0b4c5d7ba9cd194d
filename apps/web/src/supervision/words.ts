// The supervision page's words for what the API says in codes (the domain's stuck reasons,
// closure reasons, reminder recipients), in French. An unknown code is shown as the API sent it.

/** Stuck reasons: one table for every screen, by the API's code (labels.ts). */
export { stuckCodeLabel } from '../labels';

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
