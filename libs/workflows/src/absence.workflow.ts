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
import { allHandlersFinished, ApplicationFailure, condition, currentUpdateInfo, defineQuery, defineUpdate, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { FailureTypes } from './messages';

export const ABSENCE_WORKFLOW_TYPE = 'absenceWorkflow';

/**
 * Issue 19: an absence the cover cannot take whole starts with `unplaced` pathways, which a supervisor may
 * place one by one while it runs (`placeUnplaced`), and which come back at `to` like the others.
 */
export const PLACE_UNPLACED_PATCH = 'absence-place-unplaced';

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
  /**
   * The pathways no covering case manager had a slot for (issue 19): they stay with the absent case
   * manager, their reminders going to the supervisor, until a supervisor places one (`placeUnplaced`).
   */
  unplaced?: string[];
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

export interface PlaceUnplacedInput {
  pathwayId: string;
  /** A case manager with room; the pathway's own assignment Update keeps the cap. */
  caseManagerId: string;
  /** The supervisor placing it. */
  actor: string;
}
/**
 * A supervisor places one unplaced pathway on a case manager while the absence runs: it moves now, and
 * back to the absent case manager at `to` with the others. Answers the cover (MOVED, or SKIPPED with the
 * reason, e.g. the cap); rejected outside the absence or for a pathway that is not unplaced.
 */
export const placeUnplaced = defineUpdate<CoverProgress, [PlaceUnplacedInput]>('placeUnplaced');

export async function absenceWorkflow(input: AbsenceWorkflowInput): Promise<AbsenceProgress> {
  const { reassignForAbsence } = proxyActivities<AbsenceActivities>({ startToCloseTimeout: '1 minute' });
  const progress: AbsenceProgress = { phase: 'SCHEDULED', covers: input.covers.map((c) => ({ ...c })) };
  setHandler(absenceProgressQuery, () => progress);
  setHandler(coverageApplied, async () => {
    await condition(() => progress.phase !== 'SCHEDULED');
    return progress;
  });

  let returning = false;
  /** Placements under way: the return waits for them, so a pathway placed just before `to` comes back too. */
  const placing = new Map<string, Promise<ReassignmentOutcome>>();
  if (patched(PLACE_UNPLACED_PATCH)) {
    setHandler(
      placeUnplaced,
      async ({ pathwayId, caseManagerId, actor }) => {
        const move = reassignForAbsence({
          pathwayId,
          owner: input.caseManagerId,
          to: caseManagerId,
          actor,
          // This Update's own id: a retried request attaches to it, a new placement (after the cap refused one) is a new move.
          updateId: `absence-${input.absenceId}-place-${currentUpdateInfo()?.id ?? caseManagerId}`,
        });
        placing.set(pathwayId, move);
        const placed: CoverProgress = { pathwayId, coveredBy: caseManagerId, cover: await move };
        placing.delete(pathwayId);
        if (placed.cover?.status === 'MOVED') progress.covers.push(placed);
        return placed;
      },
      {
        validator: ({ pathwayId, caseManagerId }) => {
          const refuse = (reason: string) => {
            throw ApplicationFailure.create({ type: FailureTypes.STEP_REJECTED, message: reason, details: [{ stage: progress.phase, reason }], nonRetryable: true });
          };
          if (progress.phase !== 'COVERED' || returning) refuse(progress.phase === 'SCHEDULED' ? 'the absence has not begun' : 'the absence has ended');
          if (!input.unplaced?.includes(pathwayId)) refuse(`pathway ${pathwayId} is not one this absence left unplaced`);
          if (caseManagerId === input.caseManagerId) refuse(`${caseManagerId} is the absent case manager`);
          if (placing.has(pathwayId)) refuse(`pathway ${pathwayId} is being placed`);
          const placed = progress.covers.find((c) => c.pathwayId === pathwayId);
          if (placed) refuse(`pathway ${pathwayId} is already placed with ${placed.coveredBy}`);
        },
      },
    );
  }

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
  returning = true;
  await Promise.all(placing.values());
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
