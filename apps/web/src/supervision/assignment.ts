// Assigning a pathway to a case manager from the supervision page: who can be chosen, and why the API
// refused, in a sentence a pilote MAIA acts on.
import { plainReason, asProblem } from '../api/problem';
import { stageLabel } from '../labels';
import { roomLabel } from './words';

/** Stages in which the workflow accepts an assignment (libs/domain decide.ts, assignCaseManager). */
export const ASSIGNABLE_STAGES = ['AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP', 'INSTITUTIONALIZED'] as const;

export const isAssignable = (stage: string) => (ASSIGNABLE_STAGES as readonly string[]).includes(stage);

export interface CaseManagerChoice {
  caseManagerId: string;
  name: string;
  active: number;
  capacity: number;
  available: number;
}

export interface Option {
  value: string;
  label: string;
  disabled: boolean;
}

/**
 * The case managers to choose from, most room first: each with what is left of their capacity. A full
 * one stays choosable (a slot may free up meanwhile; the API has the last word); the current one is not.
 */
export function caseManagerOptions(caseloads: readonly CaseManagerChoice[], currentId?: string | null): Option[] {
  return [...caseloads]
    .sort((a, b) => b.available - a.available || a.name.localeCompare(b.name, 'fr'))
    .map((c) => ({
      value: c.caseManagerId,
      label: c.caseManagerId === currentId ? `${c.name} — gestionnaire actuel (${c.active} / ${c.capacity})` : `${c.name} — ${roomLabel(c.available)} (${c.active} / ${c.capacity})`,
      disabled: c.caseManagerId === currentId,
    }));
}

/** The problem type of a 409 for a case manager at capacity (apps/api/src/common/problem.ts PROBLEM_TYPES). */
export const CASELOAD_FULL_PROBLEM = 'https://care-pathway.example/problems/caseload-full';

/** Why an assignment was refused, in plain French: `name` is the chosen case manager's. */
export function assignmentRefusal(status: number, body: unknown, name: string): string {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const reason = typeof doc.reason === 'string' ? doc.reason : '';
  const stage = typeof doc.stage === 'string' ? doc.stage : undefined;
  if (status === 409) {
    if (doc.type === CASELOAD_FULL_PROBLEM) {
      const figures = typeof doc.active === 'number' && typeof doc.capacity === 'number' ? ` (${doc.active} parcours pour ${doc.capacity} place${doc.capacity > 1 ? 's' : ''})` : '';
      return `${name} suit déjà autant de parcours que sa capacité le permet${figures} : choisissez un autre gestionnaire de cas, ou libérez d’abord une place.`;
    }
    if (/already assigned/i.test(reason)) return `Ce parcours est déjà suivi par ${name}.`;
    if (stage === 'REFERRED') return 'Ce parcours ne peut pas encore être attribué : l’éligibilité n’a pas été décidée.';
    if (stage === 'CLOSED') return 'Ce parcours est clôturé : il ne peut plus être attribué.';
    if (stage) return `L’attribution n’est pas possible à l’étape « ${stageLabel(stage)} ».`;
    return 'Une attribution de ce parcours est déjà en cours : actualisez la page dans un instant.';
  }
  if (status === 422) return `${name} n’est pas un gestionnaire de cas de ce territoire.`;
  if (status === 403) return 'Vous ne pouvez pas attribuer ce parcours : il n’est pas de votre territoire.';
  if (status === 404) return 'Ce parcours n’existe pas (ou plus).';
  return plainReason(asProblem(status, body));
}
