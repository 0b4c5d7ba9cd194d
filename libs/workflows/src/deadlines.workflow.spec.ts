/**
 * The deadline table of PATHWAY.md, one row at a time, on the default policy and the time-skipping test
 * server: the reminder reaches the right person at the right simulated instant (and not a minute before),
 * the supervisor is told at the deadline, the pathway shows as stuck in its summary and its search
 * attributes, and nothing at all is sent when the step happens in time.
 */
import { WorkflowHandle } from '@temporalio/client';
import { addDuration, DEFAULT_POLICY, parsePolicy, PathwayPolicy, subtractDuration } from '@pathway/domain';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, dueAtOf, expectAt, MINUTE, searchAttributesOf, WorkflowTestHarness } from './testing/harness';

describe('deadline table of PATHWAY.md (time-skipping test server, default policy)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  async function open(taskQueue: string, policy: PathwayPolicy = DEFAULT_POLICY): Promise<WorkflowHandle> {
    return (await h.open(taskQueue, { policy })).handle;
  }

  function withCaseManager(): RecordingActivities {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 12);
    return io;
  }

  /** Not stuck a minute before the deadline; at the deadline, the supervisor told and the pathway stuck for `reason`. */
  async function expectEscalation(io: RecordingActivities, handle: WorkflowHandle, clock: string, dueAt: string, reason: string): Promise<void> {
    await expectNotYetOverdue(io, handle, clock, dueAt);
    await expectEscalatedAt(io, handle, clock, dueAt, reason);
  }

  async function expectNotYetOverdue(io: RecordingActivities, handle: WorkflowHandle, clock: string, dueAt: string): Promise<void> {
    await h.sleepUntil(dueAt, -MINUTE);
    expect(io.sent(`${clock}Overdue` as never)).toEqual([]);
    expect((await query.summary(handle)).stuck).toEqual([]);
    expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();
  }

  async function expectEscalatedAt(io: RecordingActivities, handle: WorkflowHandle, clock: string, dueAt: string, reason: string): Promise<void> {
    await h.sleepUntil(dueAt);
    const escalations = io.sent(`${clock}Overdue` as never);
    expect(escalations.map((n) => n.recipientRole)).toEqual(['supervisor']);
    expectAt(escalations[0].sendAt, dueAt);
    expect(escalations[0].data).toEqual({ reason });
    expect((await query.summary(handle)).stuck).toEqual([{ code: clock, reason, since: dueAt, clock }]);
    const sa = await searchAttributesOf(handle);
    // Temporal's visibility store holds only a neutral code, never the clock (libs/domain visibleStuckCode).
    expect(sa.stuckReason).toBe(clock === 'inactivityStuckAfter' ? 'INACTIVE' : 'DEADLINE_OVERDUE');
    expect(sa.overdueSince?.toISOString()).toBe(new Date(dueAt).toISOString());
  }

  /** Past the (former) deadline: no reminder, no escalation, not stuck. */
  async function expectNothingAbout(io: RecordingActivities, handle: WorkflowHandle, clock: string): Promise<void> {
    expect(io.about(clock)).toEqual([]);
    expect((await query.summary(handle)).stuck).toEqual([]);
    expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();
  }

  /** The case manager keeps in touch (a contact every 25 days) until `untilMs`, so only the deadline under test is at stake. */
  async function keepInTouch(handle: WorkflowHandle, untilMs: number): Promise<void> {
    for (let next = (await h.now()) + 25 * DAY; next < untilMs; next += 25 * DAY) {
      await h.sleepUntil(next, 0);
      await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' });
    }
  }

  describe('eligibilityDue (P7D from the referral)', () => {
    it('reminds intake 2 days before, escalates to the supervisor at the deadline and shows the pathway stuck', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const { handle, referral } = await h.open(tq);
        const referredAt = referral.referral.referredAt;
        const dueAt = dueAtOf(await query.summary(handle), 'eligibilityDue');
        expect(dueAt).toBe(addDuration(referredAt, 'P7D').toISOString());
        expect((await searchAttributesOf(handle)).nextDeadlineAt?.toISOString()).toBe(dueAt);

        await h.expectSentAt(io, 'eligibilityDueReminder', ['intake'], subtractDuration(dueAt, 'P2D').toISOString());
        await expectEscalation(io, handle, 'eligibilityDue', dueAt, 'eligibility decision overdue');
      });
    });

    it('sends nothing when eligibility is decided in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const referredAt = await h.now();
        const handle = await open(tq);
        await h.sleepUntil(referredAt + 4 * DAY);
        await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
        await h.sleepUntil(referredAt + 8 * DAY);
        await expectNothingAbout(io, handle, 'eligibilityDue');
        expect(io.notifications).toEqual([]);
      });
    });
  });

  describe('assignmentDue (P7D from acceptance)', () => {
    it('shows the pathway on the waiting list, escalates to the supervisor at the deadline, with no reminder before', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const acceptedAt = await h.now();
        const waiting = await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
        const dueAt = dueAtOf(waiting, 'assignmentDue');
        expectAt(dueAt, addDuration(acceptedAt, 'P7D'), 5000);
        // The supervisor's waiting list is a search on the stage.
        const sa = await searchAttributesOf(handle);
        expect(sa.stage).toBe('AWAITING_ASSIGNMENT');
        expect(sa.nextDeadlineAt?.toISOString()).toBe(dueAt);

        await expectEscalation(io, handle, 'assignmentDue', dueAt, 'case manager assignment overdue');
        expect(io.notifications.map((n) => n.kind)).toEqual(['assignmentDueOverdue']);
      });
    });

    it('sends nothing when a case manager is assigned in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const acceptedAt = await h.now();
        await bringTo(h, handle, 'AWAITING_ASSIGNMENT');
        await h.sleepUntil(acceptedAt + 6 * DAY);
        await step(handle, { type: 'assignCaseManager', caseManagerId: 'cm-1' }, 'supervisor-1');
        await h.sleepUntil(acceptedAt + 8 * DAY);
        await expectNothingAbout(io, handle, 'assignmentDue');
        expect(io.notifications).toEqual([]);
      });
    });
  });

  describe('firstContactDue (P7D from assignment)', () => {
    it('reminds the case manager at the deadline and escalates to the supervisor', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assignedAt = await h.now();
        const assessment = await bringTo(h, handle, 'ASSESSMENT');
        const dueAt = dueAtOf(assessment, 'firstContactDue');
        expectAt(dueAt, addDuration(assignedAt, 'P7D'), 5000);

        // Reminder and escalation fall at the same instant (firstContactDueReminderBefore: P0D).
        await expectNotYetOverdue(io, handle, 'firstContactDue', dueAt);
        await h.expectSentAt(io, 'firstContactDueReminder', ['case_manager'], dueAt);
        await expectEscalatedAt(io, handle, 'firstContactDue', dueAt, 'first contact overdue');
      });
    });

    it('sends nothing when the first contact is logged in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assignedAt = await h.now();
        await bringTo(h, handle, 'ASSESSMENT');
        await h.sleepUntil(assignedAt + 6 * DAY);
        await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' });
        await h.sleepUntil(assignedAt + 8 * DAY);
        await expectNothingAbout(io, handle, 'firstContactDue');
        expect(io.notifications).toEqual([]);
      });
    });
  });

  describe('assessmentDue (P30D from assignment)', () => {
    it('reminds the case manager 9 days before and escalates to the supervisor at the deadline', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assignedAt = await h.now();
        // First contact and first home visit in time: only the assessment is late.
        const assessment = await bringTo(h, handle, 'ASSESSMENT', { firstVisit: true });
        const dueAt = dueAtOf(assessment, 'assessmentDue');
        expectAt(dueAt, addDuration(assignedAt, 'P30D'), 5000);

        await h.expectSentAt(io, 'assessmentDueReminder', ['case_manager'], subtractDuration(dueAt, 'P9D').toISOString());
        await expectEscalation(io, handle, 'assessmentDue', dueAt, 'assessment overdue');
        expect(io.notifications.map((n) => n.kind)).toEqual(['assessmentDueReminder', 'assessmentDueOverdue']);
      });
    });

    it('sends nothing when the assessment is recorded in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assignedAt = await h.now();
        await bringTo(h, handle, 'ASSESSMENT', { firstVisit: true });
        await h.sleepUntil(assignedAt + 20 * DAY);
        await step(handle, { type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 20, gir: 5, summary: 'first visit' } });
        await h.sleepUntil(assignedAt + 31 * DAY);
        await expectNothingAbout(io, handle, 'assessmentDue');
      });
    });
  });

  describe('planDue (P15D from the assessment)', () => {
    it('reminds the case manager 5 days before and escalates to the supervisor at the deadline', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assessedAt = await h.now();
        const planning = await bringTo(h, handle, 'PLANNING');
        const dueAt = dueAtOf(planning, 'planDue');
        expectAt(dueAt, addDuration(assessedAt, 'P15D'), 5000);

        await h.expectSentAt(io, 'planDueReminder', ['case_manager'], subtractDuration(dueAt, 'P5D').toISOString());
        await expectEscalation(io, handle, 'planDue', dueAt, 'service plan overdue');
        expect(io.notifications.map((n) => n.kind)).toEqual(['planDueReminder', 'planDueOverdue']);
      });
    });

    it('sends nothing when the plan is recorded in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const assessedAt = await h.now();
        await bringTo(h, handle, 'PLANNING');
        await h.sleepUntil(assessedAt + 9 * DAY);
        await step(handle, { type: 'recordPlan', services: [{ type: 'SAAD', provider: 'SAAD Nord', frequency: 'weekly', startsAt: await h.iso() }] });
        await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
        await h.sleepUntil(assessedAt + 16 * DAY);
        await expectNothingAbout(io, handle, 'planDue');
        expect(io.notifications.map((n) => n.kind)).toEqual(['planToValidate']);
      });
    });
  });

  describe('planAcknowledgementDue (P14D from the plan)', () => {
    it('reminds the physician 7 days before and at the deadline, then goes on to FOLLOW_UP flagged PLAN_NOT_ACKNOWLEDGED', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const validation = await bringTo(h, handle, 'PLAN_VALIDATION');
        const dueAt = dueAtOf(validation, 'planAcknowledgementDue');
        expect(dueAt).toBe(addDuration(validation.plan!.recordedAt, 'P14D').toISOString());
        const firstReminderAt = subtractDuration(dueAt, 'P7D').toISOString();

        await h.expectSentAt(io, 'planAcknowledgementDueReminder', ['physician'], firstReminderAt);
        await h.sleepUntil(dueAt, -MINUTE);
        expect((await query.summary(handle)).stage).toBe('PLAN_VALIDATION');
        await h.sleepUntil(dueAt);
        const reminders = io.sent('planAcknowledgementDueReminder');
        expect(reminders.map((n) => n.recipientRole)).toEqual(['physician', 'physician']);
        expectAt(reminders[0].sendAt, firstReminderAt);
        expectAt(reminders[1].sendAt, dueAt);

        const followUp = await query.summary(handle);
        expect(followUp.stage).toBe('FOLLOW_UP');
        expect(followUp.stageSince).toBe(dueAt);
        expect(followUp.flags).toContain('PLAN_NOT_ACKNOWLEDGED');
        // A normal outcome, not a stuck pathway: no escalation.
        expect(followUp.stuck).toEqual([]);
        expect(io.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
        const sa = await searchAttributesOf(handle);
        expect(sa.stage).toBe('FOLLOW_UP');
        expect(sa.flags).toEqual([]); // flags stay in the summary, out of the clear-text visibility store
        expect(sa.stuckReason).toBeUndefined();
        expect(io.eventTypes()).toContain('PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED');

        // A late acknowledgement is still taken, and lifts the flag.
        await h.sleep(2 * DAY);
        const acknowledged = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
        expect(acknowledged.flags).not.toContain('PLAN_NOT_ACKNOWLEDGED');
      });
    });

    it('sends the physician nothing but the plan when it is acknowledged in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const plannedAt = await h.now();
        await bringTo(h, handle, 'PLAN_VALIDATION');
        await h.sleepUntil(plannedAt + 5 * DAY);
        const followUp = await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
        expect(followUp.stage).toBe('FOLLOW_UP');
        await h.sleepUntil(plannedAt + 15 * DAY);
        await expectNothingAbout(io, handle, 'planAcknowledgementDue');
        expect(io.notifications.map((n) => `${n.kind}→${n.recipientRole}`)).toEqual(['planToValidate→physician']);
        expect((await query.summary(handle)).flags).not.toContain('PLAN_NOT_ACKNOWLEDGED');
      });
    });
  });

  describe('contactDue (P30D from every contact in FOLLOW_UP)', () => {
    it('moves with each contact, then reminds the case manager at the deadline and escalates to the supervisor', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const followUp = await bringTo(h, handle, 'FOLLOW_UP');
        const firstDue = dueAtOf(followUp, 'contactDue');
        expect(firstDue).toBe(addDuration(followUp.stageSince, 'P30D').toISOString());

        await h.sleep(10 * DAY);
        const contactAt = await h.iso();
        const moved = await step(handle, { type: 'logContact', at: contactAt, channel: 'PHONE' });
        const dueAt = dueAtOf(moved, 'contactDue');
        expect(dueAt).toBe(addDuration(contactAt, 'P30D').toISOString());

        // Nothing at the former deadline.
        await h.sleepUntil(firstDue);
        expect(io.about('contactDue')).toEqual([]);

        await expectNotYetOverdue(io, handle, 'contactDue', dueAt);
        await h.expectSentAt(io, 'contactDueReminder', ['case_manager'], dueAt);
        await expectEscalatedAt(io, handle, 'contactDue', dueAt, 'follow-up contact overdue');
      });
    });

    it('sends nothing while contacts are logged in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const since = await h.now();
        await bringTo(h, handle, 'FOLLOW_UP');
        await h.sleepUntil(since + 20 * DAY);
        await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' });
        await h.sleepUntil(since + 45 * DAY);
        await step(handle, { type: 'logContact', at: await h.iso(), channel: 'HOME_VISIT' });
        await h.sleepUntil(since + 61 * DAY);
        await expectNothingAbout(io, handle, 'contactDue');
        expect(io.notifications.map((n) => n.kind)).toEqual(['planToValidate']);
      });
    });
  });

  describe('inactivityStuckAfter (P45D without an event while open)', () => {
    // The follow-up contact clock (P30D) would pass first on the default policy; it is lengthened here
    // so this test is about inactivity alone.
    const policy = parsePolicy({ contactDue: 'P60D' });

    it('marks the pathway stuck and tells the supervisor after 45 days without a step; the next step clears it', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq, policy);
        const followUp = await bringTo(h, handle, 'FOLLOW_UP');
        const stuckAt = addDuration(followUp.lastActivityAt, 'P45D').toISOString();

        await expectEscalation(io, handle, 'inactivityStuckAfter', stuckAt, 'no event for too long');
        // Inactivity has no reminder: the escalation is all that went out besides the plan.
        expect(io.notifications.map((n) => n.kind)).toEqual(['planToValidate', 'inactivityStuckAfterOverdue']);
        expect((await query.summary(handle)).flags).toContain('INACTIVE');
        expect((await searchAttributesOf(handle)).stuckReason).toBe('INACTIVE');

        await h.sleep(3 * DAY);
        const cleared = await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' });
        expect(cleared.stuck).toEqual([]);
        expect(cleared.flags).not.toContain('INACTIVE');
        const sa = await searchAttributesOf(handle);
        expect(sa.stuckReason).toBeUndefined();
        expect(sa.overdueSince).toBeUndefined();
        expect(sa.flags).toEqual([]);
      });
    });

    it('sends nothing when a step comes within 45 days', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq, policy);
        const since = await h.now();
        await bringTo(h, handle, 'FOLLOW_UP');
        await h.sleepUntil(since + 44 * DAY);
        await step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' });
        await h.sleepUntil(since + 46 * DAY);
        await expectNothingAbout(io, handle, 'inactivityStuckAfter');
        expect((await query.summary(handle)).flags).not.toContain('INACTIVE');
      });
    });
  });

  describe('reassessmentDue (P6M from the plan)', () => {
    it('reminds the case manager 14 days before and tells the caregiver, opens the new cycle in ASSESSMENT, escalates at the deadline', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const { handle } = await h.open(tq);
        const followUp = await bringTo(h, handle, 'FOLLOW_UP');
        const dueAt = dueAtOf(followUp, 'reassessmentDue');
        expect(dueAt).toBe(addDuration(followUp.plan!.recordedAt, 'P6M').toISOString());
        const windowOpensAt = subtractDuration(dueAt, 'P14D').getTime();
        await keepInTouch(handle, windowOpensAt - DAY);

        await h.sleepUntil(windowOpensAt, -MINUTE);
        expect(io.about('reassessmentDue')).toEqual([]);
        await h.sleepUntil(windowOpensAt);
        const reminders = io.about('reassessmentDue');
        expect(reminders.map((n) => `${n.kind}→${n.recipientRole}`).sort()).toEqual(['reassessmentDueReminder→case_manager', 'reassessmentVisit→caregiver']);
        for (const n of reminders) expectAt(n.sendAt, windowOpensAt);
        const opened = await query.summary(handle);
        expect(opened.stage).toBe('ASSESSMENT');
        expect(opened.cycle).toBe(2);
        expect((await searchAttributesOf(handle)).stage).toBe('ASSESSMENT');
        // The new cycle runs in a new run (continue-as-new), with the same deadline.
        expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId);
        expect(dueAtOf(opened, 'reassessmentDue')).toBe(dueAt);

        await expectEscalation(io, handle, 'reassessmentDue', dueAt, 'periodic reassessment overdue');
        expect(io.notifications.filter((n) => n.recipientRole === 'supervisor').map((n) => n.kind)).toEqual(['reassessmentDueOverdue']);
      });
    });

    it('escalates nothing when the reassessment is recorded within its window', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        const followUp = await bringTo(h, handle, 'FOLLOW_UP');
        const dueAt = dueAtOf(followUp, 'reassessmentDue');
        await keepInTouch(handle, subtractDuration(dueAt, 'P14D').getTime() - DAY);
        await h.sleepUntil(subtractDuration(dueAt, 'P5D'));
        const reassessed = await step(handle, { type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 16, gir: 4, zarit: 40, summary: 'reassessment' } });
        expect(reassessed.cycle).toBe(2);
        await step(handle, { type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Est', frequency: 'daily', startsAt: await h.iso() }] });
        await step(handle, { type: 'acknowledgePlan', acknowledgedAt: await h.iso() }, 'dr-durand');
        await h.sleepUntil(addDuration(dueAt, 'P1D'));
        expect(io.sent('reassessmentDueOverdue')).toEqual([]);
        expect(io.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
        expect((await query.summary(handle)).stuck).toEqual([]);
        expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();
      });
    });
  });

  describe('postDischargeReassessmentDue (P7D from a discharge home)', () => {
    /** The letter arrives and the home services restart on the day: only the reassessment is at stake. */
    async function settleDischarge(handle: WorkflowHandle): Promise<void> {
      await step(handle, { type: 'recordDischargeLetter', receivedAt: await h.iso() });
      await step(handle, { type: 'confirmServicesRestarted', at: await h.iso() });
    }

    it('reminds the case manager and the physician at discharge and escalates to the supervisor at the deadline', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await h.sleep(2 * DAY);
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est', reason: 'fall' });
        await h.sleep(5 * DAY);
        const dischargedAt = await h.iso();
        const discharged = await step(handle, { type: 'dischargeFromHospital', dischargedAt, destination: 'HOME' });
        expect(discharged.stage).toBe('ASSESSMENT');
        await settleDischarge(handle);
        const dueAt = dueAtOf(discharged, 'postDischargeReassessmentDue');
        expect(dueAt).toBe(addDuration(dischargedAt, 'P7D').toISOString());

        await h.sleep(MINUTE);
        const atDischarge = io.sent('postDischargeReassessmentDueReminder');
        expect(atDischarge.map((n) => n.recipientRole).sort()).toEqual(['case_manager', 'physician']);
        for (const n of atDischarge) expectAt(n.sendAt, dischargedAt, 5000);

        await expectEscalation(io, handle, 'postDischargeReassessmentDue', dueAt, 'post-discharge reassessment overdue');
      });
    });

    it('escalates nothing when the return assessment is recorded in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
        await h.sleep(3 * DAY);
        const dischargedAt = Date.parse(await h.iso());
        await step(handle, { type: 'dischargeFromHospital', dischargedAt: new Date(dischargedAt).toISOString(), destination: 'HOME' });
        await settleDischarge(handle);
        await h.sleepUntil(dischargedAt + 4 * DAY);
        await step(handle, { type: 'recordAssessment', assessment: { performedAt: await h.iso(), mmse: 15, gir: 3, summary: 'back home' } });
        await h.sleepUntil(dischargedAt + 8 * DAY);
        expect(io.sent('postDischargeReassessmentDueOverdue')).toEqual([]);
        expect(io.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
        expect((await query.summary(handle)).stuck).toEqual([]);
        expect((await searchAttributesOf(handle)).stuckReason).toBeUndefined();
      });
    });
  });

  describe('postAdmissionFollowUpDue (P30D from an institutional admission)', () => {
    it('reminds the case manager to close or extend at the deadline and escalates to the supervisor', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const admittedAt = await h.iso();
        const admitted = await step(handle, { type: 'admitToInstitution', admittedAt, facility: 'EHPAD Les Tilleuls' });
        expect(admitted.stage).toBe('INSTITUTIONALIZED');
        const dueAt = dueAtOf(admitted, 'postAdmissionFollowUpDue');
        expect(dueAt).toBe(addDuration(admittedAt, 'P30D').toISOString());
        // Admission stops every home-care deadline.
        expect(admitted.deadlines.map((d) => d.kind)).toEqual(['postAdmissionFollowUpDue']);

        await expectNotYetOverdue(io, handle, 'postAdmissionFollowUpDue', dueAt);
        await h.expectSentAt(io, 'postAdmissionFollowUpDueReminder', ['case_manager'], dueAt);
        await expectEscalatedAt(io, handle, 'postAdmissionFollowUpDue', dueAt, 'post-admission follow-up overdue (close or extend)');
      });
    });

    it('sends nothing when the pathway is closed in time', async () => {
      const io = withCaseManager();
      await h.withWorker(io, async (tq) => {
        const handle = await open(tq);
        await bringTo(h, handle, 'FOLLOW_UP');
        const admittedAt = Date.parse(await h.iso());
        await step(handle, { type: 'admitToInstitution', admittedAt: new Date(admittedAt).toISOString(), facility: 'EHPAD Les Tilleuls' });
        await h.sleepUntil(admittedAt + 20 * DAY);
        await step(handle, { type: 'closePathway', reason: 'INSTITUTIONALIZED' });
        await h.sleepUntil(admittedAt + 31 * DAY);
        expect(io.about('postAdmissionFollowUpDue')).toEqual([]);
        expect(io.notifications.map((n) => n.kind)).toEqual(['planToValidate']);
        expect((await handle.describe()).status.name).toBe('COMPLETED');
      });
    });
  });
});
