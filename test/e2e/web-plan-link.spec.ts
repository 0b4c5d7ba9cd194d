// The physician answers in one click (issue 18), in Chromium, from the e-mail the SMTP catcher received:
// the signed link opens the plan without an account, "Je valide" records the acknowledgement (FOLLOW_UP,
// acknowledged, audited); the same link again, one with a character changed, an expired one and one for a
// superseded plan version are each refused with a plain French sentence, and nothing is recorded.
import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { LOCAL_PLAN_LINK_SECRET } from '@pathway/config';
import { signPlanLink } from '@pathway/persistence';
import { expectStatus, isoAgo, people } from './api-support';
import { eventually, inAssessmentFor, inPlanValidationFor, mailTo, recordPlan, ReminderStack, startReminderStack, uniquePhysician } from './reminders-support';
import { launchBrowser, newPage } from './web-support';

let r: ReminderStack;
let browser: Browser;

beforeAll(async () => {
  [r, browser] = await Promise.all([startReminderStack({ policy: {} }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await r?.stop();
}, 60_000);

const LINK = /(http\S+\/api\/v1\/plan-links\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/;

async function linkOfPlanMail(physician: string, count = 1): Promise<string[]> {
  const mails = await eventually(() => mailTo(r.catcher, physician).filter((m) => m.subject.startsWith("Plan d'accompagnement")), (m) => m.length >= count, 'the plan e-mail');
  return mails.map((m) => {
    const found = LINK.exec(m.text)?.[1];
    if (!found) throw new Error(`no plan link in the e-mail:\n${m.text}`);
    return found;
  });
}

const acknowledgements = async (id: string, token: string) =>
  (await r.api.get(`/api/v1/pathways/${id}/timeline`, token)).body.filter((e: { type: string }) => e.type === 'PLAN_ACKNOWLEDGED');
const uses = async () => Number((await r.db.query('SELECT count(*)::int AS n FROM plan_link_uses'))[0].n);

describe('the plan link', () => {
  it('opens the plan in Chromium from the e-mail, validates it in one click, and is refused once used; nothing is recorded twice', async () => {
    const physician = uniquePhysician();
    const pathway = await inPlanValidationFor(r.api, physician);
    const cm = people.caseManager(pathway.caseManagerId);
    const [link] = await linkOfPlanMail(physician);
    expect(link.startsWith(`${r.stack.apiUrl}/api/v1/plan-links/`)).toBe(true);

    const page = await newPage(browser, r.stack.apiUrl);
    await page.goto(link);
    await expect(page.locator('h1').textContent()).resolves.toBe('Plan d’accompagnement de Jeanne Martin');
    await expect(page.getByTestId('services').textContent()).resolves.toContain('Soins infirmiers à domicile (SSIAD) — SSIAD Paris 11, daily');
    expect(await page.content()).not.toMatch(/MMSE|Zarit|déclin|chute/);
    await page.getByRole('button', { name: 'Je valide' }).click();
    await expect(page.getByTestId('recorded').textContent()).resolves.toBe('Merci : votre validation du plan de Jeanne Martin est enregistrée.');

    const summary = await r.api.get(`/api/v1/pathways/${pathway.id}`, cm);
    expect(summary.body.stage).toBe('FOLLOW_UP');
    expect(summary.body.plan.acknowledgedAt).toEqual(expect.any(String));
    const [ack] = await acknowledgements(pathway.id, cm);
    expect(ack.actor).toBe('plan-link:physician');

    // The same link again: refused, in the browser and by a direct POST; still one acknowledgement.
    await page.goto(link);
    await expect(page.getByTestId('refusal').textContent()).resolves.toMatch(/^Ce lien a déjà servi, le .* un lien ne sert qu’une fois\.$/);
    const again = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'decision=VALIDATED' });
    expect(again.status).toBe(410);
    expect(await acknowledgements(pathway.id, cm)).toHaveLength(1);

    // Audited: the page and the answer, with the pathway, without a token.
    const audit = await r.db.query(`SELECT method, route, status, pathway_id FROM audit_events WHERE route = '/api/v1/plan-links/:link' AND pathway_id = $1 ORDER BY id`, [pathway.id]);
    expect(audit.map((a: { method: string; status: number }) => `${a.method} ${a.status}`)).toEqual(['GET 200', 'POST 200', 'GET 410', 'POST 410']);
    await page.context().close();
  }, 90_000);

  it('refuses a link with one character changed, an expired one and one for a superseded plan version, each in a plain sentence, recording nothing', async () => {
    const physician = uniquePhysician();
    const pathway = await inPlanValidationFor(r.api, physician);
    const cm = people.caseManager(pathway.caseManagerId);
    const [link] = await linkOfPlanMail(physician);
    const page = await newPage(browser, r.stack.apiUrl);
    const before = await uses();

    // One character changed, in the signature and in the payload.
    const at = link.lastIndexOf('.') + 5;
    for (const forged of [`${link.slice(0, at)}${link[at] === 'A' ? 'B' : 'A'}${link.slice(at + 1)}`, link.replace('/plan-links/e', '/plan-links/f')]) {
      const answer = await page.goto(forged);
      expect(answer?.status()).toBe(403);
      await expect(page.getByTestId('refusal').textContent()).resolves.toBe('Ce lien n’est pas valide : il a pu être mal copié ou modifié. Utilisez le lien du courriel reçu, ou contactez le dispositif MAIA.');
    }

    // Expired: signed with the server's secret (the local one here), its deadline passed.
    const expired = signPlanLink({ pathwayId: pathway.id, memberId: 'physician', planVersion: 1, expiresAt: isoAgo(1) }, LOCAL_PLAN_LINK_SECRET);
    expect((await page.goto(`/api/v1/plan-links/${expired}`))?.status()).toBe(410);
    await expect(page.getByTestId('refusal').textContent()).resolves.toMatch(/^Ce lien a expiré le /);

    // Superseded: plan version 2 recorded since; the version 1 link is refused, even clicking its form.
    await page.goto(link);
    expectStatus(await r.api.post(`/api/v1/pathways/${pathway.id}/plans`, cm, { services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] }), 200);
    await page.getByRole('button', { name: 'Je valide' }).click();
    await expect(page.getByTestId('refusal').textContent()).resolves.toBe('Ce lien concerne la version 1 du plan, remplacée depuis par la version 2 : utilisez le lien du dernier courriel reçu.');

    expect(await acknowledgements(pathway.id, cm)).toEqual([]);
    expect(await uses()).toBe(before);
    expect((await r.api.get(`/api/v1/pathways/${pathway.id}`, cm)).body.stage).toBe('PLAN_VALIDATION');

    // The newer version's own e-mail carries its own link, which works ("j'ai des remarques", a comment).
    const [, second] = await linkOfPlanMail(physician, 2);
    await page.goto(second);
    await page.getByLabel('Mes remarques').fill('Prévoir un passage infirmier le soir.');
    await page.getByRole('button', { name: 'J’ai des remarques' }).click();
    await expect(page.getByTestId('recorded').textContent()).resolves.toMatch(/vos remarques sur le plan de Jeanne Martin sont enregistrées/);
    const [ack] = await acknowledgements(pathway.id, cm);
    expect(ack.data).toMatchObject({ version: 2, comment: 'Prévoir un passage infirmier le soir.' });
    await page.context().close();
  }, 90_000);

  it('with a curatelle in force, the plan counts as validated only after the physician and the legal representative both answered, each by their own link', async () => {
    const physician = uniquePhysician();
    const pathway = await inAssessmentFor(r.api, physician);
    const cm = people.caseManager(pathway.caseManagerId);
    const base = `/api/v1/pathways/${pathway.id}`;
    expectStatus(await r.api.post(`${base}/legal-protection`, cm, { kind: 'CURATELLE', certificateAt: isoAgo(3) }), 200);
    expectStatus(await r.api.post(`${base}/legal-protection/current/request`, cm, { filedAt: isoAgo(2) }), 200);
    const endsAt = new Date(Date.now() + 365 * 24 * 3600_000).toISOString();
    expectStatus(await r.api.post(`${base}/legal-protection/current/ruling`, cm, { ruledAt: isoAgo(1), outcome: 'GRANTED', measureEndsAt: endsAt, representative: 'Paul Martin' }), 200);
    const curator = `curateur.${randomUUID().slice(0, 6)}@example.org`;
    expectStatus(await r.api.post(`${base}/care-team`, cm, { member: { role: 'LEGAL_REPRESENTATIVE', name: 'Paul Martin', email: curator, relationship: 'fils, curateur' } }), 200);
    await recordPlan(r.api, pathway);

    const [physicianLink] = await linkOfPlanMail(physician);
    const [curatorMail] = await eventually(() => mailTo(r.catcher, curator), (m) => m.length >= 1, 'the plan e-mail to the curator');
    expect(curatorMail.text).toContain('Bonjour Paul Martin,');
    const curatorLink = LINK.exec(curatorMail.text)?.[1] as string;

    const page = await newPage(browser, r.stack.apiUrl);
    await page.goto(physicianLink);
    await page.getByRole('button', { name: 'Je valide' }).click();
    await expect(page.getByTestId('awaiting').textContent()).resolves.toMatch(/attend encore l’accord de l’autre signataire/);
    let summary = (await r.api.get(base, cm)).body;
    expect(summary.stage).toBe('PLAN_VALIDATION');
    expect(summary.plan.acknowledgedAt).toBeUndefined();
    expect(summary.plan.acknowledgements.map((a: { memberId: string }) => a.memberId)).toEqual(['physician']);

    await page.goto(curatorLink);
    await expect(page.locator('body').textContent()).resolves.toContain('En tant que représentant légal');
    await page.getByRole('button', { name: 'Je valide' }).click();
    await expect(page.getByTestId('recorded').textContent()).resolves.toMatch(/votre validation du plan de Jeanne Martin est enregistrée/);
    summary = (await r.api.get(base, cm)).body;
    expect(summary.stage).toBe('FOLLOW_UP');
    expect(summary.plan.acknowledgedAt).toEqual(expect.any(String));
    expect(summary.plan.acknowledgements.map((a: { memberId: string }) => a.memberId)).toEqual(['physician', 'm1']);
    await page.context().close();
  }, 90_000);
});
