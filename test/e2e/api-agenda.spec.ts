// The agenda over HTTP against the whole stack, a worker e-mailing a real SMTP server (the infra/ catcher)
// and a compressed policy: the first home visit due 45 s after the assignment, its reminder to the case
// manager 25 s before, the caregiver told of a booked visit 15 s before it.
// - a home visit recorded before the deadline: the pathway never reaches the stuck list, the case manager's
//   reminder of the deadline is never written, and the caregiver's reminder of the visit is withdrawn, not sent;
// - a visit held before the deadline but recorded after it: the pathway leaves the stuck list;
// - a missed visit: the clock keeps running, the pathway is stuck once it passes; the caregiver had the reminder.
import { randomUUID } from 'node:crypto';
import { eventuallyValue } from '@pathway/testing';
import { Api, createCaseManager, expectProblem, expectStatus, isoAgo, people, referral } from './api-support';
import { ReminderStack, startReminderStack, mailTo } from './reminders-support';
import { stuckList } from './supervision-support';

const POLICY = { firstHomeVisitDue: 'PT45S', firstHomeVisitDueReminderBefore: 'PT25S', appointmentReminderBefore: 'PT15S' };
const CM = 'cm-agenda';

let s: ReminderStack;
let api: Api;
const cm = people.caseManager(CM);

beforeAll(async () => {
  s = await startReminderStack({ policy: POLICY });
  api = s.api;
  await createCaseManager(api, CM);
}, 180_000);
afterAll(async () => {
  await s?.stop();
});

interface Reminder {
  kind: string;
  status: string;
  recipientRole: string;
  dueAt: string;
}

/** Assigned to CM with consent, its caregiver at an address of its own (so a test reads only its own mail). */
async function assignedPathway(): Promise<{ id: string; caregiverEmail: string; dueAt: string }> {
  const caregiverEmail = `aidant-${randomUUID().slice(0, 8)}@famille.example`;
  const body = referral();
  body.caregiver.email = caregiverEmail;
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  const id = referred.body.id as string;
  expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } }), 200);
  const assigned = await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId: CM });
  expectStatus(assigned, 200);
  const dueAt = assigned.body.deadlines.find((d: { kind: string }) => d.kind === 'firstHomeVisitDue').dueAt as string;
  return { id, caregiverEmail, dueAt };
}

const reminders = async (id: string) => (await api.get<Reminder[]>(`/api/v1/reminders?pathwayId=${id}`, cm)).body;
const onStuckList = async (id: string) => (await stuckList(api, people.supervisor)).find((e) => e.pathwayId === id);
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString();

describe('the agenda and the first-home-visit deadline', () => {
  it('a home visit recorded before the deadline: never stuck, no reminder of the deadline, the caregiver reminder withdrawn; a missed one leaves the clock to pass', async () => {
    const held = await assignedPathway();
    const missed = await assignedPathway();
    const cmBooks = (id: string, body: Record<string, unknown>, key?: string) => api.post(`/api/v1/pathways/${id}/appointments`, cm, body, { idempotencyKey: key });

    // ---- held: booked for later, held early (the caregiver called: "come now"), recorded at once ----
    const booking = { kind: 'HOME_VISIT', at: inSeconds(30), place: 'au domicile', withWhom: 'Claire Martin' };
    const booked = await cmBooks(held.id, booking, `book-${held.id}`);
    expectStatus(booked, 200);
    expect(booked.body.appointmentId).toBe('appointment-1');
    expect(booked.body.deadlines.find((d: { kind: string }) => d.kind === 'firstHomeVisitDue').bookedAppointment).toMatchObject({ id: 'appointment-1', kind: 'HOME_VISIT' });
    // The same key: the first answer, no second appointment.
    expect((await cmBooks(held.id, booking, `book-${held.id}`)).body.appointments).toHaveLength(1);
    await eventuallyValue(() => reminders(held.id), (rs) => rs.some((r) => r.kind === 'appointmentReminder' && r.status === 'scheduled'), {
      message: "the caregiver's reminder of the booked visit in the outbox",
    });

    const done = await api.post(`/api/v1/pathways/${held.id}/appointments/appointment-1/outcome`, cm, { outcome: 'DONE', at: isoAgo(0) });
    expectStatus(done, 200);
    expect(done.body.deadlines.map((d: { kind: string }) => d.kind)).not.toContain('firstHomeVisitDue');
    expect(done.body.appointments[0]).toMatchObject({ status: 'DONE' });
    // Settled: a second outcome is refused with the reason.
    expectProblem(await api.post(`/api/v1/pathways/${held.id}/appointments/appointment-1/outcome`, cm, { outcome: 'MISSED' }), 409, /already done/);
    await eventuallyValue(() => reminders(held.id), (rs) => rs.find((r) => r.kind === 'appointmentReminder')?.status === 'cancelled', {
      message: "the caregiver's reminder withdrawn from the outbox",
    });

    // ---- missed: booked, the caregiver reminded, nobody home ----
    const visitAt = inSeconds(20);
    expectStatus(await cmBooks(missed.id, { kind: 'HOME_VISIT', at: visitAt, place: '12 rue des Lilas' }), 200);
    const mail = await eventuallyValue(() => mailTo(s.catcher, missed.caregiverEmail), (m) => m.length > 0, {
      timeoutMs: 40_000,
      message: "the caregiver's reminder of the booked visit, by e-mail",
    });
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toMatch(/^Rappel : rendez-vous le /);
    expect(mail[0].text).toContain('la visite à domicile');
    expect(mail[0].text).toContain('12 rue des Lilas');
    const noShow = await api.post(`/api/v1/pathways/${missed.id}/appointments/appointment-1/outcome`, cm, { outcome: 'MISSED', note: 'personne au domicile' });
    expectStatus(noShow, 200);
    expect(noShow.body.deadlines.map((d: { kind: string }) => d.kind)).toContain('firstHomeVisitDue');

    // The missed pathway's deadline passes after the held one's (assigned later): once it is on the stuck
    // list, both deadlines have passed.
    expect(Date.parse(missed.dueAt)).toBeGreaterThanOrEqual(Date.parse(held.dueAt));
    await eventuallyValue(() => onStuckList(missed.id), (e) => e?.code === 'firstHomeVisitDue', {
      timeoutMs: Date.parse(missed.dueAt) - Date.now() + 20_000,
      message: 'the missed visit\'s pathway on the stuck list once its first-home-visit deadline passed',
    });
    expect((await reminders(missed.id)).filter((r) => r.kind === 'firstHomeVisitDueReminder')).toHaveLength(1);

    expect(await onStuckList(held.id)).toBeUndefined();
    const outbox = await reminders(held.id);
    expect(outbox.filter((r) => r.kind.startsWith('firstHomeVisitDue'))).toEqual([]);
    expect(outbox.find((r) => r.kind === 'appointmentReminder')).toMatchObject({ status: 'cancelled', recipientRole: 'caregiver' });
    expect(mailTo(s.catcher, held.caregiverEmail)).toEqual([]);
  }, 150_000);

  it('a visit held before the deadline but recorded after it takes the pathway off the stuck list', async () => {
    const { id, dueAt } = await assignedPathway();
    await eventuallyValue(() => onStuckList(id), (e) => e?.code === 'firstHomeVisitDue', {
      timeoutMs: Date.parse(dueAt) - Date.now() + 20_000,
      message: 'the pathway on the stuck list for its first home visit',
    });
    const heldAt = new Date(Date.parse(dueAt) - 5000).toISOString();
    const booked = await api.post(`/api/v1/pathways/${id}/appointments`, cm, { kind: 'HOME_VISIT', at: heldAt });
    expectStatus(booked, 200);
    expectStatus(await api.post(`/api/v1/pathways/${id}/appointments/${booked.body.appointmentId}/outcome`, cm, { outcome: 'DONE', at: heldAt }), 200);
    // The step answers once the projection is written: already off the list.
    expect(await onStuckList(id)).toBeUndefined();
  }, 120_000);
});
