// The territory's contacts over HTTP (GET /api/v1/territories/{territory}/contacts, PUT .../{role}), end to
// end: who may read and name them, and what they are for. A notice addressed to the territory's supervisor
// (a crisis, told at once) waits in the outbox, retried, while the territory has no supervisor contact, and
// reaches the supervisor's address through the real SMTP server as soon as one is named through the API.
// Then the referrer: a referral that gives the referrer's e-mail has its reorientation told at that address.
import { randomUUID } from 'node:crypto';
import { ALL_CRITERIA, createCaseManager, expectProblem, expectStatus, people, referral, token } from './api-support';
import { eventually, mailTo, outbox, ReminderStack, startReminderStack, uniquePhysician } from './reminders-support';

let r: ReminderStack;

beforeAll(async () => {
  // The default policy: nothing falls due during the test, so the only mail is what the steps send at once.
  r = await startReminderStack({ policy: {} });
}, 120_000);
afterAll(() => r?.stop(), 60_000);

/** A territory of its own per test, so no other test has named its contacts. */
function territoryOfItsOwn() {
  const territory = `T94-${randomUUID().slice(0, 6).toUpperCase()}`;
  return {
    territory,
    supervisor: token({ sub: `sup-${territory}`, roles: ['supervisor'], territory }),
    intake: token({ sub: `intake-${territory}`, roles: ['intake'], territory }),
  };
}

const put = (territory: string, role: string, tokenOf: string | undefined, body: unknown) =>
  r.api.call('PUT', `/api/v1/territories/${territory}/contacts/${role}`, { token: tokenOf, body });
const contactsOf = (territory: string, tokenOf: string) => r.api.get(`/api/v1/territories/${territory}/contacts`, tokenOf);

describe('naming the contacts of a territory', () => {
  it('a supervisor names and renames their territory’s supervisor and intake desk; GET shows what is set', async () => {
    const t = territoryOfItsOwn();
    const none = await contactsOf(t.territory, t.supervisor);
    expectStatus(none, 200);
    expect(none.body).toEqual([]);

    const named = await put(t.territory, 'supervisor', t.supervisor, { name: 'Paul Girard', email: 'paul.girard@maia.example' });
    expectStatus(named, 200);
    expect(named.body).toEqual({ territory: t.territory, role: 'supervisor', name: 'Paul Girard', email: 'paul.girard@maia.example', updatedAt: expect.any(String) });
    expectStatus(await put(t.territory, 'intake', t.supervisor, { name: 'Guichet intégré', email: 'guichet@maia.example' }), 200);

    const renamed = await put(t.territory, 'supervisor', t.supervisor, { name: 'Anne Roux', email: 'anne.roux@maia.example' });
    expectStatus(renamed, 200);
    expect(Date.parse(renamed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(named.body.updatedAt));

    const both = await contactsOf(t.territory, t.supervisor);
    expectStatus(both, 200);
    expect(both.body.map((c: { role: string; name: string; email: string }) => [c.role, c.name, c.email])).toEqual([
      ['supervisor', 'Anne Roux', 'anne.roux@maia.example'],
      ['intake', 'Guichet intégré', 'guichet@maia.example'],
    ]);
  });

  it('an admin names them in any territory; a supervisor of another territory, or another role, is 403; no token 401', async () => {
    const t = territoryOfItsOwn();
    const elsewhere = territoryOfItsOwn();
    expectStatus(await put(t.territory, 'supervisor', people.admin, { name: 'Paul Girard', email: 'paul.girard@maia.example' }), 200);
    expectStatus(await contactsOf(t.territory, people.admin), 200);

    expectProblem(await put(t.territory, 'supervisor', elsewhere.supervisor, { name: 'X', email: 'x@maia.example' }), 403, /you work in territory T94-.*; naming the contacts in territory T94-.* is not yours to do/);
    expectProblem(await contactsOf(t.territory, elsewhere.supervisor), 403, /reading the contacts in territory T94-/);
    expectProblem(await put(t.territory, 'intake', t.intake, { name: 'X', email: 'x@maia.example' }), 403, /needs one of the roles admin, supervisor/);
    expectProblem(await contactsOf(t.territory, people.caseManager('cm-1')), 403, /needs one of the roles admin, supervisor/);
    expectProblem(await put(t.territory, 'supervisor', undefined, { name: 'X', email: 'x@maia.example' }), 401, /bearer token is required/);

    // Nothing changed by the refused calls.
    expect((await contactsOf(t.territory, people.admin)).body).toEqual([expect.objectContaining({ role: 'supervisor', name: 'Paul Girard' })]);
  });

  it('400 naming each bad field: the role, the name, the e-mail, an unknown field', async () => {
    const t = territoryOfItsOwn();
    expectProblem(await put(t.territory, 'director', t.supervisor, { name: 'X', email: 'x@maia.example' }), 400, /role must be one of the following values: supervisor, intake/, 'role');
    expectProblem(await put(t.territory, 'supervisor', t.supervisor, { name: '', email: 'x@maia.example' }), 400, /name should not be empty/, 'name');
    expectProblem(await put(t.territory, 'supervisor', t.supervisor, { name: 'X', email: 'not an address' }), 400, /email must be an email/, 'email');
    expectProblem(await put(t.territory, 'supervisor', t.supervisor, { name: 'X', email: 'x@maia.example', phone: '01' }), 400, /property phone should not exist/, 'phone');
    expect((await contactsOf(t.territory, t.supervisor)).body).toEqual([]);
  });
});

describe('what the contacts are for', () => {
  it('a crisis notice to the supervisor is held, retried, while the territory has none, and reaches the address named through the API', async () => {
    const t = territoryOfItsOwn();
    const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
    await createCaseManager(r.api, caseManagerId, undefined, t.territory);
    const referred = await r.api.post('/api/v1/pathways', t.intake, referral({ territory: t.territory, physicianEmail: uniquePhysician() }));
    expectStatus(referred, 201);
    const id = referred.body.id as string;
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/eligibility`, t.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/assignment`, t.supervisor, { caseManagerId }), 200);
    const cm = token({ sub: caseManagerId, roles: ['case_manager'], territory: t.territory });
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/crises`, cm, { at: new Date(Date.now() - 60_000).toISOString(), kind: 'CAREGIVER_EXHAUSTION' }), 200);

    // No supervisor contact: the notice fails, is kept and retried (not given up).
    const [held] = await eventually(
      () => outbox(r.db, id, 'crisisOpened'),
      (rows) => rows.length === 1 && rows[0].status === 'failed' && rows[0].attempts >= 2,
      'the crisis notice to fail twice for want of a supervisor contact',
    );
    expect(held).toMatchObject({ recipientRole: 'supervisor', lastError: `no supervisor contact for territory ${t.territory} (territory_contacts)`, nextAttemptAt: expect.any(Date) });

    const address = `pilote.${randomUUID().slice(0, 8)}@maia.example`;
    expectStatus(await put(t.territory, 'supervisor', t.supervisor, { name: 'Paul Girard', email: address }), 200);

    const [mail] = await eventually(() => mailTo(r.catcher, address).filter((m) => m.text.includes(id)), (m) => m.length >= 1, "the crisis notice at the supervisor's address");
    expect(mail.text).toContain('Bonjour Paul Girard,');
    const [sent] = await eventually(() => outbox(r.db, id, 'crisisOpened'), (rows) => rows[0]?.status === 'sent', 'the notice to be recorded as sent');
    expect(sent).toMatchObject({ recipientRole: 'supervisor', lastError: null });
    expect(mailTo(r.catcher, address).filter((m) => m.text.includes(id))).toHaveLength(1);
  }, 90_000);

  it("a reorientation is told to the referrer at the e-mail the referral gave; the summary shows it", async () => {
    const referrerEmail = `adressage.${randomUUID().slice(0, 8)}@cabinet.example`;
    const body = referral({ physicianEmail: uniquePhysician() });
    const referred = await r.api.post('/api/v1/pathways', people.intake, { ...body, referral: { ...body.referral, referrerEmail } });
    expectStatus(referred, 201);
    const id = referred.body.id as string;
    expect(referred.body.referral).toMatchObject({ source: 'Dr Durand (GP)', referrerEmail });

    const refused = await r.api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, {
      decision: 'REFUSED',
      criteria: { unstableSituation: false, insufficientCare: true, noCoordinator: true },
      reorientedTo: 'CCAS du 20e',
    });
    expectStatus(refused, 200);

    const [mail] = await eventually(() => mailTo(r.catcher, referrerEmail), (m) => m.length >= 1, "the reorientation at the referrer's address");
    expect(mail.text).toContain('CCAS du 20e');
    const [row] = await eventually(() => outbox(r.db, id, 'referralReoriented'), (rows) => rows[0]?.status === 'sent', 'the notice to be recorded as sent');
    expect(row).toMatchObject({ recipientRole: 'referrer', recipientAddress: referrerEmail });
    expect((await r.api.get(`/api/v1/pathways/${id}`, people.intake)).body.referral).toMatchObject({ referrerEmail });
  }, 60_000);

  it("without the referrer's e-mail the reorientation cannot be sent, as before; a bad one is 400", async () => {
    const body = referral({ physicianEmail: uniquePhysician() });
    expectProblem(
      await r.api.post('/api/v1/pathways', people.intake, { ...body, referral: { ...body.referral, referrerEmail: 'not an address' } }),
      400,
      /referral\.referrerEmail must be an email/,
      'referral.referrerEmail',
    );
    const referred = await r.api.post('/api/v1/pathways', people.intake, body);
    expectStatus(referred, 201);
    const id = referred.body.id as string;
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'REFUSED', criteria: { unstableSituation: false, insufficientCare: true, noCoordinator: true }, reorientedTo: 'CCAS' }), 200);
    const [row] = await eventually(() => outbox(r.db, id, 'referralReoriented'), (rows) => rows[0]?.status === 'failed', 'the notice to fail');
    expect(row).toMatchObject({ recipientRole: 'referrer', recipientAddress: null, lastError: 'no address is known for the referrer', nextAttemptAt: null });
  }, 60_000);
});
