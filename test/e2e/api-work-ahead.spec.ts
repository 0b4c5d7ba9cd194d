// The case manager's week over HTTP against the whole stack (default policy, so nothing passes while it
// runs): "Mes tâches", the supervisor's forecast compared week by week with the deadlines the workflows
// hold (asked of each workflow through Temporal, the other source), and the private iCalendar feed read
// back with a maintained parser (ical.js): exactly the case manager's appointments and deadlines, nothing
// else, no name; a rotated or revoked URL answers 404.
import { Client, Connection } from '@temporalio/client';
import ICAL from 'ical.js';
import { localDay, mondayOf, PathwaySummary, shiftDay } from '@pathway/domain';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { failureConverterPath, pathwayWorkflowId } from '@pathway/workflows';
import { startStack, Stack } from '../support/stack';
import { Api, awaitingAssignment, createCaseManager, expectStatus, inAssessment, inPlanValidation, isoAgo, people, referral } from './api-support';

let stack: Stack;
let api: Api;
let client: Client;
const CM_A = 'cm-week-a';
const CM_B = 'cm-week-b';
const opened: string[] = [];
const inDays = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  client = new Client({ connection, namespace: stack.temporalNamespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(stack.env)], failureConverterPath } });
  await createCaseManager(api, CM_A);
  await createCaseManager(api, CM_B);

  // A small territory at every stage: assessment (with visits booked), plan validation, follow-up, the waiting list, a referral.
  const a1 = await inAssessment(api, CM_A);
  expectStatus(await api.post(`/api/v1/pathways/${a1}/appointments`, people.caseManager(CM_A), { kind: 'HOME_VISIT', at: inDays(3), place: '12 rue des Lilas', withWhom: 'Jeanne Martin et sa fille' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${a1}/appointments`, people.caseManager(CM_A), { kind: 'PHONE_CALL', at: inDays(1) }), 200);
  const a2 = await inPlanValidation(api, CM_A);
  const a3 = await inPlanValidation(api, CM_A);
  expectStatus(await api.post(`/api/v1/pathways/${a3}/plan-acknowledgements`, people.physician, { acknowledgedAt: isoAgo(0) }), 200);
  const b1 = await inAssessment(api, CM_B);
  expectStatus(await api.post(`/api/v1/pathways/${b1}/appointments`, people.caseManager(CM_B), { kind: 'HOME_VISIT', at: inDays(9) }), 200);
  const waiting = await awaitingAssignment(api);
  const referred = await api.post('/api/v1/pathways', people.intake, referral());
  expectStatus(referred, 201);
  opened.push(a1, a2, a3, b1, waiting, referred.body.id);
}, 240_000);
afterAll(async () => {
  await client?.connection.close();
  await stack?.stop();
});

/** The other source: each workflow's own summary, by Temporal query. */
const fromWorkflows = () => Promise.all(opened.map((id) => client.workflow.getHandle(pathwayWorkflowId(id)).query<PathwaySummary>('summary')));

describe('GET /api/v1/tasks', () => {
  it("a case manager's caseload: every deadline their workflows hold, in its bucket, with the appointments beside", async () => {
    const tasks = await api.get('/api/v1/tasks', people.caseManager(CM_A));
    expectStatus(tasks, 200);
    const held = (await fromWorkflows()).filter((s) => s.caseManagerId === CM_A);
    const listed = [...tasks.body.overdue, ...tasks.body.dueToday.deadlines, ...tasks.body.thisWeek.deadlines, ...tasks.body.nextWeek.deadlines];
    const afterNextWeek = shiftDay(tasks.body.nextWeekStart, 7);
    const expected = held.flatMap((s) => s.deadlines.filter((d) => localDay(d.dueAt) < afterNextWeek).map((d) => `${s.id}:${d.kind}:${d.dueAt}`));
    expect(listed.map((d: { pathwayId: string; kind: string; dueAt: string }) => `${d.pathwayId}:${d.kind}:${d.dueAt}`).sort()).toEqual(expected.sort());
    // The first contact (7 days) is due next week or this one; the phone call of tomorrow and the visit in 3 days are beside.
    const appointments = [...tasks.body.dueToday.appointments, ...tasks.body.thisWeek.appointments, ...tasks.body.nextWeek.appointments];
    expect(appointments.map((a: { kind: string }) => a.kind).sort()).toEqual(['HOME_VISIT', 'PHONE_CALL']);
    expect(appointments.every((a: { pathwayId: string }) => a.pathwayId === opened[0])).toBe(true);
    // Another case manager's caseload is not in mine.
    expect(listed.some((d: { pathwayId: string }) => d.pathwayId === opened[3])).toBe(false);
  });

  it('is for case managers', async () => {
    expectStatus(await api.get('/api/v1/tasks', people.supervisor), 403);
  });
});

describe('GET /api/v1/supervision/forecast', () => {
  it("matches, week by week, the deadlines the territory's workflows hold", async () => {
    const forecast = await api.get('/api/v1/supervision/forecast?weeks=13', people.supervisor);
    expectStatus(forecast, 200);
    const summaries = await fromWorkflows();
    const now = Date.now();
    const weeks: string[] = forecast.body.totals.map((w: { weekStart: string }) => w.weekStart);
    expect(weeks[0]).toBe(mondayOf(localDay(new Date())));
    const countsOf = (caseManagerId?: string | null) =>
      weeks.map((monday) =>
        summaries
          .filter((s) => caseManagerId === null || s.caseManagerId === (caseManagerId ?? undefined))
          .flatMap((s) => s.deadlines)
          .filter((d) => !d.overdue && Date.parse(d.dueAt) >= now && mondayOf(localDay(d.dueAt)) === monday).length,
      );
    expect(forecast.body.totals.map((w: { due: number }) => w.due)).toEqual(countsOf(null));
    const row = (id?: string) => forecast.body.caseManagers.find((r: { caseManagerId?: string }) => r.caseManagerId === id);
    expect(row(CM_A).weeks.map((w: { due: number }) => w.due)).toEqual(countsOf(CM_A));
    expect(row(CM_B).weeks.map((w: { due: number }) => w.due)).toEqual(countsOf(CM_B));
    // The waiting list and the referral: no case manager holds their clocks.
    expect(row(undefined).weeks.map((w: { due: number }) => w.due)).toEqual(countsOf(undefined));
    // The follow-up pathway's contact comes back 30 days after the one held (within the 13 weeks): projected, apart from what is held.
    const contactDue = summaries.find((s) => s.id === opened[2])?.deadlines.find((d) => d.kind === 'contactDue')?.dueAt ?? 'no contactDue';
    const projectedWeek = mondayOf(localDay(new Date(Date.parse(contactDue) + 30 * 86_400_000)));
    expect(row(CM_A).weeks.find((w: { weekStart: string }) => w.weekStart === projectedWeek)).toMatchObject({ projected: 1 });
    expect(forecast.body.totals.reduce((n: number, w: { projected: number }) => n + w.projected, 0)).toBe(1);
    expect(row(CM_A)).toMatchObject({ active: 3, capacity: 40 });
  });
});

describe('the calendar feed', () => {
  it("holds exactly the case manager's booked appointments and deadlines, without a name; rotated or revoked, the URL answers 404", async () => {
    const cm = people.caseManager(CM_A);
    expect((await api.get('/api/v1/calendar-feed', cm)).body).toEqual({ active: false });
    const created = await api.post('/api/v1/calendar-feed', cm, {});
    expectStatus(created, 201);
    const url: string = created.body.url;
    expect(url).toMatch(/\/api\/v1\/calendar-feeds\/[A-Za-z0-9_-]{43}\/calendar\.ics$/);

    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const body = await feed.text();
    const calendar = new ICAL.Component(ICAL.parse(body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));

    const held = (await fromWorkflows()).filter((s) => s.caseManagerId === CM_A);
    const expected = held.flatMap((s) => [
      ...s.appointments.filter((a) => a.status === 'BOOKED').map((a) => ({ uid: `${s.id}.${a.id}@care-pathways`, start: a.at })),
      ...s.deadlines.map((d) => ({ uid: `${s.id}.${d.kind}${d.ref ? `.${d.ref}` : ''}@care-pathways`, start: d.dueAt })),
    ]);
    expect(events.map((e) => ({ uid: e.uid, start: e.startDate.toJSDate().toISOString() })).sort((a, b) => a.uid.localeCompare(b.uid))).toEqual(
      // iCalendar times are to the second.
      expected.map((e) => ({ uid: e.uid, start: new Date(Math.floor(Date.parse(e.start) / 1000) * 1000).toISOString() })).sort((a, b) => a.uid.localeCompare(b.uid)),
    );
    // The kind of step and the pathway's reference; no name, no place, no one met.
    const visit = events.find((e) => e.summary.startsWith('Visite à domicile'));
    expect(visit?.summary).toBe(`Visite à domicile — parcours ${opened[0].slice(0, 8)}`);
    for (const word of ['Martin', 'Jeanne', 'Lilas', 'fille', 'Alzheimer']) expect(body).not.toContain(word);

    // Rotated: the old URL is gone at once, the new one works.
    const rotated = await api.post('/api/v1/calendar-feed', cm, {});
    expectStatus(rotated, 201);
    expect((await fetch(url)).status).toBe(404);
    expect((await fetch(rotated.body.url)).status).toBe(200);
    // Revoked: 404.
    expectStatus(await api.call('DELETE', '/api/v1/calendar-feed', { token: cm }), 204);
    expect((await fetch(rotated.body.url)).status).toBe(404);
    expect((await api.get('/api/v1/calendar-feed', cm)).body).toEqual({ active: false });
  });
});
