/**
 * Deadlines the other workflow specs meet in time, here left to pass on the time-skipping test server:
 * each one is recorded as DEADLINE_PASSED, so the replay gate holds a history of every clock's deadline
 * passing (EVOLUTION.md); and the absence workflow answering its coverageApplied Update.
 */
import { addDuration, PathwayCommand } from '@pathway/domain';
import { absenceWorkflow, absenceWorkflowId, coverageApplied } from './absence.workflow';
import { step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, untilIdle, WorkflowTestHarness } from './testing/harness';

describe('deadlines left to pass (time-skipping test server, default policy)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  function withCaseManager(): RecordingActivities {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 3);
    return io;
  }

  const passed = (io: RecordingActivities, clock: string) => io.events.filter((e) => e.type === 'DEADLINE_PASSED' && e.data.clock === clock);

  /** `steps` get the instant once the pathway is at its stage: a step's date is never before the referral. */
  async function story(bringToStage: 'ASSESSMENT' | 'FOLLOW_UP', steps: (at: string) => PathwayCommand[], waitMs: number, clock: string) {
    const io = withCaseManager();
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      await bringTo(h, handle, bringToStage);
      for (const command of steps(await h.iso())) await step(handle, command);
      await h.sleep(waitMs);
      expect(passed(io, clock)).toHaveLength(1);
      await untilIdle([handle]);
    });
  }

  it('the first home visit, 15 days after the assignment', async () => {
    await story('ASSESSMENT', () => [], 16 * DAY, 'firstHomeVisitDue');
  });

  it("the physician's medical part of a nursing-home application, after 7 days", async () => {
    await story('FOLLOW_UP', (at) => [{ type: 'submitNursingHomeApplication', facility: 'EHPAD Les Tilleuls', submittedAt: at }], 8 * DAY, 'nursingHomeMedicalPartDue');
  });

  it('the APA provider declaration, a month after the grant', async () => {
    await story(
      'FOLLOW_UP',
      (at) => [
        { type: 'submitApaApplication', submittedAt: at },
        { type: 'decideApaApplication', decidedAt: at, outcome: 'GRANTED', gir: 4 },
      ],
      32 * DAY,
      'apaProviderDeclarationDue',
    );
  });

  it('a legal protection measure that ends without renewal', async () => {
    await story(
      'FOLLOW_UP',
      (at) => [
        { type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: at },
        { type: 'fileLegalProtectionRequest', filedAt: at },
        { type: 'recordLegalProtectionRuling', ruledAt: at, outcome: 'GRANTED', measureEndsAt: addDuration(at, 'P90D').toISOString() },
      ],
      91 * DAY,
      'legalMeasureRenewal',
    );
  });

  it('the significant-change reassessment after a crisis resolved (in the new run)', async () => {
    await story(
      'FOLLOW_UP',
      (at) => [
        { type: 'openCrisis', at, kind: 'CAREGIVER_EXHAUSTION' },
        { type: 'recordCrisisAction', at },
        { type: 'resolveCrisis', at },
      ],
      16 * DAY,
      'significantChangeReassessmentDue',
    );
  });

  it('an absence answers coverageApplied once its pathways have moved (none here), at `from`', async () => {
    await h.withWorker(new RecordingActivities(), async (tq) => {
      const start = await h.now();
      const handle = await h.client.workflow.start(absenceWorkflow, {
        workflowId: absenceWorkflowId('cm-away', `absence-${start}`),
        taskQueue: tq,
        args: [{ absenceId: `absence-${start}`, caseManagerId: 'cm-away', from: new Date(start + DAY).toISOString(), to: new Date(start + 2 * DAY).toISOString(), covers: [], actor: 'supervisor-1' }],
      });
      const applied = handle.executeUpdate(coverageApplied);
      await h.sleep(DAY + 1000);
      expect((await applied).phase).toBe('COVERED');
      await h.sleep(DAY);
      expect((await handle.result()).phase).toBe('RETURNED');
      await h.record([handle]);
    });
  });
});
