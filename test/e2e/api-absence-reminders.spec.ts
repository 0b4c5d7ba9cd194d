// A case manager's absence over HTTP against the whole stack (issue 8): the supervisor declares it, the
// pathway moves to the covering case manager, the reminder that falls due during the absence is e-mailed
// to them (a real SMTP server), and after `to` the pathway and its next reminder are the absent one's
// again. A compressed policy puts the first-contact reminder 10 s after the assignment (P7D in
// PATHWAY.md) and the first-home-visit reminder at 30 s (P15D, 3 days before).
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { AbsenceProgress, absenceWorkflowId, failureConverterPath } from '@pathway/workflows';
import { awaitingAssignment, createCaseManager, expectProblem, expectStatus, people, TERRITORY } from './api-support';
import { eventually, mailTo, outbox, ReminderStack, startReminderStack } from './reminders-support';

const FIRST_CONTACT_S = 10;
const FIRST_HOME_VISIT_S = 30;
/** The absence ends this long after it is declared: after the first reminder, well before the second. */
const ABSENCE_S = 18;

let r: ReminderStack;
/** To wait for an absence workflow's end (its result says what moved back), which the API does not expose. */
let temporal: Client;

beforeAll(async () => {
  r = await startReminderStack({
    policy: {
      firstContactDue: `PT${FIRST_CONTACT_S}S`,
      firstHomeVisitDue: `PT${FIRST_HOME_VISIT_S}S`,
      firstHomeVisitDueReminderBefore: 'PT0S',
    },
  });
  temporal = new Client({
    connection: await Connection.connect({ address: r.stack.temporalAddress }),
    namespace: r.stack.temporalNamespace,
    dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(r.stack.env)], failureConverterPath },
  });
}, 120_000);
afterAll(async () => {
  await temporal?.connection.close();
  await r?.stop();
}, 60_000);

const emailOf = (caseManagerId: string) => `${caseManagerId}@dac.example`;
const at = (id: string, what = '') => `/api/v1/pathways/${id}${what}`;

describe('a case manager away: reminders follow the covering case manager and come back', () => {
  it('the reminder due during the absence goes to the covering case manager; after `to` the pathway and the next reminder are the absent one’s', async () => {
    const suffix = randomUUID().slice(0, 8);
    const absent = `cm-away-${suffix}`;
    const covering = `cm-cover-${suffix}`;
    await createCaseManager(r.api, absent, 40);
    // One slot: the absence takes it, and the cap holds.
    await createCaseManager(r.api, covering, 1);

    const id = await awaitingAssignment(r.api);
    expectStatus(await r.api.post(at(id, '/assignment'), people.supervisor, { caseManagerId: absent }), 200);
    const assignedAt = Date.now();

    const from = new Date().toISOString();
    const to = new Date(Date.now() + ABSENCE_S * 1000).toISOString();
    const declared = await r.api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from, to, coveredBy: [covering] });
    expectStatus(declared, 201);
    // An absence starting now is answered once the pathway has moved.
    expect(declared.body).toMatchObject({ covers: [{ pathwayId: id, coveredBy: covering, cover: { status: 'MOVED' } }] });
    // The story only holds if the move came before the first reminder fell due.
    expect(Date.now()).toBeLessThan(assignedAt + FIRST_CONTACT_S * 1000);

    const during = await r.api.get(at(id), people.supervisor);
    expectStatus(during, 200);
    expect(during.body.caseManagerId).toBe(covering);
    const caseloads = await r.api.get('/api/v1/case-managers', people.supervisor);
    expectStatus(caseloads, 200);
    const load = (caseloads.body as { id: string; active: number; capacity: number }[]).find((c) => c.id === covering);
    expect(load).toMatchObject({ active: 1, capacity: 1 });

    // The first-contact reminder falls due during the absence: e-mailed to the covering case manager only.
    const [firstReminder] = await eventually(
      () => outbox(r.db, id, 'firstContactDueReminder'),
      (rows) => rows[0]?.status === 'sent',
      'the first-contact reminder to go out',
      FIRST_CONTACT_S * 1000 + 10_000,
    );
    expect(firstReminder.sentAt?.getTime()).toBeLessThan(Date.parse(to));
    expect(firstReminder.recipientAddress).toBe(emailOf(covering));
    const toCovering = mailTo(r.catcher, emailOf(covering)).find((m) => m.messageId === firstReminder.messageId);
    expect(toCovering?.to).toEqual([emailOf(covering)]);
    expect(toCovering?.subject).toMatch(/^Jeanne Martin : premier contact avec la personne ou son aidant avant le /);
    expect(toCovering?.text).toContain(`Bonjour Case manager ${covering},`);
    // The absent case manager got no deadline reminder: at most the assignment notice (which the outbox
    // drops when it is delivered after the pathway moved, as the notice no longer holds then).
    expect(mailTo(r.catcher, emailOf(absent)).map((m) => m.subject).filter((s) => s !== 'Parcours confié : Jeanne Martin')).toEqual([]);

    // At `to` the pathway is the absent case manager's again, not before.
    const back = await eventually(
      async () => (await r.api.get(at(id), people.supervisor)).body as { caseManagerId?: string },
      (summary) => summary.caseManagerId === absent,
      'the pathway to come back at `to`',
      Date.parse(to) - Date.now() + 15_000,
    );
    expect(back.caseManagerId).toBe(absent);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(to));

    // The next reminder (first home visit) is the returning case manager's.
    const [secondReminder] = await eventually(
      () => outbox(r.db, id, 'firstHomeVisitDueReminder'),
      (rows) => rows[0]?.status === 'sent',
      'the first-home-visit reminder to go out',
      assignedAt + FIRST_HOME_VISIT_S * 1000 - Date.now() + 10_000,
    );
    expect(secondReminder.sentAt?.getTime()).toBeGreaterThan(Date.parse(to));
    expect(secondReminder.recipientAddress).toBe(emailOf(absent));
    const toAbsent = mailTo(r.catcher, emailOf(absent)).find((m) => m.messageId === secondReminder.messageId);
    expect(toAbsent?.to).toEqual([emailOf(absent)]);
    expect(toAbsent?.subject).toMatch(/^Jeanne Martin : première visite à domicile avant le /);
    // Each deadline reminder went out once, to one person: the covering one heard of the home visit never.
    const deadlineMail = (address: string) => mailTo(r.catcher, address).filter((m) => m.subject.includes(' avant le '));
    expect(deadlineMail(emailOf(covering)).map((m) => m.messageId)).toEqual([firstReminder.messageId]);
    expect(deadlineMail(emailOf(absent)).map((m) => m.messageId)).toEqual([secondReminder.messageId]);
  }, 60_000);

  it('a pathway the supervisor hands to the covering case manager before the absence begins stays theirs afterwards', async () => {
    const suffix = randomUUID().slice(0, 8);
    const absent = `cm-away-${suffix}`;
    const covering = `cm-cover-${suffix}`;
    await createCaseManager(r.api, absent, 40);
    await createCaseManager(r.api, covering, 2);
    const kept = await awaitingAssignment(r.api);
    expectStatus(await r.api.post(at(kept, '/assignment'), people.supervisor, { caseManagerId: absent }), 200);
    const handed = await awaitingAssignment(r.api);
    expectStatus(await r.api.post(at(handed, '/assignment'), people.supervisor, { caseManagerId: absent }), 200);

    const from = new Date(Date.now() + 3_000).toISOString();
    const to = new Date(Date.now() + 8_000).toISOString();
    const declared = await r.api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from, to, coveredBy: [covering] });
    expectStatus(declared, 201);
    expect(declared.body).toMatchObject({ phase: 'SCHEDULED', covers: [{ pathwayId: kept, coveredBy: covering }, { pathwayId: handed, coveredBy: covering }] });
    // Before the absence begins, the supervisor gives one of them to the covering case manager for good.
    expectStatus(await r.api.post(at(handed, '/assignment'), people.supervisor, { caseManagerId: covering }), 200);
    expect(Date.now()).toBeLessThan(Date.parse(from));

    const progress: AbsenceProgress = await temporal.workflow.getHandle(absenceWorkflowId(absent, declared.body.absenceId as string)).result();
    expect(progress).toEqual({
      phase: 'RETURNED',
      covers: [
        { pathwayId: kept, coveredBy: covering, cover: { status: 'MOVED' }, return: { status: 'MOVED' } },
        { pathwayId: handed, coveredBy: covering, cover: { status: 'SKIPPED', reason: `the pathway is already held by ${covering}` } },
      ],
    });
    expect((await r.api.get(at(kept), people.supervisor)).body.caseManagerId).toBe(absent);
    expect((await r.api.get(at(handed), people.supervisor)).body.caseManagerId).toBe(covering);
  }, 60_000);

  it('an absence with one pathway more than the cover can take: recorded, three of four move, the fourth is the supervisor’s (and so is its reminder), all four come back', async () => {
    const suffix = randomUUID().slice(0, 8);
    const absent = `cm-away-${suffix}`;
    const covers = [`cm-cover-a-${suffix}`, `cm-cover-b-${suffix}`];
    await createCaseManager(r.api, absent, 40);
    // Three slots between them for four pathways.
    await createCaseManager(r.api, covers[0], 2);
    await createCaseManager(r.api, covers[1], 1);
    const supervisorEmail = 'pilote-abs@maia.example';
    const contact = await r.api.call('PUT', `/api/v1/territories/${TERRITORY}/contacts/supervisor`, { token: people.admin, body: { name: 'Pilote MAIA', email: supervisorEmail } });
    expectStatus(contact, 200);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await awaitingAssignment(r.api);
      expectStatus(await r.api.post(at(id, '/assignment'), people.supervisor, { caseManagerId: absent }), 200);
      ids.push(id);
    }
    const lastAssignedAt = Date.now();

    const from = new Date().toISOString();
    const to = new Date(Date.now() + ABSENCE_S * 1000).toISOString();
    const declared = await r.api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from, to, coveredBy: covers });
    // Recorded, not refused: the three oldest move within the caps, the newest is left for the supervisor.
    expectStatus(declared, 201);
    expect(declared.body).toMatchObject({
      phase: 'COVERED',
      covers: [
        { pathwayId: ids[0], coveredBy: covers[0], cover: { status: 'MOVED' } },
        { pathwayId: ids[1], coveredBy: covers[0], cover: { status: 'MOVED' } },
        { pathwayId: ids[2], coveredBy: covers[1], cover: { status: 'MOVED' } },
      ],
      unplaced: [ids[3]],
    });
    expect(declared.body.covers).toHaveLength(3);
    const caseloads = await r.api.get('/api/v1/case-managers', people.supervisor);
    const loads = Object.fromEntries((caseloads.body as { id: string; active: number; capacity: number }[]).map((c) => [c.id, [c.active, c.capacity]]));
    expect([loads[covers[0]], loads[covers[1]], loads[absent]]).toEqual([[2, 2], [1, 1], [1, 40]]);

    const unplacedPath = `/api/v1/case-managers/${absent}/absences/${declared.body.absenceId}/unplaced`;
    const toPlace = await r.api.get(unplacedPath, people.supervisor);
    expectStatus(toPlace, 200);
    expect(toPlace.body).toEqual([{ pathwayId: ids[3], patient: { firstName: 'Jeanne', lastName: 'Martin' }, caseManagerId: absent, status: 'TO_PLACE' }]);

    // The unplaced pathway's first-contact reminder falls due during the absence: the supervisor's, not the absent one's.
    const [reminder] = await eventually(
      () => outbox(r.db, ids[3], 'firstContactDueReminder'),
      (rows) => rows[0]?.status === 'sent',
      'the unplaced pathway’s first-contact reminder to go out',
      lastAssignedAt + FIRST_CONTACT_S * 1000 - Date.now() + 10_000,
    );
    expect(reminder.sentAt?.getTime()).toBeLessThan(Date.parse(to));
    expect(reminder.recipientAddress).toBe(supervisorEmail);
    expect(mailTo(r.catcher, supervisorEmail).find((m) => m.messageId === reminder.messageId)?.to).toEqual([supervisorEmail]);

    // At `to` all four are the absent case manager's again, and nothing is left to place.
    await eventually(
      async () => Promise.all(ids.map(async (id) => (await r.api.get(at(id), people.supervisor)).body.caseManagerId as string)),
      (owners) => owners.every((o) => o === absent),
      'all four pathways back with their case manager after `to`',
      Date.parse(to) - Date.now() + 15_000,
    );
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(to));
    expect((await r.api.get(unplacedPath, people.supervisor)).body).toMatchObject([{ pathwayId: ids[3], caseManagerId: absent, status: 'RETURNED' }]);
  }, 90_000);

  it('a supervisor places an unplaced pathway on a case manager with room; it comes back with the others at `to`', async () => {
    const suffix = randomUUID().slice(0, 8);
    const absent = `cm-away-${suffix}`;
    const covering = `cm-cover-${suffix}`;
    const roomy = `cm-room-${suffix}`;
    await createCaseManager(r.api, absent, 40);
    await createCaseManager(r.api, covering, 1);
    await createCaseManager(r.api, roomy, 5);
    const [moved, left] = [await awaitingAssignment(r.api), await awaitingAssignment(r.api)];
    for (const id of [moved, left]) expectStatus(await r.api.post(at(id, '/assignment'), people.supervisor, { caseManagerId: absent }), 200);

    const to = new Date(Date.now() + 12_000).toISOString();
    const declared = await r.api.post(`/api/v1/case-managers/${absent}/absences`, people.supervisor, { from: new Date().toISOString(), to, coveredBy: [covering] });
    expectStatus(declared, 201);
    expect(declared.body).toMatchObject({ covers: [{ pathwayId: moved, coveredBy: covering, cover: { status: 'MOVED' } }], unplaced: [left] });
    const absence = `/api/v1/case-managers/${absent}/absences/${declared.body.absenceId}/unplaced`;

    // The covering case manager is full: refused, it stays to place.
    expectProblem(await r.api.post(`${absence}/${left}/placement`, people.supervisor, { caseManagerId: covering }), 409, /not placed on .*capacity/);
    expectProblem(await r.api.post(`${absence}/${moved}/placement`, people.supervisor, { caseManagerId: roomy }), 409, /not one this absence left unplaced/);
    const placed = await r.api.post(`${absence}/${left}/placement`, people.supervisor, { caseManagerId: roomy });
    expectStatus(placed, 200);
    expect(placed.body).toEqual({ pathwayId: left, coveredBy: roomy, cover: { status: 'MOVED' } });
    expectProblem(await r.api.post(`${absence}/${left}/placement`, people.supervisor, { caseManagerId: covering }), 409, /already placed with/);
    expect((await r.api.get(at(left), people.supervisor)).body.caseManagerId).toBe(roomy);
    expect((await r.api.get(absence, people.supervisor)).body).toMatchObject([{ pathwayId: left, caseManagerId: roomy, status: 'PLACED' }]);

    const progress: AbsenceProgress = await temporal.workflow.getHandle(absenceWorkflowId(absent, declared.body.absenceId as string)).result();
    expect(progress.covers.map((c) => [c.pathwayId, c.coveredBy, c.return?.status])).toEqual([
      [moved, covering, 'MOVED'],
      [left, roomy, 'MOVED'],
    ]);
    expect((await r.api.get(at(moved), people.supervisor)).body.caseManagerId).toBe(absent);
    expect((await r.api.get(at(left), people.supervisor)).body.caseManagerId).toBe(absent);
    // Over: nothing more to place.
    expectProblem(await r.api.post(`${absence}/${left}/placement`, people.supervisor, { caseManagerId: roomy }), 409, /the absence has ended/);
  }, 60_000);
});
