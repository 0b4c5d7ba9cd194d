import { appointmentReminderKey, withdrawnNotificationKeys } from './appointments';
import { reminderStillWanted } from './reminder-relevance';
import { summarize } from './summary';
import { DAY, JOURNEY, shiftIso, storyUpTo } from './testing/pathway-fixtures';

/** Assigned on JOURNEY.assignedAt: the first home visit is due 15 days later (2025-03-22T14:00Z). */
const assigned = () => storyUpTo('ASSESSMENT');
const firstHomeVisitDue = shiftIso(JOURNEY.assignedAt, 15 * DAY);

describe('the agenda', () => {
  it('a home visit booked before the first-home-visit deadline is shown against it, and the caregiver is reminded the day before', () => {
    const story = assigned();
    const bookedAt = shiftIso(JOURNEY.assignedAt, DAY);
    const visitAt = shiftIso(JOURNEY.assignedAt, 5 * DAY);
    const events = story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: visitAt, place: 'au domicile', withWhom: 'Claire A.' }, bookedAt, 'cm-1');
    expect(events.map((e) => e.type)).toEqual(['APPOINTMENT_BOOKED']);

    const summary = summarize(story.state, new Date(bookedAt));
    expect(summary.appointments).toEqual([expect.objectContaining({ id: 'appointment-1', kind: 'HOME_VISIT', at: visitAt, status: 'BOOKED', withWhom: 'Claire A.' })]);
    const deadline = summary.deadlines.find((d) => d.kind === 'firstHomeVisitDue');
    expect(deadline?.bookedAppointment).toEqual({ id: 'appointment-1', kind: 'HOME_VISIT', at: visitAt });
    // A phone call does not answer a home visit; the assessment is done at home, so it is shown there too.
    expect(summary.deadlines.find((d) => d.kind === 'assessmentDue')?.bookedAppointment?.id).toBe('appointment-1');

    const reminder = story.notifications.filter((n) => n.kind === 'appointmentReminder');
    expect(reminder).toEqual([
      expect.objectContaining({
        recipientRole: 'caregiver',
        recipientAddress: 'claire@example.org',
        sendAt: shiftIso(visitAt, -DAY),
        dueAt: visitAt,
        dedupeKey: appointmentReminderKey('pw-1', 'appointment-1', visitAt),
      }),
    ]);
  });

  it('a visit booked after the deadline is not shown against it', () => {
    const story = assigned();
    story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(firstHomeVisitDue, DAY) }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    const summary = summarize(story.state, new Date(shiftIso(JOURNEY.assignedAt, DAY)));
    expect(summary.deadlines.find((d) => d.kind === 'firstHomeVisitDue')?.bookedAppointment).toBeUndefined();
  });

  it('a home visit held meets the first-home-visit and first-contact deadlines, even once overdue', () => {
    const story = assigned();
    story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(firstHomeVisitDue, -DAY) }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    const after = shiftIso(firstHomeVisitDue, DAY);
    story.advanceTo(after);
    expect(story.state.clocks.find((c) => c.kind === 'firstHomeVisitDue')?.overdueSince).toBe(firstHomeVisitDue);

    const heldAt = shiftIso(firstHomeVisitDue, -DAY);
    const events = story.step({ type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE', at: heldAt }, after, 'cm-1');
    expect(events[0]).toMatchObject({ type: 'APPOINTMENT_HELD', data: { heldAt, contactChannel: 'HOME_VISIT', caregiverReminded: true } });
    expect(story.state.clocks.map((c) => c.kind)).not.toContain('firstHomeVisitDue');
    expect(story.state.clocks.map((c) => c.kind)).not.toContain('firstContactDue');
    expect(story.state.firstHomeVisitAt).toBe(heldAt);
    expect(summarize(story.state, new Date(after)).stuck.map((s) => s.code)).not.toContain('firstHomeVisitDue');
    expect(summarize(story.state, new Date(after)).appointments[0]).toMatchObject({ status: 'DONE', heldAt });
  });

  it('a missed visit leaves the clock running, and it passes', () => {
    const story = assigned();
    story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(JOURNEY.assignedAt, 3 * DAY) }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    story.step({ type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'MISSED' }, shiftIso(JOURNEY.assignedAt, 3 * DAY), 'cm-1');
    expect(story.state.clocks.map((c) => c.kind)).toContain('firstHomeVisitDue');
    story.advanceTo(shiftIso(firstHomeVisitDue, DAY));
    expect(summarize(story.state, new Date(shiftIso(firstHomeVisitDue, DAY))).stuck.map((s) => s.code)).toContain('firstHomeVisitDue');
  });

  it('moving or cancelling a visit withdraws the reminder of the time it was booked for, and the outbox would not send it', () => {
    const story = assigned();
    const first = shiftIso(JOURNEY.assignedAt, 5 * DAY);
    const second = shiftIso(JOURNEY.assignedAt, 6 * DAY);
    story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: first }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    const moved = story.step({ type: 'rescheduleAppointment', appointmentId: 'appointment-1', at: second }, shiftIso(JOURNEY.assignedAt, 2 * DAY), 'cm-1');
    expect(withdrawnNotificationKeys('pw-1', moved)).toEqual([appointmentReminderKey('pw-1', 'appointment-1', first)]);
    const reminders = story.notifications.filter((n) => n.kind === 'appointmentReminder').map((n) => n.dueAt);
    expect(reminders).toEqual([first, second]);

    const summary = summarize(story.state, new Date(second));
    expect(reminderStillWanted('appointmentReminder', { appointmentId: 'appointment-1', deadlineAt: first }, summary).send).toBe(false);
    expect(reminderStillWanted('appointmentReminder', { appointmentId: 'appointment-1', deadlineAt: second }, summary).send).toBe(true);

    const cancelled = story.step({ type: 'cancelAppointment', appointmentId: 'appointment-1' }, shiftIso(JOURNEY.assignedAt, 3 * DAY), 'cm-1');
    expect(withdrawnNotificationKeys('pw-1', cancelled)).toEqual([appointmentReminderKey('pw-1', 'appointment-1', second)]);
    expect(reminderStillWanted('appointmentReminder', { appointmentId: 'appointment-1', deadlineAt: second }, summarize(story.state, new Date(second))).send).toBe(false);
  });

  it('an appointment settled is settled: no second outcome, no move', () => {
    const story = assigned();
    story.step({ type: 'bookAppointment', kind: 'PHONE_CALL', at: shiftIso(JOURNEY.assignedAt, 2 * DAY) }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    story.step({ type: 'cancelAppointment', appointmentId: 'appointment-1' }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    const again = story.attempt({ type: 'rescheduleAppointment', appointmentId: 'appointment-1', at: shiftIso(JOURNEY.assignedAt, 4 * DAY) }, shiftIso(JOURNEY.assignedAt, DAY));
    expect(again).toMatchObject({ ok: false, rejection: { reason: 'appointment appointment-1 is already cancelled' } });
    expect(story.attempt({ type: 'cancelAppointment', appointmentId: 'appointment-9' }, shiftIso(JOURNEY.assignedAt, DAY))).toMatchObject({
      ok: false,
      rejection: { reason: 'there is no appointment appointment-9' },
    });
  });

  it('a meeting with the physician is no contact with the person: the first-contact clock keeps running', () => {
    const story = assigned();
    story.step({ type: 'bookAppointment', kind: 'PHYSICIAN_MEETING', at: shiftIso(JOURNEY.assignedAt, 2 * DAY), withWhom: 'Dr Martin' }, shiftIso(JOURNEY.assignedAt, DAY), 'cm-1');
    story.step({ type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE', at: shiftIso(JOURNEY.assignedAt, 2 * DAY) }, shiftIso(JOURNEY.assignedAt, 2 * DAY), 'cm-1');
    expect(story.state.clocks.map((c) => c.kind)).toContain('firstContactDue');
    // Nobody at home to remind: no caregiver reminder for a meeting with the physician.
    expect(story.notifications.filter((n) => n.kind === 'appointmentReminder')).toEqual([]);
  });

  it('refuses an outcome DONE without when it was held, and a booking out of the planning horizon', () => {
    const story = assigned();
    const now = shiftIso(JOURNEY.assignedAt, DAY);
    const far = story.attempt({ type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(now, 800 * DAY) }, now);
    expect(far).toMatchObject({ ok: false, rejection: { errors: [expect.objectContaining({ field: 'at' })] } });
    story.step({ type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(now, DAY) }, now, 'cm-1');
    const done = story.attempt({ type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE' }, now);
    expect(done).toMatchObject({ ok: false, rejection: { errors: [expect.objectContaining({ field: 'at' })] } });
  });
});
