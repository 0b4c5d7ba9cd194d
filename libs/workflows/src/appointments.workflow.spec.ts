/**
 * The agenda on the time-skipping test server, default policy: a home visit booked before the first-home-visit
 * deadline, moved, held; the caregiver's reminder of it the day before, the one of the first time withdrawn;
 * a visit missed leaves the deadline to pass; a cancelled one withdraws its reminder.
 */
import { DEFAULT_POLICY, PathwaySummary, appointmentReminderKey } from '@pathway/domain';
import { step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, dueAtOf, expectAt, HOUR, WorkflowTestHarness } from './testing/harness';

describe('the agenda (time-skipping test server, default policy)', () => {
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

  it('a home visit booked, moved and held meets the first-home-visit deadline; the caregiver is reminded of the new time only', async () => {
    const io = withCaseManager();
    await h.withWorker(io, async (taskQueue) => {
      const { handle, pathwayId } = await h.open(taskQueue, { policy: DEFAULT_POLICY });
      const assigned = await bringTo(h, handle, 'ASSESSMENT');
      const due = dueAtOf(assigned, 'firstHomeVisitDue');

      const first = new Date(Date.parse(due) - 5 * DAY).toISOString();
      let summary: PathwaySummary = await step(handle, { type: 'bookAppointment', kind: 'HOME_VISIT', at: first, place: 'au domicile', withWhom: 'Claire Martin' });
      expect(summary.deadlines.find((d) => d.kind === 'firstHomeVisitDue')?.bookedAppointment).toEqual({ id: 'appointment-1', kind: 'HOME_VISIT', at: first });

      const second = new Date(Date.parse(due) - 3 * DAY).toISOString();
      summary = await step(handle, { type: 'rescheduleAppointment', appointmentId: 'appointment-1', at: second });
      expect(summary.appointments[0]).toMatchObject({ status: 'BOOKED', at: second, previousAt: [first] });
      expect(io.withdrawn).toEqual([appointmentReminderKey(pathwayId, 'appointment-1', first)]);
      expect(io.sent('appointmentReminder').map((n) => [n.sendAt, n.dueAt])).toEqual([
        [new Date(Date.parse(first) - DAY).toISOString(), first],
        [new Date(Date.parse(second) - DAY).toISOString(), second],
      ]);

      await h.sleepUntil(second, HOUR);
      summary = await step(handle, { type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE', at: second });
      expect(summary.deadlines.map((d) => d.kind)).not.toContain('firstHomeVisitDue');
      expect(summary.appointments[0]).toMatchObject({ status: 'DONE', heldAt: second });
      expect(io.withdrawn).toContain(appointmentReminderKey(pathwayId, 'appointment-1', second));

      await h.sleepUntil(due, HOUR);
      expect(io.about('firstHomeVisitDue').filter((n) => n.kind === 'firstHomeVisitDueOverdue')).toEqual([]);
    });
  }, 120_000);

  it('a missed home visit leaves the first-home-visit deadline to pass; a cancelled meeting withdraws its reminder', async () => {
    const io = withCaseManager();
    await h.withWorker(io, async (taskQueue) => {
      const { handle, pathwayId } = await h.open(taskQueue, { policy: DEFAULT_POLICY });
      const assigned = await bringTo(h, handle, 'ASSESSMENT');
      const due = dueAtOf(assigned, 'firstHomeVisitDue');

      const visit = new Date(Date.parse(due) - 4 * DAY).toISOString();
      await step(handle, { type: 'bookAppointment', kind: 'HOME_VISIT', at: visit });
      const meeting = new Date(Date.parse(due) - 2 * DAY).toISOString();
      await step(handle, { type: 'bookAppointment', kind: 'FAMILY_MEETING', at: meeting, withWhom: 'la famille Martin' });
      let summary = await step(handle, { type: 'cancelAppointment', appointmentId: 'appointment-2', note: 'la fille est malade' });
      expect(summary.appointments.find((a) => a.id === 'appointment-2')?.status).toBe('CANCELLED');
      expect(io.withdrawn).toEqual([appointmentReminderKey(pathwayId, 'appointment-2', meeting)]);

      await h.sleepUntil(visit, HOUR);
      summary = await step(handle, { type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'MISSED', note: 'personne au domicile' });
      expect(summary.deadlines.map((d) => d.kind)).toContain('firstHomeVisitDue');

      await h.sleepUntil(due);
      const overdue = io.sent('firstHomeVisitDueOverdue');
      expect(overdue.map((n) => n.recipientRole)).toEqual(['supervisor']);
      expectAt(overdue[0].sendAt, due);
    });
  }, 120_000);
});
