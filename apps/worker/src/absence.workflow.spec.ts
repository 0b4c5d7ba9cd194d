/**
 * A case manager's absence (issue 8) on the time-skipping test server: the absence workflow, the real
 * pathway workflows and the worker's absence activity, with the harness's recording activities for the
 * database and the outbox. Nothing
 * moves before `from`; at `from` each pathway is the covering case manager's, under their cap, and a
 * reminder falling due then names them; at `to` the pathways come back and the next reminders name the
 * absent case manager again; a pathway closed, reassigned by a supervisor, or refused by a full caseload
 * is left where it is.
 */
import { randomUUID } from 'node:crypto';
import { WorkflowHandle } from '@temporalio/client';
import { subtractDuration } from '@pathway/domain';
import type { PathwaySummary } from '@pathway/domain';
import { AbsenceActivities, AbsenceCover, absenceProgressQuery, absenceWorkflow, absenceWorkflowId, PathwayActivities, placeUnplaced } from '@pathway/workflows';
import { query, step } from '../../../libs/workflows/src/testing/pathway-client';
import { RecordingActivities } from '../../../libs/workflows/src/testing/workflow-test-env';
import { recordingHistories } from '../../../libs/workflows/src/testing/histories';
import { bringTo, DAY, dueAtOf, MINUTE, WorkflowTestHarness } from '../../../libs/workflows/src/testing/harness';
import { createAbsenceActivities } from './absence-activities';

// Time-skipping runs take seconds of real time each on a loaded machine.
jest.setTimeout(120_000);

const ABSENT = 'cm-absent';
const SUPERVISOR = 'supervisor-1';

const byPathway = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));

const skipped = (reason: string) => ({ status: 'SKIPPED', reason });

/**
 * The recording activities, plus the worker's own absence activity: it reaches the real pathway
 * workflows through the test worker's client (Context.client), so their validators and caseload
 * reservations decide.
 */
class AbsenceTestActivities extends RecordingActivities {
  private readonly absence = createAbsenceActivities();

  /** Update ids whose activity fails once after its reassignment went through (a worker lost the answer). */
  loseAnswerOnce = new Set<string>();

  override activities(): PathwayActivities & AbsenceActivities {
    return {
      ...super.activities(),
      reassignForAbsence: async (input) => {
        const outcome = await this.absence.reassignForAbsence(input);
        if (this.loseAnswerOnce.delete(input.updateId)) throw new Error('the worker lost the answer');
        return outcome;
      },
    };
  }

  /** Who each reminder of `kind` was written for: `[pathwayId, caseManagerId]`, by pathway id. */
  remindedFor(kind: string): [string, string | undefined][] {
    return this.sent(kind as never)
      .map((n): [string, string | undefined] => [n.pathwayId, n.caseManagerId])
      .sort(byPathway);
  }

  /** The test's pathways in a caseload, without the `other-` ones it was filled with. */
  holds(caseManagerId: string): string[] {
    return [...(this.caseloads.get(caseManagerId)?.pathways ?? [])].filter((id) => !id.startsWith('other-')).sort();
  }
}

describe('case-manager absence (time-skipping test server, default policy)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  /**
   * `h.withWorker`, and no absence workflow left running after the test: its timers would fire on a task
   * queue nobody polls and hold the test server's clock for every later test of the file.
   */
  async function run(io: AbsenceTestActivities, fn: (taskQueue: string, absences: WorkflowHandle[]) => Promise<void>): Promise<void> {
    await h.withWorker(io, async (taskQueue) => {
      const absences: WorkflowHandle[] = [];
      try {
        await fn(taskQueue, absences);
        // RECORD_HISTORIES=1: the absence workflows join the committed histories (the harness records the pathways).
        if (recordingHistories()) await h.record(absences, `absence ${expect.getState().currentTestName ?? ''}`);
      } finally {
        for (const absence of absences) {
          if ((await absence.describe()).status.name === 'RUNNING') await absence.terminate('test over');
        }
      }
    });
  }

  function withCaseManagers(...others: [id: string, capacity: number, active: number][]): AbsenceTestActivities {
    const io = new AbsenceTestActivities();
    io.addCaseManager(ABSENT, 40, 20);
    for (const [id, capacity, active] of others) io.addCaseManager(id, capacity, active);
    return io;
  }

  /** A pathway in ASSESSMENT, assigned to the absent case manager now: reminders at +7 d (first contact) and +12 d (first home visit). */
  async function pathwayOfAbsent(taskQueue: string): Promise<{ handle: WorkflowHandle; pathwayId: string; summary: PathwaySummary }> {
    const { handle, pathwayId } = await h.open(taskQueue);
    const summary = await bringTo(h, handle, 'ASSESSMENT', { caseManagerId: ABSENT });
    return { handle, pathwayId, summary };
  }

  /** What the API does on POST /case-managers/{id}/absences, once it has chosen who covers what. */
  async function declareAbsence(taskQueue: string, absences: WorkflowHandle[], from: number, to: number, covers: AbsenceCover[], absenceId = randomUUID(), unplaced?: string[]) {
    const handle = await h.client.workflow.start(absenceWorkflow, {
      workflowId: absenceWorkflowId(ABSENT, absenceId),
      taskQueue,
      args: [{ absenceId, caseManagerId: ABSENT, from: new Date(from).toISOString(), to: new Date(to).toISOString(), covers, unplaced, actor: SUPERVISOR }],
    });
    absences.push(handle);
    return handle;
  }

  /**
   * The last of the pathways' `kind` deadlines: each was assigned a moment after the previous one on the
   * test clock, so waiting for the last one lets every one of them fire.
   */
  const latest = (pathways: { summary: PathwaySummary }[], kind: string) =>
    pathways.map((p) => dueAtOf(p.summary, kind)).reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b));

  const ownerOf = async (handle: WorkflowHandle) => (await query.summary(handle)).caseManagerId;
  const reassign = (handle: WorkflowHandle, caseManagerId: string) => step(handle, { type: 'assignCaseManager', caseManagerId }, SUPERVISOR);

  it('moves nothing before `from`; at `from` the covering case managers own the pathways and get their reminders; at `to` they come back, and so do the reminders', async () => {
    // One slot left each: the covers fill them exactly, and never beyond.
    const io = withCaseManagers(['cm-b', 21, 20], ['cm-c', 40, 39]);
    await run(io, async (tq, absences) => {
      const one = await pathwayOfAbsent(tq);
      const two = await pathwayOfAbsent(tq);
      const declaredAt = await h.now();
      const firstContactDue = latest([one, two], 'firstContactDue');
      const firstHomeVisitReminderAt = subtractDuration(latest([one, two], 'firstHomeVisitDue'), 'P3D');
      // Next week: from day 5 to day 10, across the first-contact deadline (day 7), before the home-visit reminder (day 12).
      const from = declaredAt + 5 * DAY;
      const to = declaredAt + 10 * DAY;
      const absence = await declareAbsence(tq, absences, from, to, [
        { pathwayId: one.pathwayId, coveredBy: 'cm-b' },
        { pathwayId: two.pathwayId, coveredBy: 'cm-c' },
      ]);

      await h.sleepUntil(from, -MINUTE);
      expect(await ownerOf(one.handle)).toBe(ABSENT);
      expect(await ownerOf(two.handle)).toBe(ABSENT);
      expect(await absence.query(absenceProgressQuery)).toEqual({
        phase: 'SCHEDULED',
        covers: [
          { pathwayId: one.pathwayId, coveredBy: 'cm-b' },
          { pathwayId: two.pathwayId, coveredBy: 'cm-c' },
        ],
      });
      expect(io.assignmentNotices.map((n) => n.caseManagerId)).toEqual([ABSENT, ABSENT]);
      expect(io.holds(ABSENT)).toEqual([one.pathwayId, two.pathwayId].sort());

      await h.sleepUntil(from);
      expect(await ownerOf(one.handle)).toBe('cm-b');
      expect(await ownerOf(two.handle)).toBe('cm-c');
      expect((await absence.query(absenceProgressQuery)).phase).toBe('COVERED');
      expect(io.holds(ABSENT)).toEqual([]);
      expect(io.holds('cm-b')).toEqual([one.pathwayId]);
      expect(io.holds('cm-c')).toEqual([two.pathwayId]);
      for (const [id, load] of io.caseloads) expect([id, load.pathways.size <= load.capacity]).toEqual([id, true]);
      // Each covering case manager is told the pathway is theirs now; the deadlines did not move.
      expect(io.assignmentNotices.slice(2).map((n) => [n.pathwayId, n.caseManagerId, n.data])).toEqual(
        expect.arrayContaining([
          [one.pathwayId, 'cm-b', { previousCaseManagerId: ABSENT }],
          [two.pathwayId, 'cm-c', { previousCaseManagerId: ABSENT }],
        ]),
      );
      expect(dueAtOf(await query.summary(one.handle), 'firstContactDue')).toBe(dueAtOf(one.summary, 'firstContactDue'));

      // The first-contact reminder falls due during the absence: it is the covering case manager's.
      await h.sleepUntil(firstContactDue);
      expect(io.remindedFor('firstContactDueReminder')).toEqual(
        [
          [one.pathwayId, 'cm-b'],
          [two.pathwayId, 'cm-c'],
        ].sort(byPathway),
      );

      await h.sleepUntil(to);
      expect(await ownerOf(one.handle)).toBe(ABSENT);
      expect(await ownerOf(two.handle)).toBe(ABSENT);
      expect(await absence.result()).toMatchObject({
        phase: 'RETURNED',
        covers: [
          { pathwayId: one.pathwayId, cover: { status: 'MOVED' }, return: { status: 'MOVED' } },
          { pathwayId: two.pathwayId, cover: { status: 'MOVED' }, return: { status: 'MOVED' } },
        ],
      });
      expect(io.holds(ABSENT)).toEqual([one.pathwayId, two.pathwayId].sort());
      expect(io.holds('cm-b')).toEqual([]);
      expect(io.holds('cm-c')).toEqual([]);

      // The next reminder after the absence is the returning case manager's again.
      expect(io.sent('firstHomeVisitDueReminder')).toEqual([]);
      await h.sleepUntil(firstHomeVisitReminderAt);
      expect(io.remindedFor('firstHomeVisitDueReminder')).toEqual(
        [
          [one.pathwayId, ABSENT],
          [two.pathwayId, ABSENT],
        ].sort(byPathway),
      );
    });
  });

  it('does not give back a pathway closed during the absence', async () => {
    const io = withCaseManagers(['cm-b', 40, 10]);
    await run(io, async (tq, absences) => {
      const kept = await pathwayOfAbsent(tq);
      const closing = await pathwayOfAbsent(tq);
      const now = await h.now();
      const from = now + 2 * DAY;
      const to = now + 10 * DAY;
      const absence = await declareAbsence(tq, absences, from, to, [
        { pathwayId: kept.pathwayId, coveredBy: 'cm-b' },
        { pathwayId: closing.pathwayId, coveredBy: 'cm-b' },
      ]);

      await h.sleepUntil(from);
      expect(await ownerOf(closing.handle)).toBe('cm-b');
      await h.sleepUntil(from + DAY);
      await step(closing.handle, { type: 'closePathway', reason: 'MOVED', note: 'moved to Lyon' }, 'cm-b');

      await h.sleepUntil(to);
      const progress = await absence.result();
      expect(progress.phase).toBe('RETURNED');
      expect(progress.covers.find((c) => c.pathwayId === kept.pathwayId)?.return).toEqual({ status: 'MOVED' });
      expect(progress.covers.find((c) => c.pathwayId === closing.pathwayId)?.return).toEqual(skipped('the pathway is closed'));
      expect(await ownerOf(kept.handle)).toBe(ABSENT);
      const closed = await query.summary(closing.handle);
      expect(closed.stage).toBe('CLOSED');
      expect(closed.caseManagerId).toBe('cm-b');
      // The closed pathway holds nobody's slot, and the returning case manager is told only of the other one.
      expect(io.holds(ABSENT)).toEqual([kept.pathwayId]);
      expect(io.holds('cm-b')).toEqual([]);
      expect(io.assignmentNotices.filter((n) => n.pathwayId === closing.pathwayId).map((n) => n.caseManagerId)).toEqual([ABSENT, 'cm-b']);
      await h.sleepUntil(subtractDuration(dueAtOf(kept.summary, 'firstHomeVisitDue'), 'P3D'));
      expect(io.remindedFor('firstHomeVisitDueReminder')).toEqual([[kept.pathwayId, ABSENT]]);
    });
  });

  it('leaves alone a pathway a supervisor reassigned meanwhile, before `from` or during the absence, even to the covering case manager', async () => {
    const io = withCaseManagers(['cm-b', 40, 10], ['cm-d', 40, 10]);
    await run(io, async (tq, absences) => {
      const toOther = await pathwayOfAbsent(tq);
      const toCover = await pathwayOfAbsent(tq);
      const during = await pathwayOfAbsent(tq);
      const now = await h.now();
      const from = now + 3 * DAY;
      const to = now + 10 * DAY;
      const absence = await declareAbsence(tq, absences, from, to, [
        { pathwayId: toOther.pathwayId, coveredBy: 'cm-b' },
        { pathwayId: toCover.pathwayId, coveredBy: 'cm-b' },
        { pathwayId: during.pathwayId, coveredBy: 'cm-b' },
      ]);

      // Before the absence begins, the supervisor hands two pathways over for good.
      await h.sleepUntil(now + DAY);
      await reassign(toOther.handle, 'cm-d');
      await reassign(toCover.handle, 'cm-b');

      await h.sleepUntil(from);
      const covered = await absence.query(absenceProgressQuery);
      expect(covered.covers.map((c) => [c.pathwayId, c.cover])).toEqual([
        [toOther.pathwayId, skipped('the pathway is now held by cm-d')],
        [toCover.pathwayId, skipped('the pathway is already held by cm-b')],
        [during.pathwayId, { status: 'MOVED' }],
      ]);

      // During the absence the supervisor gives the third one to someone else too.
      await h.sleepUntil(from + DAY);
      await reassign(during.handle, 'cm-d');

      await h.sleepUntil(to);
      const progress = await absence.result();
      expect(progress.covers.map((c) => [c.pathwayId, c.return])).toEqual([
        [toOther.pathwayId, undefined],
        [toCover.pathwayId, undefined],
        [during.pathwayId, skipped('the pathway is now held by cm-d')],
      ]);
      expect(await ownerOf(toOther.handle)).toBe('cm-d');
      expect(await ownerOf(toCover.handle)).toBe('cm-b');
      expect(await ownerOf(during.handle)).toBe('cm-d');
      expect(io.holds(ABSENT)).toEqual([]);
      // Their reminders stay with whoever holds them now.
      await h.sleepUntil(subtractDuration(latest([toOther, toCover, during], 'firstHomeVisitDue'), 'P3D'));
      expect(io.remindedFor('firstHomeVisitDueReminder')).toEqual(
        [
          [toOther.pathwayId, 'cm-d'],
          [toCover.pathwayId, 'cm-b'],
          [during.pathwayId, 'cm-d'],
        ].sort(byPathway),
      );
    });
  });

  it('keeps a pathway with the absent case manager when the covering caseload has filled up by `from`, and says so', async () => {
    const io = withCaseManagers(['cm-b', 11, 10]);
    await run(io, async (tq, absences) => {
      const mine = await pathwayOfAbsent(tq);
      const now = await h.now();
      const from = now + 2 * DAY;
      const to = now + 10 * DAY;
      const absence = await declareAbsence(tq, absences, from, to, [{ pathwayId: mine.pathwayId, coveredBy: 'cm-b' }]);
      // cm-b's last slot goes to a new pathway before the absence begins.
      const newcomer = await h.open(tq);
      await bringTo(h, newcomer.handle, 'ASSESSMENT', { caseManagerId: 'cm-b' });

      await h.sleepUntil(from);
      const progress = await absence.query(absenceProgressQuery);
      expect(progress.covers[0].cover).toEqual(skipped('case manager cm-b is at capacity (11 of 11 active pathways)'));
      expect(await ownerOf(mine.handle)).toBe(ABSENT);
      expect(io.caseloads.get('cm-b')?.pathways.size).toBe(11);
      expect(io.holds(ABSENT)).toEqual([mine.pathwayId]);

      // Nobody covers it: its reminder still goes to its case manager, and nothing is "given back" at `to`.
      await h.sleepUntil(dueAtOf(mine.summary, 'firstContactDue'));
      expect(io.remindedFor('firstContactDueReminder').filter(([id]) => id === mine.pathwayId)).toEqual([[mine.pathwayId, ABSENT]]);
      await h.sleepUntil(to);
      expect((await absence.result()).covers[0].return).toBeUndefined();
      expect(io.assignmentNotices.filter((n) => n.pathwayId === mine.pathwayId).map((n) => n.caseManagerId)).toEqual([ABSENT]);
    });
  });

  it('counts a reassignment whose answer was lost as moved when its retry finds it done, so the pathway still comes back', async () => {
    const io = withCaseManagers(['cm-b', 40, 10]);
    await run(io, async (tq, absences) => {
      const mine = await pathwayOfAbsent(tq);
      const now = await h.now();
      const from = now + 2 * DAY;
      const to = now + 10 * DAY;
      const absenceId = randomUUID();
      // The update id the absence workflow gives this pathway's move (absence.workflow.ts).
      io.loseAnswerOnce.add(`absence-${absenceId}-cover-${mine.pathwayId}`);
      const absence = await declareAbsence(tq, absences, from, to, [{ pathwayId: mine.pathwayId, coveredBy: 'cm-b' }], absenceId);

      await h.sleepUntil(from, 30_000);
      expect((await absence.query(absenceProgressQuery)).covers[0].cover).toEqual({ status: 'MOVED' });
      expect(io.loseAnswerOnce.size).toBe(0);
      expect(await ownerOf(mine.handle)).toBe('cm-b');
      // Applied once: one notice to the covering case manager.
      expect(io.assignmentNotices.map((n) => n.caseManagerId)).toEqual([ABSENT, 'cm-b']);

      await h.sleepUntil(to);
      expect((await absence.result()).covers[0].return).toEqual({ status: 'MOVED' });
      expect(await ownerOf(mine.handle)).toBe(ABSENT);
    });
  });

  it('places an unplaced pathway while the absence runs, on a case manager with room (the cap holds), and gives it back at `to` with the others', async () => {
    const io = withCaseManagers(['cm-b', 21, 20], ['cm-full', 5, 5], ['cm-room', 10, 2]);
    await run(io, async (tq, absences) => {
      const moved = await pathwayOfAbsent(tq);
      const left = await pathwayOfAbsent(tq);
      const now = await h.now();
      const from = now + 2 * DAY;
      const to = now + 10 * DAY;
      const absence = await declareAbsence(tq, absences, from, to, [{ pathwayId: moved.pathwayId, coveredBy: 'cm-b' }], randomUUID(), [left.pathwayId]);
      const place = (pathwayId: string, caseManagerId: string) => absence.executeUpdate(placeUnplaced, { args: [{ pathwayId, caseManagerId, actor: SUPERVISOR }] });
      const refusal = async (placing: Promise<unknown>) => ((await placing.then(() => undefined, (err: { cause?: Error }) => err.cause)) as Error | undefined)?.message;

      expect(await refusal(place(left.pathwayId, 'cm-room'))).toBe('the absence has not begun');
      await h.sleepUntil(from);
      expect(await ownerOf(moved.handle)).toBe('cm-b');
      expect(await ownerOf(left.handle)).toBe(ABSENT);
      expect(await refusal(place(moved.pathwayId, 'cm-room'))).toBe(`pathway ${moved.pathwayId} is not one this absence left unplaced`);
      expect(await refusal(place(left.pathwayId, ABSENT))).toBe(`${ABSENT} is the absent case manager`);
      // A full case manager: the pathway's assignment Update refuses, and it stays to place.
      expect(await place(left.pathwayId, 'cm-full')).toEqual({ pathwayId: left.pathwayId, coveredBy: 'cm-full', cover: skipped('case manager cm-full is at capacity (5 of 5 active pathways)') });
      expect(await ownerOf(left.handle)).toBe(ABSENT);
      expect(await place(left.pathwayId, 'cm-room')).toEqual({ pathwayId: left.pathwayId, coveredBy: 'cm-room', cover: { status: 'MOVED' } });
      expect(await ownerOf(left.handle)).toBe('cm-room');
      expect(io.holds('cm-room')).toEqual([left.pathwayId]);
      expect(await refusal(place(left.pathwayId, 'cm-b'))).toBe(`pathway ${left.pathwayId} is already placed with cm-room`);

      await h.sleepUntil(to);
      expect(await absence.result()).toEqual({
        phase: 'RETURNED',
        covers: [
          { pathwayId: moved.pathwayId, coveredBy: 'cm-b', cover: { status: 'MOVED' }, return: { status: 'MOVED' } },
          { pathwayId: left.pathwayId, coveredBy: 'cm-room', cover: { status: 'MOVED' }, return: { status: 'MOVED' } },
        ],
      });
      expect(await ownerOf(moved.handle)).toBe(ABSENT);
      expect(await ownerOf(left.handle)).toBe(ABSENT);
      expect(io.holds(ABSENT)).toEqual([moved.pathwayId, left.pathwayId].sort());
      expect(io.holds('cm-room')).toEqual([]);
    });
  });
});
