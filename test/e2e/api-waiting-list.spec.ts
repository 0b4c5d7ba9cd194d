// Waiting-list offers (PATHWAY.md "Rules from practice", issue 8) over HTTP against the whole stack:
// a case manager whose caseload drops below capacity is offered the oldest waiting pathway of their
// territory; the supervisor is told and accepts or declines, or the policy assigns it by itself.
import { DataSource } from 'typeorm';
import { createDataSource, setTerritoryContact } from '@pathway/persistence';
import { Api, awaitingAssignment, createCaseManager, expectProblem, expectStatus, Json, referral, token } from './api-support';
import { eventually, startSupervisionStack, SupervisionStack } from './supervision-support';

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

/** One territory per test, with its own intake, supervisor and case managers, so tests do not see each other. */
function territoryOf(name: string) {
  const territory = `T-WL-${name}`;
  return {
    territory,
    intake: token({ sub: `intake-${name}`, roles: ['intake'], territory }),
    supervisor: token({ sub: `sup-${name}`, roles: ['supervisor'], territory }),
    caseManager: (id: string) => token({ sub: id, roles: ['case_manager'], territory }),
  };
}
type Territory = ReturnType<typeof territoryOf>;

/** A pathway of the territory waiting for a case manager, referred `hours` ago. */
const waiting = (api: Api, t: Territory, hours: number) => awaitingAssignment(api, referral({ territory: t.territory, referredAt: hoursAgo(hours) }), t.intake);

async function assigned(api: Api, t: Territory, caseManagerId: string, hours = 48): Promise<string> {
  const id = await waiting(api, t, hours);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, t.supervisor, { caseManagerId }), 200);
  return id;
}

const openOffers = async (api: Api, t: Territory): Promise<Json[]> => {
  const answer = await api.get('/api/v1/supervision/waiting-list/offers', t.supervisor);
  expectStatus(answer, 200);
  return answer.body;
};

const close = async (api: Api, t: Territory, pathwayId: string) => expectStatus(await api.post(`/api/v1/pathways/${pathwayId}/closure`, t.supervisor, { reason: 'MOVED' }), 200);

const pathway = async (api: Api, t: Territory, id: string): Promise<Json> => (await api.get(`/api/v1/pathways/${id}`, t.supervisor)).body;

/** A case manager holding one pathway at capacity 1 closes it; returns the offer made to them. */
async function offerAfterClosure(api: Api, t: Territory, caseManagerId: string, oldestWaiting: string): Promise<Json> {
  await createCaseManager(api, caseManagerId, 1, t.territory);
  const held = await assigned(api, t, caseManagerId);
  expect(await openOffers(api, t)).toEqual([]);
  await close(api, t, held);
  const { value } = await eventually(() => openOffers(api, t), (offers) => offers.length > 0, `an offer to ${caseManagerId}`);
  expect(value).toEqual([expect.objectContaining({ pathwayId: oldestWaiting, caseManagerId, status: 'OFFERED' })]);
  return value[0];
}

describe('waiting-list offers (the supervisor confirms)', () => {
  let s: SupervisionStack;
  let db: DataSource;
  beforeAll(async () => {
    s = await startSupervisionStack({});
    db = createDataSource(s.stack.databaseUrl, { poolSize: 2 });
    await db.initialize();
  }, 180_000);
  afterAll(async () => {
    await db?.destroy();
    await s?.stop();
  });

  it("a full case manager closes a pathway: the territory's oldest waiting pathway is offered to them, the supervisor is told, accepting assigns it", async () => {
    const t = territoryOf('ACCEPT');
    await setTerritoryContact(db, { territory: t.territory, role: 'supervisor', name: 'Paul Girard', email: 'paul.girard@dac.example' });
    const newer = await waiting(s.api, t, 2);
    const oldest = await waiting(s.api, t, 5);

    const offer = await offerAfterClosure(s.api, t, 'cm-wl-anna', oldest);
    expect(offer).toMatchObject({ offerId: expect.any(String), caseManagerName: 'Case manager cm-wl-anna', territory: t.territory, offeredAt: expect.any(String), patient: { lastName: 'Martin' } });

    const list = await s.api.get('/api/v1/supervision/waiting-list', t.supervisor);
    expectStatus(list, 200);
    expect(list.body.map((w: Json) => [w.pathwayId, w.offeredTo])).toEqual([
      [oldest, { offerId: offer.offerId, caseManagerId: 'cm-wl-anna', offeredAt: offer.offeredAt }],
      [newer, null],
    ]);
    const reminders = await s.api.get(`/api/v1/reminders?pathwayId=${oldest}`, t.supervisor);
    expectStatus(reminders, 200);
    expect(reminders.body).toContainEqual(expect.objectContaining({ pathwayId: oldest, kind: 'waitingListOffer', recipientRole: 'supervisor', channel: 'email' }));
    const [outbox] = await db.query(`SELECT recipient_address, dedupe_key FROM reminders WHERE pathway_id = $1 AND kind = 'waitingListOffer'`, [oldest]);
    expect(outbox).toEqual({ recipient_address: 'paul.girard@dac.example', dedupe_key: `waitingListOffer:${offer.offerId}` });

    const accepted = await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/accept`, t.supervisor, {});
    expectStatus(accepted, 200);
    expect(accepted.body).toMatchObject({ offerId: offer.offerId, status: 'ACCEPTED', decidedBy: 'sup-ACCEPT', decidedAt: expect.any(String) });
    expect(await pathway(s.api, t, oldest)).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-wl-anna' });
    expect(await openOffers(s.api, t)).toEqual([]);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/accept`, t.supervisor, {}), 409, /the offer is ACCEPTED/);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/decline`, t.supervisor, {}), 409, /the offer is ACCEPTED/);
  });

  it('declining leaves the pathway waiting, with no offer', async () => {
    const t = territoryOf('DECLINE');
    const oldest = await waiting(s.api, t, 5);
    const offer = await offerAfterClosure(s.api, t, 'cm-wl-bruno', oldest);

    const declined = await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/decline`, t.supervisor, { reason: 'lives outside her sector' });
    expectStatus(declined, 200);
    expect(declined.body).toMatchObject({ status: 'DECLINED', reason: 'lives outside her sector', decidedBy: 'sup-DECLINE' });
    expect(await pathway(s.api, t, oldest)).toMatchObject({ stage: 'AWAITING_ASSIGNMENT' });
    expect((await pathway(s.api, t, oldest)).caseManagerId).toBeUndefined();
    const list = await s.api.get('/api/v1/supervision/waiting-list', t.supervisor);
    expect(list.body).toEqual([expect.objectContaining({ pathwayId: oldest, offeredTo: null })]);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/accept`, t.supervisor, {}), 409, /the offer is DECLINED/);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/decline`, t.supervisor, { reason: '' }), 400, /reason should not be empty/, 'reason');
  });

  it('a reassignment away from a full case manager offers them the oldest waiting pathway', async () => {
    const t = territoryOf('MOVE');
    await createCaseManager(s.api, 'cm-wl-chloe', 1, t.territory);
    await createCaseManager(s.api, 'cm-wl-dan', 5, t.territory);
    const held = await assigned(s.api, t, 'cm-wl-chloe');
    const oldest = await waiting(s.api, t, 5);
    expect(await openOffers(s.api, t)).toEqual([]);

    expectStatus(await s.api.post(`/api/v1/pathways/${held}/assignment`, t.supervisor, { caseManagerId: 'cm-wl-dan' }), 200);

    const { value } = await eventually(() => openOffers(s.api, t), (offers) => offers.length > 0, 'an offer to cm-wl-chloe');
    expect(value).toEqual([expect.objectContaining({ pathwayId: oldest, caseManagerId: 'cm-wl-chloe' })]);
  });

  it('409 when the case manager is full again at accept time: nothing is assigned and the offer is withdrawn', async () => {
    const t = territoryOf('FULL');
    const oldest = await waiting(s.api, t, 5);
    const other = await waiting(s.api, t, 3);
    const offer = await offerAfterClosure(s.api, t, 'cm-wl-elsa', oldest);
    expectStatus(await s.api.post(`/api/v1/pathways/${other}/assignment`, t.supervisor, { caseManagerId: 'cm-wl-elsa' }), 200);

    const refused = await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/accept`, t.supervisor, {});
    expectProblem(refused, 409, /case manager cm-wl-elsa is at capacity \(1 of 1 active pathways\)/);
    expect(refused.body).toMatchObject({ reason: 'the case manager is at capacity' });
    expect(await pathway(s.api, t, oldest)).toMatchObject({ stage: 'AWAITING_ASSIGNMENT' });
    expect(await openOffers(s.api, t)).toEqual([]);
    const [row] = await db.query(`SELECT status, reason FROM waiting_list_offers WHERE id = $1`, [offer.offerId]);
    expect(row).toEqual({ status: 'WITHDRAWN', reason: expect.stringMatching(/at capacity/) });
  });

  it('409 when the pathway was assigned to someone else meanwhile: it is not moved', async () => {
    const t = territoryOf('TAKEN');
    await createCaseManager(s.api, 'cm-wl-fred', 5, t.territory);
    const oldest = await waiting(s.api, t, 5);
    const offer = await offerAfterClosure(s.api, t, 'cm-wl-gina', oldest);
    expectStatus(await s.api.post(`/api/v1/pathways/${oldest}/assignment`, t.supervisor, { caseManagerId: 'cm-wl-fred' }), 200);

    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/accept`, t.supervisor, {}), 409, /no longer waits for a case manager \(stage ASSESSMENT\)/);
    expect(await pathway(s.api, t, oldest)).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-wl-fred' });
  });

  it('an absent case manager is offered nothing when their slots are freed', async () => {
    const t = territoryOf('AWAY');
    await createCaseManager(s.api, 'cm-wl-hugo', 1, t.territory);
    await createCaseManager(s.api, 'cm-wl-ines', 5, t.territory);
    const held = await assigned(s.api, t, 'cm-wl-hugo');
    await waiting(s.api, t, 5);

    const absence = await s.api.post('/api/v1/case-managers/cm-wl-hugo/absences', t.supervisor, {
      from: new Date(Date.now() - 60_000).toISOString(),
      to: new Date(Date.now() + 86_400_000).toISOString(),
      coveredBy: ['cm-wl-ines'],
    });
    expectStatus(absence, 201);
    expect(absence.body.covers).toEqual([expect.objectContaining({ pathwayId: held, coveredBy: 'cm-wl-ines', cover: { status: 'MOVED' } })]);

    // The move freed cm-wl-hugo's slot inside the assignment the absence answered after, and the offer
    // is made (or not) inside that same activity (worker pathway-activities.ts awaits slotFreed), so by
    // now an offer would be there: reading the offers here is after the event, not before it.
    const caseloads = await s.api.get('/api/v1/supervision/caseloads', t.supervisor);
    expect(caseloads.body).toContainEqual(expect.objectContaining({ caseManagerId: 'cm-wl-hugo', active: 0 }));
    expect(await openOffers(s.api, t)).toEqual([]);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM waiting_list_offers WHERE case_manager_id = 'cm-wl-hugo'`);
    expect(n).toBe(0);
  });

  it('403 outside the territory or for another role, 404 for an unknown offer, 400 for an unknown field', async () => {
    const t = territoryOf('AUTHZ');
    const oldest = await waiting(s.api, t, 5);
    const offer = await offerAfterClosure(s.api, t, 'cm-wl-jade', oldest);
    const stranger = token({ sub: 'sup-elsewhere', roles: ['supervisor'], territory: 'T-WL-ELSEWHERE' });
    const accept = (id: string, who: string) => s.api.post(`/api/v1/supervision/waiting-list/offers/${id}/accept`, who, {});

    expectProblem(await accept(offer.offerId, stranger), 403, /territory T-WL-ELSEWHERE; accepting a waiting-list offer in territory T-WL-AUTHZ is not yours/);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/decline`, stranger, {}), 403, /not yours/);
    expectProblem(await accept(offer.offerId, t.caseManager('cm-wl-jade')), 403, /needs one of the roles supervisor/);
    expectProblem(await accept(offer.offerId, t.intake), 403, /needs one of the roles supervisor/);
    expectProblem(await s.api.get(`/api/v1/supervision/waiting-list/offers?territory=${t.territory}`, stranger), 403, /you supervise territory T-WL-ELSEWHERE/);
    expectProblem(await accept('6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5', t.supervisor), 404, /no waiting-list offer/);
    expectProblem(await accept('not-an-id', t.supervisor), 404, /no waiting-list offer not-an-id/);
    expectProblem(await s.api.post(`/api/v1/supervision/waiting-list/offers/${offer.offerId}/decline`, t.supervisor, { why: 'x' }), 400, /property why should not exist/, 'why');
    // None of this decided the offer.
    expect(await openOffers(s.api, t)).toEqual([expect.objectContaining({ offerId: offer.offerId, status: 'OFFERED' })]);
  });
});

describe('waiting-list offers with the policy waitingListAutoAssign', () => {
  let s: SupervisionStack;
  let db: DataSource;
  beforeAll(async () => {
    s = await startSupervisionStack({ waitingListAutoAssign: true });
    db = createDataSource(s.stack.databaseUrl, { poolSize: 2 });
    await db.initialize();
  }, 180_000);
  afterAll(async () => {
    await db?.destroy();
    await s?.stop();
  });

  it('the oldest waiting pathway is assigned to the case manager with no supervisor action, and no supervisor notice', async () => {
    const t = territoryOf('AUTO');
    await createCaseManager(s.api, 'cm-wl-karl', 1, t.territory);
    const held = await assigned(s.api, t, 'cm-wl-karl');
    const newer = await waiting(s.api, t, 2);
    const oldest = await waiting(s.api, t, 5);

    await close(s.api, t, held);

    await eventually(() => pathway(s.api, t, oldest), (p) => p.stage === 'ASSESSMENT', 'the oldest waiting pathway assigned');
    expect(await pathway(s.api, t, oldest)).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-wl-karl' });
    expect(await pathway(s.api, t, newer)).toMatchObject({ stage: 'AWAITING_ASSIGNMENT' });
    // Recorded right after the Update answers.
    const { value: offers } = await eventually(
      () => db.query(`SELECT pathway_id, status, decided_by FROM waiting_list_offers WHERE case_manager_id = 'cm-wl-karl'`) as Promise<Json[]>,
      (rows) => rows.every((row) => row.status !== 'OFFERED'),
      'the offer recorded as auto-assigned',
    );
    expect(offers).toEqual([{ pathway_id: oldest, status: 'AUTO_ASSIGNED', decided_by: 'policy:waitingListAutoAssign' }]);
    const reminders = await s.api.get(`/api/v1/reminders?pathwayId=${oldest}`, t.supervisor);
    expect(reminders.body.filter((r: Json) => r.kind === 'waitingListOffer')).toEqual([]);
    expect(await openOffers(s.api, t)).toEqual([]);
  });
});
