/**
 * A whole pathway over almost two years of simulated time, on the default policy: referral, eligibility,
 * assignment, consent, first visit, assessment, plan and acknowledgement; two periodic reassessment cycles;
 * a hospital stay, the discharge home and its reassessment; an institutional admission; closure. The
 * case manager keeps in touch every 25 days, so the timeline holds only the story and its due reminders.
 * Every new cycle continues the workflow as new: the state must come through each run whole.
 */
import { addDuration, PathwayCommand, PathwayEventType, PathwayState, PathwaySummary, subtractDuration } from '@pathway/domain';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { ALL_CRITERIA_MET, DAY, dueAtOf, expectAt, MINUTE, searchAttributesOf, WorkflowTestHarness } from './testing/harness';
import { runHistories, saveHistories } from './testing/histories';

describe('a multi-year pathway (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('runs from referral to closure INSTITUTIONALIZED over almost two years, through continue-as-new, with the expected timeline', async () => {
    const startedAt = Date.now();
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 37);
    const expected: PathwayEventType[] = [];

    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId, referral } = await h.open(tq);
      const t0 = Date.parse(referral.referral.referredAt);
      expected.push('REFERRAL_RECEIVED');

      const at = (day: number) => h.sleepUntil(t0 + day * DAY, 0);
      const take = async (command: PathwayCommand, ...events: PathwayEventType[]): Promise<PathwaySummary> => {
        const summary = await step(handle, command);
        expected.push(...events);
        return summary;
      };
      const contact = () => h.iso().then((iso) => take({ type: 'logContact', at: iso, channel: 'PHONE' }, 'CONTACT_LOGGED'));
      /** Contacts every 25 days from now until `untilMs` (exclusive). */
      const keepInTouch = async (untilMs: number) => {
        for (let next = (await h.now()) + 25 * DAY; next < untilMs; next += 25 * DAY) {
          await h.sleepUntil(next, 0);
          await contact();
        }
      };
      const assessPlanAcknowledge = async (assessment: { mmse: number; gir: number; zarit: number }, services: string[]) => {
        await take({ type: 'recordAssessment', assessment: { performedAt: await h.iso(), ...assessment, summary: 'multidimensional assessment' } }, 'ASSESSMENT_RECORDED');
        await h.sleep(3 * DAY);
        const startsAt = await h.iso();
        const planned = await take({ type: 'recordPlan', services: services.map((provider) => ({ type: 'SSIAD', provider, frequency: 'daily', startsAt })) }, 'PLAN_RECORDED');
        await h.sleep(2 * DAY);
        const acknowledged = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
        expected.push('PLAN_ACKNOWLEDGED');
        expect(acknowledged.stage).toBe('FOLLOW_UP');
        return planned;
      };
      /** The periodic window opens 14 days before the reassessment is due: reminders, a new cycle in ASSESSMENT, a new run. */
      const periodicReassessment = async (cycle: number) => {
        const dueAt = dueAtOf(await query.summary(handle), 'reassessmentDue');
        const opensAt = subtractDuration(dueAt, 'P14D').getTime();
        await keepInTouch(opensAt - DAY);
        await h.sleepUntil(opensAt, -MINUTE);
        const before = await query.state(handle);
        const runBefore = (await handle.describe()).runId;
        expect(before.stage).toBe('FOLLOW_UP');
        await h.sleepUntil(opensAt);
        expected.push('REMINDER_DUE', 'REASSESSMENT_CYCLE_STARTED');
        const after = await query.state(handle);
        expect(after).toMatchObject({ stage: 'ASSESSMENT', cycle });
        expectAt(after.stageSince, opensAt);
        expect(io.sent('reassessmentVisit').at(-1)?.dueAt).toBe(dueAt);
        // A new run carries the whole state.
        expect((await handle.describe()).runId).not.toBe(runBefore);
        expectCarriedAcross(before, after);
        await h.sleep(5 * DAY);
      };

      // ---- year 1: into case management --------------------------------------------------------
      await at(3);
      await step(handle, { type: 'decideEligibility', decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET }, 'intake-1');
      expected.push('ELIGIBILITY_DECIDED');
      await at(5);
      await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1');
      expected.push('CASE_MANAGER_ASSIGNED');
      expect(io.caseloads.get('cm-1')!.pathways.size).toBe(38);
      await at(9);
      await take({ type: 'recordConsent', given: true, at: await h.iso() }, 'CONSENT_RECORDED');
      await take({ type: 'logContact', at: await h.iso(), channel: 'HOME_VISIT' }, 'CONTACT_LOGGED');
      await at(25);
      await assessPlanAcknowledge({ mmse: 18, gir: 4, zarit: 35 }, ['SSIAD Est']);

      // ---- two periodic reassessment cycles ------------------------------------------------------
      await periodicReassessment(2);
      await assessPlanAcknowledge({ mmse: 16, gir: 4, zarit: 42 }, ['SSIAD Est', 'SAAD Nord']);
      await periodicReassessment(3);
      const plan3 = await assessPlanAcknowledge({ mmse: 14, gir: 3, zarit: 50 }, ['SSIAD Est', 'SAAD Nord']);

      // ---- a hospital stay, the discharge home and the return assessment ---------------------------
      await keepInTouch(Date.parse(plan3.plan!.recordedAt) + 100 * DAY);
      const hospitalAdmission = Date.parse(await h.iso());
      await take({ type: 'admitToHospital', admittedAt: new Date(hospitalAdmission).toISOString(), facility: 'CHU Est', reason: 'fall' }, 'HOSPITAL_ADMISSION');
      // Case management goes on during the stay; on day 31 the home APA stops: case manager and family told.
      await keepInTouch(hospitalAdmission + 30 * DAY - MINUTE);
      await h.sleepUntil(hospitalAdmission + 30 * DAY);
      expected.push('HOSPITAL_DAY_31');
      await h.sleepUntil(hospitalAdmission + 35 * DAY, 0);
      const dischargedAt = await h.iso();
      const discharged = await take({ type: 'dischargeFromHospital', dischargedAt, destination: 'HOME' }, 'HOSPITAL_DISCHARGE');
      expect(discharged).toMatchObject({ stage: 'ASSESSMENT', cycle: 4 });
      expect(dueAtOf(discharged, 'postDischargeReassessmentDue')).toBe(addDuration(dischargedAt, 'P7D').toISOString());
      // The return assessment replaces the routine one.
      expect(discharged.deadlines.map((d) => d.kind)).not.toContain('reassessmentDue');
      await h.sleep(MINUTE);
      expected.push('REMINDER_DUE'); // case manager and physician, at discharge
      await take({ type: 'recordDischargeLetter', receivedAt: await h.iso() }, 'DISCHARGE_LETTER_RECEIVED');
      await take({ type: 'confirmServicesRestarted', at: await h.iso() }, 'SERVICES_RESTARTED');
      await h.sleep(4 * DAY);
      const plan4 = await assessPlanAcknowledge({ mmse: 12, gir: 2, zarit: 58 }, ['SSIAD Est', 'SAAD Nord', 'Accueil de jour Les Lilas']);

      // ---- institutional admission and closure --------------------------------------------------
      await keepInTouch(Date.parse(plan4.plan!.recordedAt) + 150 * DAY);
      const admittedAt = await h.iso();
      const institutionalized = await take({ type: 'admitToInstitution', admittedAt, facility: 'EHPAD Les Tilleuls' }, 'INSTITUTIONAL_ADMISSION');
      expect(institutionalized.deadlines.map((d) => d.kind)).toEqual(['postAdmissionFollowUpDue']);
      await h.sleepUntil(Date.parse(admittedAt) + 25 * DAY, 0);
      await take({ type: 'closePathway', reason: 'INSTITUTIONALIZED' }, 'PATHWAY_CLOSED');
      // Read before awaiting the result: the time-skipping server moves its clock years ahead on that call.
      const simulatedDays = Math.round(((await h.now()) - t0) / DAY);
      const final = await handle.result();

      // ---- the timeline ------------------------------------------------------------------------
      expect(simulatedDays).toBeGreaterThan(600);
      expect(io.eventTypes()).toEqual(expected);
      expect(io.eventTypes().filter((t) => t !== 'CONTACT_LOGGED')).toEqual([
        'REFERRAL_RECEIVED',
        'ELIGIBILITY_DECIDED',
        'CASE_MANAGER_ASSIGNED',
        'CONSENT_RECORDED',
        'ASSESSMENT_RECORDED',
        'PLAN_RECORDED',
        'PLAN_ACKNOWLEDGED',
        'REMINDER_DUE',
        'REASSESSMENT_CYCLE_STARTED',
        'ASSESSMENT_RECORDED',
        'PLAN_RECORDED',
        'PLAN_ACKNOWLEDGED',
        'REMINDER_DUE',
        'REASSESSMENT_CYCLE_STARTED',
        'ASSESSMENT_RECORDED',
        'PLAN_RECORDED',
        'PLAN_ACKNOWLEDGED',
        'HOSPITAL_ADMISSION',
        'HOSPITAL_DAY_31',
        'HOSPITAL_DISCHARGE',
        'REMINDER_DUE',
        'DISCHARGE_LETTER_RECEIVED',
        'SERVICES_RESTARTED',
        'ASSESSMENT_RECORDED',
        'PLAN_RECORDED',
        'PLAN_ACKNOWLEDGED',
        'INSTITUTIONAL_ADMISSION',
        'PATHWAY_CLOSED',
      ]);
      // Each event once, numbered without a gap across every run.
      expect(io.received.map((e) => e.seq)).toEqual(io.events.map((_, i) => i + 1));
      // Only the reminders of the story: no escalation, nothing overdue, nothing after the closure.
      expect(io.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
      expect(io.eventTypes()).not.toContain('DEADLINE_PASSED');
      expect(io.notifications.map((n) => `${n.kind}→${n.recipientRole}`)).toEqual([
        'planToValidate→physician',
        'reassessmentDueReminder→case_manager',
        'reassessmentVisit→caregiver',
        'planToValidate→physician',
        'reassessmentDueReminder→case_manager',
        'reassessmentVisit→caregiver',
        'planToValidate→physician',
        'hospitalDay31→case_manager',
        'hospitalDay31→caregiver',
        'postDischargeReassessmentDueReminder→case_manager',
        'postDischargeReassessmentDueReminder→physician',
        'planToValidate→physician',
      ]);

      // ---- nothing lost across the runs ----------------------------------------------------------
      expect(final).toMatchObject({
        id: pathwayId,
        stage: 'CLOSED',
        cycle: 4,
        caseManagerId: 'cm-1',
        closure: { reason: 'INSTITUTIONALIZED' },
        consent: { given: true },
        eligibility: { decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET },
        latestAssessment: { cycle: 4, mmse: 12, gir: 2 },
        plan: { version: 4 },
        episodes: { lastDischarge: { destination: 'HOME', facility: 'CHU Est' }, institution: { facility: 'EHPAD Les Tilleuls' } },
        deadlines: [],
      });
      expect(final.plan!.services.map((s) => s.status)).toEqual(['STOPPED', 'STOPPED', 'STOPPED']);
      expect(io.caseloads.get('cm-1')!.pathways.has(pathwayId)).toBe(false);
      expect((await searchAttributesOf(handle)).stage).toBe('CLOSED');

      // ---- the runs ----------------------------------------------------------------------------
      const runs = await runHistories(h.client, handle);
      // Every run but the last ends in a continue-as-new; four cycles → four runs.
      expect(runs.length).toBe(4);
      for (const run of runs.slice(0, -1)) expect(run.history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      expect(runs.at(-1)!.history.events!.at(-1)!.workflowExecutionCompletedEventAttributes).toBeTruthy();
      expect(runs.at(-1)!.runId).toBe((await handle.describe()).runId);
      const lengths = runs.map((r) => r.history.events!.length);
      saveHistories('multi-year-story', runs);
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      console.log(
        `[multi-year story] ${simulatedDays} simulated days, ${io.events.length} pathway events, ${runs.length} runs; ` +
          `history events per run: ${lengths.join(', ')} (total ${lengths.reduce((a, b) => a + b, 0)}, longest ${Math.max(...lengths)}); ` +
          `test time ${seconds} s`,
      );
      for (const length of lengths) expect(length).toBeLessThan(1000);
    });
  });
});

/** What a continue-as-new must carry unchanged when a periodic cycle opens. */
function expectCarriedAcross(before: PathwayState, after: PathwayState): void {
  for (const key of ['pathwayId', 'referral', 'territory', 'caseManagerId', 'assignedAt', 'eligibility', 'consent', 'firstContactAt', 'firstHomeVisitAt', 'lastContactAt', 'assessmentCount', 'latestAssessment', 'plan', 'lastDischarge'] as const) {
    expect([key, after[key]]).toEqual([key, before[key]]);
  }
  expect(after.seq).toBe(before.seq + 2);
}
