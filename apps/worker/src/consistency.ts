/**
 * What the consistency check compares (check-consistency.ts), as a pure function: for one pathway, the
 * workflow's own state (the truth), the projection the supervisors read, and the caseload row the cap
 * counts. Each disagreement is one drift line an operator can act on.
 */
import type { PathwayRecordsForCheck } from '@pathway/persistence';

/** The workflow's view of the pathway: its state (stage, owner), or why there is none. */
export type WorkflowView = { stage: string; caseManagerId: string | null } | { missing: string };

export interface Drift {
  pathwayId: string;
  kind: 'SLOT_HELD_BY_CLOSED_PATHWAY' | 'NO_RUNNING_WORKFLOW' | 'STAGE' | 'PROJECTED_CASE_MANAGER' | 'CASELOAD';
  detail: string;
}

export function driftOf(records: PathwayRecordsForCheck, workflow: WorkflowView | undefined): Drift[] {
  const { pathwayId } = records;
  const drift = (kind: Drift['kind'], detail: string): Drift => ({ pathwayId, kind, detail });
  if (records.closed) {
    // Closed in the database: its slot must be free (the closure releases it), whatever the workflow says.
    return records.slotHeldBy ? [drift('SLOT_HELD_BY_CLOSED_PATHWAY', `closed, yet counted in the caseload of ${records.slotHeldBy}`)] : [];
  }
  if (!workflow || 'missing' in workflow) return [drift('NO_RUNNING_WORKFLOW', `open in the database, ${workflow?.missing ?? 'its workflow was not read'}`)];
  const found: Drift[] = [];
  if (workflow.stage !== records.stage) found.push(drift('STAGE', `workflow in ${workflow.stage}, projection in ${records.stage}`));
  if (workflow.caseManagerId !== records.projectedCaseManagerId) {
    found.push(drift('PROJECTED_CASE_MANAGER', `workflow held by ${workflow.caseManagerId ?? 'nobody'}, projection names ${records.projectedCaseManagerId ?? 'nobody'}`));
  }
  // An open pathway with a case manager holds exactly one slot, theirs; one without holds none.
  if (workflow.caseManagerId !== records.slotHeldBy) {
    found.push(drift('CASELOAD', `workflow held by ${workflow.caseManagerId ?? 'nobody'}, caseload counts it for ${records.slotHeldBy ?? 'nobody'}`));
  }
  return found;
}
