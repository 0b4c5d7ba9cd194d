// "Mes patients" in the order an attending physician works it: the plans waiting for their visa first
// (the soonest due first; one whose window has ended, still unacknowledged, is the most late), then
// their other patients as a case manager's portfolio orders them (urgency.ts).
import { byUrgency, type UrgencyFields } from './urgency';

export interface PatientPathway extends UrgencyFields {
  stage: string;
  flags: string[];
  closedAt: string | null;
}

/**
 * Whether the plan waits for the physician's visa: the pathway is in plan validation, or its window
 * ended without the visa (flag PLAN_NOT_ACKNOWLEDGED, the pathway went on to follow-up): the physician
 * can still acknowledge it (libs/domain decide.ts acknowledgePlan, in PLAN_VALIDATION and FOLLOW_UP).
 */
export const awaitsVisa = (p: Pick<PatientPathway, 'stage' | 'flags'>) => p.stage === 'PLAN_VALIDATION' || p.flags.includes('PLAN_NOT_ACKNOWLEDGED');

/** The plans to acknowledge, most pressing first: `visaDueAt` is the due date of each (absent: not known, or the window ended). */
export function plansToAcknowledge<T extends PatientPathway & { id: string }>(pathways: readonly T[], visaDueAt: ReadonlyMap<string, string>): T[] {
  const due = (p: T) => {
    const at = visaDueAt.get(p.id);
    // A window that ended comes first: it is the latest of all.
    return at ? Date.parse(at) : p.stage === 'PLAN_VALIDATION' ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
  };
  return pathways.filter((p) => !p.closedAt && awaitsVisa(p)).sort((a, b) => due(a) - due(b) || byUrgency(a, b));
}

/** The physician's other open patients, the most urgent first. */
export function otherPatients<T extends PatientPathway>(pathways: readonly T[]): T[] {
  return pathways.filter((p) => !p.closedAt && !awaitsVisa(p)).sort(byUrgency);
}
