// Problem documents (RFC 9457) as the API sends them, read into what a form shows: a message per field
// and, for the rest, one sentence in plain words.
import { stageLabel } from '../labels';

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
  stage?: string;
  reason?: string;
}

export function asProblem(status: number, body: unknown): Problem {
  const doc = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const errors = Array.isArray(doc.errors)
    ? doc.errors.filter((e): e is FieldProblem => typeof e === 'object' && e !== null && typeof e.field === 'string' && typeof e.message === 'string')
    : undefined;
  return {
    status,
    title: typeof doc.title === 'string' ? doc.title : undefined,
    detail: typeof doc.detail === 'string' ? doc.detail : undefined,
    errors,
    stage: typeof doc.stage === 'string' ? doc.stage : undefined,
    reason: typeof doc.reason === 'string' ? doc.reason : undefined,
  };
}

/** Field name → messages; a nested path (`services[0].startsAt`) is kept as the key. */
export function fieldErrors(problem: Problem | undefined): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const e of problem?.errors ?? []) (byField[e.field] ??= []).push(e.message);
  return byField;
}

/** One sentence for the whole form: why the step was refused, in words a case manager acts on. */
export function plainReason(problem: Problem): string {
  switch (problem.status) {
    case 400:
      return 'Certaines valeurs ne sont pas acceptées : corrigez les champs signalés.';
    case 401:
      return 'Votre session a expiré : reconnectez-vous.';
    case 403:
      return 'Vous n’avez pas accès à ce parcours.';
    case 404:
      return 'Ce parcours n’existe pas (ou plus).';
    case 409:
      return `Cette étape n’est pas possible maintenant${problem.stage ? ` (le parcours est à l’étape « ${stageLabel(problem.stage)} »)` : ''} : ${problem.reason ?? problem.detail ?? 'le parcours a refusé l’étape'}.`;
    case 429:
      return 'Trop de demandes à la suite : réessayez dans un instant.';
    default:
      return problem.status >= 500 ? 'Le service ne répond pas correctement : réessayez dans un instant.' : problem.detail ?? 'La demande a été refusée.';
  }
}
