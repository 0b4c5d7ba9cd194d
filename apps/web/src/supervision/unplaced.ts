// The pathways the absences under way left unplaced (issue 19): no covering case manager had room, so
// the supervisor holds them (their reminders come to the territory's supervisor contact) until placed
// or until the absence ends. The API lists them per absence; this gathers them for the territory.
import { api, type Schemas } from '../api/client';
import type { Answer } from '../useLoad';
import { assignmentRefusal } from './assignment';

export interface ToPlace {
  pathwayId: string;
  patient: Schemas['UnplacedPatientDto'];
  absentId: string;
  absenceId: string;
  /** The absence's end: the pathway is the absent case manager's again then. */
  until: string;
}

/** Every pathway still to place, for the case managers given (the territory's team), the absence ending first first. */
export async function loadToPlace(caseManagerIds: readonly string[]): Promise<Answer<ToPlace[]>> {
  const found: ToPlace[] = [];
  let last: Response = new Response(null, { status: 200 });
  for (const id of caseManagerIds) {
    const absences = await api.GET('/api/v1/case-managers/{id}/absences', { params: { path: { id } } });
    if (!absences.response.ok || !absences.data) return { error: absences.error, response: absences.response };
    last = absences.response;
    for (const absence of absences.data.filter((a) => a.phase === 'COVERED')) {
      const unplaced = await api.GET('/api/v1/case-managers/{id}/absences/{absenceId}/unplaced', { params: { path: { id, absenceId: absence.absenceId } } });
      if (!unplaced.response.ok || !unplaced.data) return { error: unplaced.error, response: unplaced.response };
      for (const p of unplaced.data.filter((u) => u.status === 'TO_PLACE')) {
        found.push({ pathwayId: p.pathwayId, patient: p.patient, absentId: id, absenceId: absence.absenceId, until: absence.to });
      }
    }
  }
  return { data: found.sort((a, b) => Date.parse(a.until) - Date.parse(b.until)), response: last };
}

/** Places one on a case manager until the absence ends (AssignControl's `send`): the refusal in words, or nothing. */
export function placeUntilReturn(p: ToPlace) {
  return async (target: { caseManagerId: string; name: string }): Promise<string | undefined> => {
    const { data, error, response } = await api.POST('/api/v1/case-managers/{id}/absences/{absenceId}/unplaced/{pathwayId}/placement', {
      params: { path: { id: p.absentId, absenceId: p.absenceId, pathwayId: p.pathwayId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
      body: { caseManagerId: target.caseManagerId },
    });
    if (response.ok && data) return undefined;
    const reason = typeof (error as { reason?: unknown } | undefined)?.reason === 'string' ? (error as { reason: string }).reason : '';
    if (response.status === 409 && /at capacity/.test(reason)) return `Placement refusé : ${target.name} n’a plus de place. Choisissez un autre gestionnaire de cas.`;
    return `Placement refusé : ${assignmentRefusal(response.status, error, target.name)}`;
  };
}
