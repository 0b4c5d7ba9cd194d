/**
 * Episodes and files on the time-skipping test server, default policy: each clock's reminder or alert at
 * the right simulated instant to the right role (and not a minute before), nothing when the step happens in
 * time or the pathway is closed, and SCENARIOS.md stories 4 (hospitalization), 5 (crisis) and 6 (legal
 * protection across continue-as-new runs). The test clock starts at the machine's date, so the stories'
 * dates are kept as offsets from their first event.
 */
import { WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { addDuration, DEFAULT_POLICY, PathwayCommand, PathwaySummary, subtractDuration } from '@pathway/domain';
import { openTestPathway, query, referralFor, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, dueAtOf, expectAt, HOUR, MINUTE, searchAttributesOf, untilIdle, WorkflowTestHarness } from './testing/harness';

describe('episodes and files (time-skipping test server, default policy)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  function withCaseManager(): RecordingActivities {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 12);
    return io;
  }

  /** Pathways opened by the running test. */
  let opened: WorkflowHandle[] = [];

  /**
   * `h.withWorker`, leaving only once the test's pathways are idle. A step can leave an activity in flight
   * after its Update returns (a discharge home hands over the reminder due at discharge): the worker would
   * stop with it outstanding, and terminating a workflow with an outstanding activity leaks the test
   * server's time-skipping lock (temporalio/sdk-java#1138), so every later sleep of the file would run in
   * real time.
   */
  async function run(io: RecordingActivities, fn: (taskQueue: string) => Promise<void>): Promise<void> {
    opened = [];
    await h.withWorker(io, async (taskQueue) => {
      await fn(taskQueue);
      await untilIdle(opened);
    });
  }

  async function open(taskQueue: string): Promise<WorkflowHandle> {
    const { handle } = await openTestPathway(h.client, taskQueue, referralFor(new Date(await h.now())), DEFAULT_POLICY);
    opened.push(handle);
    return handle;
  }

  /** The rejection a step gets from the workflow's validator. */
  async function rejection(handle: WorkflowHandle, command: PathwayCommand): Promise<string> {
    const failure = await step(handle, command).then(
      () => {
        throw new Error(`${command.type} was accepted`);
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
        return (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
      },
    );
    expect(failure.type).toBe('StepRejected');
    return failure.message;
  }

  const endOfUtcDay = (at: string) => {
    const d = new Date(at);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) - 1).toISOString();
  };

  describe('hospitalization', () => {
    it('story 4: alert at day 31 to the case manager and the family; discharged home, letter due that day, services by +2 days, the return assessment due +7 days replaces the routine one', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        const followUp = await bringTo(h, handle, 'FOLLOW_UP');
        // Story 4's dates: reassessment due 2025-08-15, admitted 2025-07-02 (44 days before), discharged 2025-08-05.
        const reassessmentDueAt = dueAtOf(followUp, 'reassessmentDue');
        await h.sleepUntil(subtractDuration(reassessmentDueAt, 'P44D'), 0);
        const admittedAt = await h.iso();
        const admitted = await step(handle, { type: 'admitToHospital', admittedAt, facility: 'CHU Est', reason: 'fall' });
        expect(admitted.flags).toContain('HOSPITALIZED');
        expect(admitted.plan?.services.map((s) => s.status)).toEqual(['SUSPENDED']);
        expect(admitted.episodes.hospitalization?.apaAlertAt).toBe(addDuration(admittedAt, 'P30D').toISOString());

        // Day 31 (2025-08-01): a home APA stops; the case manager and the family are told.
        await h.expectSentAt(io, 'hospitalDay31', ['case_manager', 'caregiver'], addDuration(admittedAt, 'P30D').toISOString());
        const day31 = await query.summary(handle);
        expect(day31.flags).toEqual(expect.arrayContaining(['HOSPITALIZED', 'HOSPITAL_DAY_31']));
        expect((await query.summary(handle)).flags).toContain('HOSPITAL_DAY_31');
        // The reassessment clock kept running through the stay.
        expect(dueAtOf(day31, 'reassessmentDue')).toBe(reassessmentDueAt);

        await h.sleepUntil(addDuration(admittedAt, 'P34D'), 0);
        const dischargedAt = await h.iso();
        const discharged = await step(handle, { type: 'dischargeFromHospital', dischargedAt, destination: 'HOME' });
        expect(discharged.stage).toBe('ASSESSMENT');
        expect(dueAtOf(discharged, 'dischargeLetterDue')).toBe(endOfUtcDay(dischargedAt));
        expect(dueAtOf(discharged, 'servicesRestartDue')).toBe(addDuration(dischargedAt, 'PT48H').toISOString());
        expect(dueAtOf(discharged, 'postDischargeReassessmentDue')).toBe(addDuration(dischargedAt, 'P7D').toISOString());
        expect(discharged.deadlines.map((d) => d.kind)).not.toContain('reassessmentDue');
        expect(discharged.flags).not.toContain('HOSPITAL_DAY_31');
        expect(discharged.plan?.services.map((s) => s.status)).toEqual(['STARTED']);
        expect(discharged.episodes.lastDischarge?.deadlines.map((d) => d.kind)).toEqual([
          'dischargeLetterDue',
          'servicesRestartDue',
          'postDischargeReassessmentDue',
        ]);
      });
    });

    it('letter and services late: the case manager reminded at the end of the discharge day and a day before the 48 hours, the supervisor told at 48 hours', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
        await h.sleep(3 * DAY);
        const dischargedAt = await h.iso();
        await step(handle, { type: 'dischargeFromHospital', dischargedAt, destination: 'HOME' });
        await h.expectSentAt(io, 'dischargeLetterDueReminder', ['case_manager'], endOfUtcDay(dischargedAt));
        expect(io.sent('dischargeLetterDueOverdue')).toEqual([]);
        await h.expectSentAt(io, 'servicesRestartDueReminder', ['case_manager'], addDuration(dischargedAt, 'PT24H').toISOString());
        const restartDueAt = addDuration(dischargedAt, 'PT48H').toISOString();
        await h.expectSentAt(io, 'servicesRestartDueOverdue', ['supervisor'], restartDueAt);
        expect((await query.summary(handle)).stuck).toEqual([{ code: 'servicesRestartDue', reason: 'home services not restarted after discharge', since: restartDueAt, clock: 'servicesRestartDue' }]);
      });
    });

    it('letter received and services confirmed in time: nothing is sent about them', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
        await h.sleep(3 * DAY);
        const dischargedAt = Date.parse(await h.iso());
        await step(handle, { type: 'dischargeFromHospital', dischargedAt: new Date(dischargedAt).toISOString(), destination: 'HOME' });
        await h.sleep(MINUTE);
        await step(handle, { type: 'recordDischargeLetter', receivedAt: await h.iso() });
        await h.sleep(20 * HOUR);
        await step(handle, { type: 'confirmServicesRestarted', at: await h.iso() });
        await h.sleepUntil(dischargedAt + 3 * DAY);
        expect(io.notifications.filter((n) => n.kind.startsWith('dischargeLetterDue') || n.kind.startsWith('servicesRestartDue'))).toEqual([]);
        const summary = await query.summary(handle);
        expect(summary.stuck).toEqual([]);
        expect(summary.episodes.lastDischarge).toMatchObject({ dischargeLetterReceivedAt: expect.any(String), servicesRestartedAt: expect.any(String) });
      });
    });
  });

  describe('respite', () => {
    it('reminds the caregiver 2 days before the start and 2 days before the end', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const startsAt = new Date((await h.now()) + 10 * DAY).toISOString();
        const endsAt = new Date((await h.now()) + 24 * DAY).toISOString();
        const planned = await step(handle, { type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt, endsAt, provider: 'EHPAD Les Tilleuls' });
        expect(planned.episodes.respite).toMatchObject({ id: 'respite-1', status: 'PLANNED', deadlines: [{ kind: 'respiteStart' }, { kind: 'respiteEnd' }] });
        await h.expectSentAt(io, 'respiteStartReminder', ['caregiver'], subtractDuration(startsAt, 'P2D').toISOString());
        await h.sleepUntil(startsAt);
        expect((await query.summary(handle)).episodes.respite?.status).toBe('ONGOING');
        await h.expectSentAt(io, 'respiteEndReminder', ['caregiver'], subtractDuration(endsAt, 'P2D').toISOString());
        await h.sleepUntil(endsAt);
        const after = await query.summary(handle);
        expect(after.episodes.respites).toEqual([]);
        expect(after.stuck).toEqual([]);
        expect(io.notifications.filter((n) => n.kind.startsWith('respite') && n.recipientRole !== 'caregiver')).toEqual([]);
      });
    });

    it('a request beyond the year’s remaining temporary-accommodation days is refused with the count; a cancelled one sends nothing', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const year = new Date(await h.now()).getUTCFullYear() + 1;
        const at = (monthDay: string) => `${year}-${monthDay}T10:00:00.000Z`;
        await step(handle, { type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt: at('03-01'), endsAt: at('04-19'), provider: 'EHPAD A' }); // 50 days
        const second = await step(handle, { type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt: at('06-01'), endsAt: at('06-30'), provider: 'EHPAD B' }); // 30 days
        expect(second.episodes.respiteDaysLeft[String(year)]).toBe(10);
        const state = await query.state(handle);
        expect(await rejection(handle, { type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt: at('09-01'), endsAt: at('09-15'), provider: 'EHPAD C' })).toBe(
          `rejected in stage FOLLOW_UP: temporary accommodation is limited to 90 days per calendar year: 10 days left in ${year}, this stay needs 15`,
        );
        expect(await query.state(handle)).toEqual(state);
        const cancelled = await step(handle, { type: 'cancelRespite', respiteId: 'respite-2' });
        expect(cancelled.episodes.respiteDaysLeft[String(year)]).toBe(40);
        await h.sleepUntil(at('06-29'));
        expect(io.notifications.filter((n) => n.kind.startsWith('respite') && n.data.ref === 'respite-2')).toEqual([]);
      });
    });

    it('a Zarit of 64 proposes respite', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'ASSESSMENT', { firstVisit: true });
        const assessed = await step(handle, { type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 17, gir: 5, zarit: 64, summary: 'daughter exhausted' } });
        expect(assessed.flags).toContain('RESPITE_PROPOSED');
        expect((await query.summary(handle)).flags).toContain('RESPITE_PROPOSED');
      });
    });
  });

  describe('crisis (story 5: the daughter hospitalised, the person alone)', () => {
    it('the supervisor is notified at once; without an action, the case manager reminded 6 hours before and the supervisor told at 24 hours', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const at = await h.iso();
        const opened = await step(handle, { type: 'openCrisis', at, kind: 'CAREGIVER_EXHAUSTION', note: 'daughter hospitalised' });
        await h.sleep(MINUTE);
        const told = io.sent('crisisOpened');
        expect(told.map((n) => n.recipientRole)).toEqual(['supervisor']);
        expectAt(told[0].sendAt, at, 5000);
        expect(opened.flags).toContain('CRISIS_OPEN');
        const dueAt = dueAtOf(opened, 'crisisActionDue');
        expect(dueAt).toBe(addDuration(at, 'PT24H').toISOString());
        await h.expectSentAt(io, 'crisisActionDueReminder', ['case_manager'], subtractDuration(dueAt, 'PT6H').toISOString());
        await h.expectSentAt(io, 'crisisActionDueOverdue', ['supervisor'], dueAt);
        expect((await searchAttributesOf(handle)).stuckReason).toBe('DEADLINE_OVERDUE');
      });
    });

    it('acted on in time, then resolved a week later: a significant-change reassessment due 15 days after, in a new cycle and a new run', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const firstRun = (await handle.describe()).runId;
        const openedAt = Date.parse(await h.iso());
        await step(handle, { type: 'openCrisis', at: new Date(openedAt).toISOString(), kind: 'CAREGIVER_EXHAUSTION' });
        await h.sleep(3 * HOUR);
        await step(handle, { type: 'recordCrisisAction', at: await h.iso(), note: 'emergency home help' });
        await h.sleepUntil(openedAt + 2 * DAY);
        expect(io.notifications.filter((n) => n.kind.startsWith('crisisActionDue'))).toEqual([]);

        await h.sleepUntil(openedAt + 7 * DAY, 0);
        const resolvedAt = await h.iso();
        const resolved = await step(handle, { type: 'resolveCrisis', at: resolvedAt, note: 'daughter back home' });
        expect(resolved).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });
        expect(resolved.flags).not.toContain('CRISIS_OPEN');
        const dueAt = dueAtOf(resolved, 'significantChangeReassessmentDue');
        expect(dueAt).toBe(addDuration(resolvedAt, 'P15D').toISOString());
        expect(resolved.deadlines.map((d) => d.kind)).not.toContain('reassessmentDue');
        expect(resolved.episodes.lastCrisis?.deadlines.map((d) => d.kind)).toEqual(['significantChangeReassessmentDue']);
        await h.expectSentAt(io, 'significantChangeReassessmentDueReminder', ['case_manager'], subtractDuration(dueAt, 'P5D').toISOString());
        expect((await handle.describe()).runId).not.toBe(firstRun);
        expect(dueAtOf(await query.summary(handle), 'significantChangeReassessmentDue')).toBe(dueAt);
      });
    });
  });

  describe('APA file', () => {
    it('unanswered: acknowledgement chased at 10 days, decision reminder 2 weeks before 2 months, then deemed granted and the case manager told to inform the family', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const submittedAt = await h.iso();
        const submitted = await step(handle, { type: 'submitApaApplication', submittedAt });
        const decisionDueAt = addDuration(submittedAt, 'P2M').toISOString();
        expect(dueAtOf(submitted, 'apaDecisionDue')).toBe(decisionDueAt);
        expect(submitted.flags).not.toContain('APA_PROPOSED');
        await h.expectSentAt(io, 'apaAcknowledgementDueReminder', ['case_manager'], addDuration(submittedAt, 'P10D').toISOString());
        await h.expectSentAt(io, 'apaDecisionDueReminder', ['case_manager'], subtractDuration(decisionDueAt, 'P14D').toISOString());
        await h.expectSentAt(io, 'apaDeemedGranted', ['case_manager'], decisionDueAt);
        const deemed = await query.summary(handle);
        expect(deemed.flags).toContain('APA_DEEMED_GRANTED');
        expect(deemed.episodes.apa).toMatchObject({ status: 'DEEMED_GRANTED', deadlines: [] });
        expect((await query.summary(handle)).flags).toContain('APA_DEEMED_GRANTED');
        expect(io.notifications.filter((n) => n.kind.startsWith('apa') && n.recipientRole !== 'case_manager')).toEqual([]);
      });
    });

    it('acknowledged and granted in time: no deemed grant; the provider reminder a week before the month, nothing once declared', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const submittedAt = Date.parse(await h.iso());
        await step(handle, { type: 'submitApaApplication', submittedAt: new Date(submittedAt).toISOString(), emergency: true });
        await h.sleep(5 * DAY);
        await step(handle, { type: 'acknowledgeApaApplication', at: await h.iso() });
        await h.sleepUntil(submittedAt + 30 * DAY, 0);
        const decidedAt = await h.iso();
        const granted = await step(handle, { type: 'decideApaApplication', decidedAt, outcome: 'GRANTED', gir: 4 });
        const declarationDueAt = dueAtOf(granted, 'apaProviderDeclarationDue');
        expect(declarationDueAt).toBe(addDuration(decidedAt, 'P1M').toISOString());
        await h.expectSentAt(io, 'apaProviderDeclarationDueReminder', ['case_manager'], subtractDuration(declarationDueAt, 'P7D').toISOString());
        await step(handle, { type: 'declareApaProvider', at: await h.iso(), provider: 'SAAD Est' });
        await h.sleepUntil(addDuration(submittedAt, 'P2M').getTime() + DAY);
        expect(io.sent('apaProviderDeclarationDueReminder')).toHaveLength(1);
        expect(io.sent('apaDeemedGranted')).toEqual([]);
        expect(io.sent('apaAcknowledgementDueReminder')).toEqual([]);
        expect(io.sent('apaDecisionDueReminder')).toEqual([]);
        expect((await query.summary(handle)).episodes.apa).toMatchObject({ status: 'GRANTED', emergency: true, provider: { provider: 'SAAD Est' } });
      });
    });
  });

  describe('legal protection (story 6: curatelle granted for 5 years)', () => {
    it('the renewal reminder comes 2 months before the measure ends, five years later, through several continue-as-new runs; no lapse alert after the ruling', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const runs = new Set([(await handle.describe()).runId]);
        // Suspected financial abuse: certificate; the request filed 35 days later; curatelle granted 163 days after filing.
        await step(handle, { type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: await h.iso() });
        await h.sleep(35 * DAY);
        const filedAt = await h.iso();
        const filed = await step(handle, { type: 'fileLegalProtectionRequest', filedAt });
        expect(dueAtOf(filed, 'legalRequestLapseAfter')).toBe(addDuration(filedAt, 'P1Y').toISOString());
        await h.sleep(163 * DAY);
        const ruledAt = await h.iso();
        const measureEndsAt = addDuration(ruledAt, 'P5Y').toISOString();
        const ruled = await step(handle, { type: 'recordLegalProtectionRuling', ruledAt, outcome: 'GRANTED', measureEndsAt, representative: 'ATMP' });
        expect(ruled.episodes.legalProtection).toMatchObject({ status: 'GRANTED', measure: { kind: 'CURATELLE', endsAt: measureEndsAt } });
        const renewalAt = subtractDuration(measureEndsAt, 'P2M').toISOString();

        // The pathway lives on: a reassessment cycle every six months, each one a new run.
        while (Date.parse(renewalAt) - (await h.now()) > 200 * DAY) {
          let summary: PathwaySummary = await query.summary(handle);
          // The reassessment window opens 14 days before the reassessment is due, and with it a new cycle and a new run.
          if (summary.stage !== 'ASSESSMENT') await h.sleepUntil(subtractDuration(dueAtOf(summary, 'reassessmentDue'), 'P14D'));
          expect((await query.summary(handle)).stage).toBe('ASSESSMENT');
          runs.add((await handle.describe()).runId);
          await step(handle, { type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 15, gir: 4, summary: 'periodic' } });
          await step(handle, { type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: await h.iso() }] });
          summary = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
          expect(dueAtOf(summary, 'legalMeasureRenewal')).toBe(measureEndsAt);
        }
        expect(runs.size).toBeGreaterThanOrEqual(8);
        expect(io.sent('legalRequestLapseAfterReminder')).toEqual([]);

        await h.expectSentAt(io, 'legalMeasureRenewalReminder', ['case_manager'], renewalAt);
        expect((await query.state(handle)).legalProtection?.measure?.endsAt).toBe(measureEndsAt);
      });
    }, 120_000);

    it('without a ruling, the case manager is alerted a month before the request lapses, then told it lapsed', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await step(handle, { type: 'requestLegalProtection', kind: 'TUTELLE', certificateAt: await h.iso() });
        const filedAt = await h.iso();
        await step(handle, { type: 'fileLegalProtectionRequest', filedAt });
        const lapsesAt = addDuration(filedAt, 'P1Y').toISOString();
        await h.expectSentAt(io, 'legalRequestLapseAfterReminder', ['case_manager'], subtractDuration(lapsesAt, 'P1M').toISOString());
        await h.expectSentAt(io, 'legalRequestLapsed', ['case_manager'], lapsesAt);
        expect((await query.summary(handle)).flags).toContain('LEGAL_REQUEST_LAPSED');
      });
    });
  });

  describe('nursing-home applications', () => {
    it('three applications, one acceptance: two cancelled, the pathway INSTITUTIONALIZED; medical parts reminded only while they matter', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const submittedAt = await h.iso();
        let summary: PathwaySummary | undefined;
        for (const facility of ['EHPAD Les Tilleuls', 'EHPAD Saint-Joseph', 'EHPAD La Roseraie']) {
          summary = await step(handle, { type: 'submitNursingHomeApplication', facility, submittedAt });
          expect(summary.episodes.nursingHomeApplications.at(-1)?.facility).toBe(facility);
        }
        const ids = summary?.episodes.nursingHomeApplications.map((a) => a.id);
        expect(ids).toEqual(['nh-1', 'nh-2', 'nh-3']);
        await step(handle, { type: 'completeNursingHomeMedicalPart', applicationId: 'nh-1', completedAt: await h.iso() }, 'dr-durand');

        // The physician reminded 2 days before the 7, for the two medical parts still missing.
        const medicalDueAt = addDuration(submittedAt, 'P7D').toISOString();
        await h.expectSentAt(io, 'nursingHomeMedicalPartDueReminder', ['physician', 'physician'], subtractDuration(medicalDueAt, 'P2D').toISOString());
        expect(io.sent('nursingHomeMedicalPartDueReminder').map((n) => n.data.ref).sort()).toEqual(['nh-2', 'nh-3']);

        await step(handle, { type: 'decideNursingHomeApplication', applicationId: 'nh-2', at: await h.iso(), outcome: 'WAITLISTED' });
        const accepted = await step(handle, { type: 'decideNursingHomeApplication', applicationId: 'nh-1', at: await h.iso(), outcome: 'ACCEPTED' });
        expect(accepted.stage).toBe('INSTITUTIONALIZED');
        expect(accepted.episodes.nursingHomeApplications.map((a) => [a.id, a.status])).toEqual([
          ['nh-1', 'ACCEPTED'],
          ['nh-2', 'CANCELLED'],
          ['nh-3', 'CANCELLED'],
        ]);
        expect(accepted.episodes.institution?.facility).toBe('EHPAD Les Tilleuls');
        expect(accepted.deadlines.map((d) => d.kind)).toEqual(['postAdmissionFollowUpDue']);
        expect((await searchAttributesOf(handle)).stage).toBe('INSTITUTIONALIZED');

        // The cancelled applications' medical parts are no longer chased.
        await h.sleepUntil(addDuration(medicalDueAt, 'P1D'));
        expect(io.notifications.filter((n) => n.kind === 'nursingHomeMedicalPartDueReminder' && n.recipientRole === 'case_manager')).toEqual([]);
      });
    });
  });

  describe('death', () => {
    it('closes at once with episodes running: nothing more is ever sent, to the family or anyone', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const now = await h.now();
        await step(handle, {
          type: 'planRespite',
          kind: 'TEMPORARY_ACCOMMODATION',
          startsAt: new Date(now + 5 * DAY).toISOString(),
          endsAt: new Date(now + 12 * DAY).toISOString(),
          provider: 'EHPAD Les Tilleuls',
        });
        await step(handle, { type: 'openCrisis', at: await h.iso(), kind: 'ACUTE_SITUATION' });
        await step(handle, { type: 'submitApaApplication', submittedAt: await h.iso() });
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
        await h.sleep(HOUR);
        const closed = await step(handle, { type: 'closePathway', reason: 'DECEASED' });
        expect(closed).toMatchObject({ stage: 'CLOSED', closure: { reason: 'DECEASED' }, deadlines: [], flags: [] });
        expect(await handle.result()).toMatchObject({ stage: 'CLOSED' });
        const sentBefore = io.notifications.length;
        expect(io.cancelled).toHaveLength(1);

        await h.sleep(90 * DAY);
        expect(io.notifications.length).toBe(sentBefore);
        expect(io.notifications.filter((n) => n.recipientRole === 'caregiver')).toEqual([]);
      });
    });
  });

  describe('visibility (issue 22: no health hint in clear text in Temporal)', () => {
    /** Every search attribute value the run was started with or upserted, decoded (they bypass the payload codec). */
    async function everySearchAttributeValue(handle: WorkflowHandle): Promise<Array<[string, unknown]>> {
      const { events } = await handle.fetchHistory();
      const values: Array<[string, unknown]> = [];
      for (const event of events ?? []) {
        const fields =
          event.workflowExecutionStartedEventAttributes?.searchAttributes?.indexedFields ??
          event.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields ??
          {};
        for (const [name, payload] of Object.entries(fields)) values.push([name, defaultPayloadConverter.fromPayload(payload)]);
      }
      return values;
    }

    it('a story through a hospital stay, a crisis left without action, an APA file and a legal protection request publishes only stages, ids, dates and neutral codes', async () => {
      const io = withCaseManager();
      await run(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est', reason: 'fall' });
        await step(handle, { type: 'dischargeFromHospital', dischargedAt: await h.iso(), destination: 'HOME' });
        const crisis = await step(handle, { type: 'openCrisis', at: await h.iso(), kind: 'CAREGIVER_EXHAUSTION' });
        await h.sleepUntil(dueAtOf(crisis, 'crisisActionDue'), 5 * MINUTE);
        await step(handle, { type: 'submitApaApplication', submittedAt: await h.iso() });
        await step(handle, { type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: await h.iso() });
        const summary = await step(handle, { type: 'fileLegalProtectionRequest', filedAt: await h.iso() });
        // The story did reach the conditions the visibility store must not learn of...
        expect(summary.stuck.map((r) => r.code)).toContain('crisisActionDue');
        expect(summary.flags).toEqual(expect.arrayContaining(['CRISIS_OPEN']));
        const values = await everySearchAttributeValue(handle);
        // ...and the run did publish while in them (else the assertion below would hold vacuously).
        expect(values).toContainEqual(['StuckReason', 'DEADLINE_OVERDUE']);
        const condition = /HOSPITAL|CRISIS|CRISE|APA|PROTECTION|LEGAL|CURATELLE|TUTELLE|DEMENTIA|ALZHEIMER|DISCHARGE|RESPITE|NURSING|EHPAD|GIR|MMSE|INACTIVE_|FALL/i;
        const named = values.filter(([, value]) => condition.test(JSON.stringify(value ?? null)));
        expect(named).toEqual([]);
        // Only the attributes operators need (and the SDK's patch markers, checked above too), PathwayFlags only ever cleared.
        expect(new Set(values.map(([name]) => name))).toEqual(
          new Set(['TemporalChangeVersion', 'PathwayStage', 'CaseManagerId', 'Territory', 'StuckReason', 'PathwayFlags', 'NextDeadlineAt', 'OverdueSince', 'LastEventAt']),
        );
        expect(values.filter(([name, value]) => name === 'PathwayFlags' && !(Array.isArray(value) && value.length === 0) && value !== null)).toEqual([]);
        const sa = await searchAttributesOf(handle);
        expect(sa.flags).toEqual([]);
      });
    });
  });
});
