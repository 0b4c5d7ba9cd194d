/** Each running deadline clock of a pathway as a Task, so a regional platform can list what is late. */
import { CLOCK_RULES, ClockKind } from '@pathway/domain';
import type { DeadlineRow } from '@pathway/persistence';
import { caseManagerRef, instant, partId, ref, Resource, SYSTEMS, territoryRef } from './resources';

export function taskId(pathwayId: string, kind: string, clockRef?: string): string {
  return partId(pathwayId, `deadline:${kind}:${clockRef ?? ''}`);
}

/**
 * A running clock is a Task in progress, due at `restriction.period.end`; `businessStatus` says
 * whether it is overdue. It is owned by the pathway's case manager, or before one is assigned by the
 * territory (its intake desk). A met deadline leaves the running clocks, so it is no longer served.
 */
export function deadlineTask(d: DeadlineRow): Resource {
  const rule = CLOCK_RULES[d.kind as ClockKind];
  return {
    resourceType: 'Task',
    id: taskId(d.pathwayId, d.kind, d.ref),
    meta: { lastUpdated: instant(d.updatedAt) },
    status: 'in-progress',
    businessStatus: d.overdue
      ? { coding: [{ system: SYSTEMS.deadlineStatus, code: 'overdue', display: 'overdue' }], text: rule ? rule.overdueReason : 'overdue' }
      : { coding: [{ system: SYSTEMS.deadlineStatus, code: 'on-time', display: 'on time' }] },
    intent: 'order',
    code: { coding: [{ system: SYSTEMS.clock, code: d.kind }], ...(d.ref ? { text: `${d.kind} (${d.ref})` } : {}) },
    focus: ref('EpisodeOfCare', d.pathwayId),
    for: ref('Patient', d.patientId),
    authoredOn: instant(d.startedAt),
    executionPeriod: { start: instant(d.startedAt) },
    owner: d.caseManagerId ? caseManagerRef(d.caseManagerId) : territoryRef(d.territory),
    restriction: { period: { start: instant(d.startedAt), end: instant(d.dueAt) } },
  };
}
