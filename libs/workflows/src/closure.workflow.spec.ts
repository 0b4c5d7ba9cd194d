/**
 * Stories of SCENARIOS.md that end or unblock a pathway, and the closure rule of PATHWAY.md: closure
 * cancels every pending reminder, a closed pathway accepts no step, and its history stays readable.
 * Scenario dates map onto the test clock by their offsets (the test server starts at the real "now").
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { addDuration } from '@pathway/domain';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { runHistories, saveHistories } from './testing/histories';
import { bringTo, DAY, dueAtOf, expectAt, MINUTE, searchAttributesOf, WorkflowTestHarness } from './testing/harness';

describe('closure and stuck stories (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  it('scenario 2: a missed first contact reminds the case manager, shows on the stuck list until a contact clears it, then nothing more', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 20);
    await h.withWorker(io, async (tq) => {
      const { handle } = await h.open(tq);
      // 2025-05-05: assigned, nothing logged.
      const assigned = await bringTo(h, handle, 'ASSESSMENT');
      const assignedAt = Date.parse(assigned.stageSince);
      const firstContactDue = dueAtOf(assigned, 'firstContactDue');
      expect(firstContactDue).toBe(addDuration(assigned.stageSince, 'P7D').toISOString());

      // 2025-05-12: the case manager reminded at the deadline, the supervisor told.
      await h.sleepUntil(firstContactDue, -MINUTE);
      expect(io.notifications).toEqual([]);
      await h.sleepUntil(firstContactDue);
      expect(io.notifications.map((n) => `${n.kind}→${n.recipientRole}`).sort()).toEqual([
        'firstContactDueOverdue→supervisor',
        'firstContactDueReminder→case_manager',
      ]);
      for (const n of io.notifications) expectAt(n.sendAt, firstContactDue);

      // From then on the supervisor's stuck list shows it, with the reason and since when (the list is a
      // visibility query on these search attributes; the test server cannot list, so each is checked here).
      for (const day of [8, 10]) {
        await h.sleepUntil(assignedAt + day * DAY, 0);
        const summary = await query.summary(handle);
        expect(summary.stuck).toEqual([{ code: 'firstContactDue', reason: 'first contact overdue', since: firstContactDue, clock: 'firstContactDue' }]);
        const sa = await searchAttributesOf(handle);
        expect(sa).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-1', stuckReason: 'DEADLINE_OVERDUE' });
        expect(sa.overdueSince?.toISOString()).toBe(firstContactDue);
        expect(io.projections.at(-1)).toMatchObject({ stuckReason: 'firstContactDue', overdueSince: firstContactDue });
      }

      // 2025-05-16: a contact (the first home visit) clears it.
      await h.sleepUntil(assignedAt + 11 * DAY, 0);
      const cleared = await step(handle, { type: 'logContact', at: await h.iso(), channel: 'HOME_VISIT' });
      expect(cleared.stuck).toEqual([]);
      const sa = await searchAttributesOf(handle);
      expect(sa.stuckReason).toBeUndefined();
      expect(sa.overdueSince).toBeUndefined();
      expect(io.projections.at(-1)?.stuckReason).toBeUndefined();

      // Nothing more is sent: not about the first contact, nor anything else before the assessment reminder (day 21).
      const before = io.notifications.length;
      await h.sleepUntil(assignedAt + 21 * DAY, -MINUTE);
      expect(io.notifications.slice(before)).toEqual([]);
      expect(io.about('firstContactDue')).toHaveLength(2);
      saveHistories('missed-first-contact', await runHistories(h.client, handle));
    });
  });

  it('closure cancels every pending timer: nothing more is sent, even a year later; the workflow completes and later steps are rejected', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 20);
    await h.withWorker(io, async (tq) => {
      const { handle, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'FOLLOW_UP');
      await h.sleep(3 * DAY);
      // A hospital stay adds its own alert (day 31) to the follow-up, reassessment and inactivity clocks.
      const admitted = await step(handle, { type: 'admitToHospital', admittedAt: await h.iso(), facility: 'CHU Est' });
      expect(admitted.deadlines.map((d) => d.kind).sort()).toEqual(['contactDue', 'reassessmentDue']);
      expect((await handle.query<unknown[]>('upcomingReminders')).length).toBeGreaterThan(0);

      const closed = await step(handle, { type: 'closePathway', reason: 'MOVED', note: 'moved to Lyon' });
      expect(closed.stage).toBe('CLOSED');
      expect(closed.deadlines).toEqual([]);
      expect(await handle.query<unknown[]>('upcomingReminders')).toEqual([]);

      // The workflow completed; the outbox was told to drop what it holds; the caseload slot is free.
      const result = await handle.result();
      expect(result).toMatchObject({ stage: 'CLOSED', closure: { reason: 'MOVED', note: 'moved to Lyon' } });
      expect((await handle.describe()).status.name).toBe('COMPLETED');
      expect(io.cancelled).toEqual([pathwayId]);
      expect(io.caseloads.get('cm-1')!.pathways.has(pathwayId)).toBe(false);
      const sa = await searchAttributesOf(handle);
      expect(sa.stage).toBe('CLOSED');
      expect(sa.nextDeadlineAt).toBeUndefined();

      // Nothing more, a year past the closure (reminders, escalations, the day-31 alert, the inactivity watch).
      const sent = io.notifications.length;
      const recorded = io.received.length;
      await h.sleep(365 * DAY);
      expect(io.notifications.length).toBe(sent);
      expect(io.received.length).toBe(recorded);
      expect(io.eventTypes().at(-1)).toBe('PATHWAY_CLOSED');
      const history = await handle.fetchHistory();
      const types = history.events!.map((e) => String(e.eventType));
      expect(types.at(-1)).toMatch(/WORKFLOW_EXECUTION_COMPLETED|WorkflowExecutionCompleted|^2$/);

      // A later step is refused (the run is over), and the pathway's history stays readable.
      // The server answers for the finished run (the API maps it to 409 "the pathway is closed").
      await expect(step(handle, { type: 'logContact', at: await h.iso(), channel: 'PHONE' })).rejects.toBeInstanceOf(WorkflowNotFoundError);
      expect(io.received.length).toBe(recorded);
      expect((await query.summary(handle)).closure?.reason).toBe('MOVED');
      saveHistories('closed-while-hospitalized', await runHistories(h.client, handle));
    });
  });

  it('scenario 3: a refusal at the first visit closes REFUSED, tells referrer and physician, cancels every timer; a later referral opens a new pathway', async () => {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 20);
    await h.withWorker(io, async (tq) => {
      const { handle, referral, pathwayId } = await h.open(tq);
      await bringTo(h, handle, 'ASSESSMENT');
      // 2025-02-14: the person refuses at the first visit.
      await h.sleep(4 * DAY);
      const refused = await step(handle, { type: 'recordConsent', given: false, at: await h.iso() });
      expect(refused).toMatchObject({ stage: 'CLOSED', closure: { reason: 'REFUSED' }, deadlines: [] });
      await handle.result();
      expect(io.notifications.map((n) => `${n.kind}→${n.recipientRole}`).sort()).toEqual(['pathwayClosed→physician', 'pathwayClosed→referrer']);
      expect(io.cancelled).toEqual([pathwayId]);
      expect(io.caseloads.get('cm-1')!.pathways.has(pathwayId)).toBe(false);

      // Nothing more until the new referral (2025-09-01, 199 days later).
      const sent = io.notifications.length;
      await h.sleep(199 * DAY);
      expect(io.notifications.length).toBe(sent);

      const again = await h.open(tq, { referral: { ...referral, referral: { ...referral.referral, referredAt: await h.iso() } } });
      expect(again.pathwayId).not.toBe(pathwayId);
      expect(again.summary.stage).toBe('REFERRED');
      expect(io.openPatients.get(`${referral.patient.territory}/${referral.patient.externalId}`)).toBe(again.pathwayId);
    });
  });
});
