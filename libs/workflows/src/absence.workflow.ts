/**
 * A case manager's absence (API.md `POST /case-managers/{id}/absences`): one small workflow per absence,
 * apart from the pathways. It only moves ownership, at `from` and back at `to`, and always through each
 * pathway's own `assignCaseManager` Update (via an activity: a workflow cannot send an Update), so the
 * cap is kept by the same transactional reservation as any assignment and the pathway's reminders
 * follow its owner. The pathway workflows stay unaware of absences, and this history stays bounded
 * (two activities per pathway). A pathway closed, or reassigned by someone else meanwhile, is left alone.
 *
 * Its spec is apps/worker/src/absence.workflow.spec.ts, beside the worker's real absence activity
 * (absence-activities.ts: it needs @temporalio/activity and the client, which this library may not
 * import). Here, that spec would make libs/workflows import apps/worker, and Nx, which reads spec
 * imports too, would see workflows -> worker -> workflows: a circle between projects.
 */
import { allHandlersFinished, condition, defineQuery, defineUpdate, proxyActivities, setHandler, sleep } from '@temporalio/workflow';

export const ABSENCE_WORKFLOW_TYPE = 'absenceWorkflow';

export function absenceWorkflowId(caseManagerId: string, absenceId: string): string {
  return `absence-${caseManagerId}-${absenceId}`;
}

/** One pathway of the absent case manager and who covers it. */
export interface AbsenceCover {
  pathwayId: string;
  coveredBy: string;
}

export interface AbsenceWorkflowInput {
  absenceId: string;
  caseManagerId: string;
  from: string;
  to: string;
  covers: AbsenceCover[];
  /** The supervisor who declared the absence: the actor of every reassignment. */
  actor: string;
}

export type ReassignmentOutcome = { status: 'MOVED' } | { status: 'SKIPPED'; reason: string };

export type CoverProgress = AbsenceCover & {
  /** At `from`: moved to the covering case manager, or skipped (closed, reassigned meanwhile, cap). */
  cover?: ReassignmentOutcome;
  /** At `to`: returned to the absent case manager, or skipped. */
  return?: ReassignmentOutcome;
};

export interface AbsenceProgress {
  phase: 'SCHEDULED' | 'COVERED' | 'RETURNED';
  covers: CoverProgress[];
}

export interface AbsenceActivities {
  /**
   * Reassigns the pathway from `owner` to `to` through its `assignCaseManager` Update, unless it is
   * closed or no longer held by `owner`; a rejected Update (e.g. the cap) is SKIPPED with its reason.
   * `updateId` makes a retry attach to the Update already sent.
   */
  reassignForAbsence(input: { pathwayId: string; owner: string; to: string; actor: string; updateId: string }): Promise<ReassignmentOutcome>;
}

export const absenceProgressQuery = defineQuery<AbsenceProgress>('absenceProgress');
/** Answers once the pathways have moved to their covering case managers (at `from`). */
export const coverageApplied = defineUpdate<AbsenceProgress>('coverageApplied');

export async function absenceWorkflow(input: AbsenceWorkflowInput): Promise<AbsenceProgress> {
  const { reassignForAbsence } = proxyActivities<AbsenceActivities>({ startToCloseTimeout: '1 minute' });
  const progress: AbsenceProgress = { phase: 'SCHEDULED', covers: input.covers.map((c) => ({ ...c })) };
  setHandler(absenceProgressQuery, () => progress);
  setHandler(coverageApplied, async () => {
    await condition(() => progress.phase !== 'SCHEDULED');
    return progress;
  });

  await sleepUntil(input.from);
  await Promise.all(
    progress.covers.map(async (c) => {
      c.cover = await reassignForAbsence({
        pathwayId: c.pathwayId,
        owner: input.caseManagerId,
        to: c.coveredBy,
        actor: input.actor,
        updateId: `absence-${input.absenceId}-cover-${c.pathwayId}`,
      });
    }),
  );
  progress.phase = 'COVERED';

  await sleepUntil(input.to);
  await Promise.all(
    progress.covers
      .filter((c) => c.cover?.status === 'MOVED')
      .map(async (c) => {
        c.return = await reassignForAbsence({
          pathwayId: c.pathwayId,
          owner: c.coveredBy,
          to: input.caseManagerId,
          actor: input.actor,
          updateId: `absence-${input.absenceId}-return-${c.pathwayId}`,
        });
      }),
  );
  progress.phase = 'RETURNED';
  await condition(allHandlersFinished);
  return progress;
}

/** Workflow time: a durable timer, so a worker restart or a long absence does not matter. */
async function sleepUntil(iso: string): Promise<void> {
  const ms = Date.parse(iso) - Date.now();
  if (ms > 0) await sleep(ms);
}
