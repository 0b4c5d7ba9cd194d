// The attending physician in a real browser (the Chromium of npm ci, driven by playwright-core) against the
// whole stack: signed in on the demo page, they see their own patients, the plan waiting for their visa
// first with the date it is due, acknowledge it on the pathway page, and the pathway moves on to
// follow-up. Screenshots go to tmp/screenshots/physician-*.png.
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, people, referral, token } from './api-support';
import { eventually, expectAccessible, newPage, shot, signInAs, textOf, startWebStack, WebStack } from './web-support';

const MOREAU = { name: 'Dr Claire Moreau', email: 'dr.moreau@cabinet.example' };
const DURAND = { name: 'Dr Paul Durand', email: 'dr.durand@cabinet.example' };

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;

beforeAll(async () => {
  web = await startWebStack();
  ({ stack, api, browser } = web);
}, 120_000);

afterAll(() => web?.stop());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const cm = people.caseManager('cm-louise');

/** Referred (naming `physician`), accepted, assigned to cm-louise, consent given: in ASSESSMENT. */
async function inAssessment(firstName: string, lastName: string, physician: { name: string; email: string }, referredMinutesAgo: number): Promise<string> {
  const body = referral({ externalId: `NIR-${randomUUID()}`, referredAt: minutesAgo(referredMinutesAgo) });
  body.patient = { ...body.patient, firstName, lastName };
  body.physician = physician;
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  const id = referred.body.id as string;
  expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId: 'cm-louise' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, cm, { given: true, at: minutesAgo(5) }), 200);
  return id;
}

/** ... assessed, plan recorded: the plan waits for the physician's visa (PLAN_VALIDATION). */
async function inPlanValidation(firstName: string, lastName: string, physician: { name: string; email: string }, referredMinutesAgo: number): Promise<string> {
  const id = await inAssessment(firstName, lastName, physician, referredMinutesAgo);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assessments`, cm, { performedAt: minutesAgo(4), mmse: 17, gir: 4, zarit: 40, summary: 'déclin modéré' }), 200);
  const plan = await api.post(`/api/v1/pathways/${id}/plans`, cm, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: new Date().toISOString().slice(0, 10) }] });
  expectStatus(plan, 200);
  expect(plan.body.stage).toBe('PLAN_VALIDATION');
  return id;
}

async function rowNames(page: Page, testId: string): Promise<string[]> {
  return page.getByTestId(testId).locator('tbody tr th').allInnerTexts();
}

describe('the attending physician, in a browser, against the whole stack', () => {
  it('signs in on the demo page, sees the plan waiting for their visa first, acknowledges it, and the pathway moves to follow-up', async () => {
    const awaiting = await inPlanValidation('Lucien', 'Petit', MOREAU, 120);
    // Referred later: the API lists it first (newest referral first); the physician's page must not.
    const assessing = await inAssessment('Simone', 'Roux', MOREAU, 30);
    // Another physician's patient, with a plan to acknowledge too: not Dr Moreau's to see.
    await inPlanValidation('Jeanne', 'Martin', DURAND, 60);
    const listed = await api.get('/api/v1/pathways', token({ sub: MOREAU.email, roles: ['physician'], email: MOREAU.email }));
    expect((listed.body.items as Array<{ id: string }>).map((p) => p.id)).toEqual([assessing, awaiting]);

    const page = await newPage(browser, stack.apiUrl);
    await page.goto('/');
    await page.waitForURL('**/connexion');
    const physicians = page.getByRole('region', { name: 'Médecins traitants' });
    await physicians.waitFor();
    expect(await physicians.getByRole('button').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining(MOREAU.name), expect.stringContaining(DURAND.name)]));
    await shot(page, 'physician-sign-in');

    await signInAs(page, MOREAU.name);
    await page.waitForURL('**/patients');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Mes patients');
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link').allInnerTexts()).toEqual(['Mes patients']);
    expect(await page.locator('.who').innerText()).toMatch(/Dr Claire Moreau \(médecin traitant, T75-EST\)/);

    // The plan to acknowledge first, with the date the visa is due (P14D by default: in two weeks).
    const toAcknowledge = page.getByTestId('plans-a-viser');
    await toAcknowledge.waitFor();
    expect(await rowNames(page, 'plans-a-viser')).toEqual(['PETIT Lucien']);
    const dueCell = toAcknowledge.locator('tbody tr').first().locator('td').nth(1);
    // The due date comes with the pathway's summary, read after the list.
    const due = await eventually(() => dueCell.innerText(), (text) => /dans/.test(text), 10_000);
    expect(due).toMatch(/\d{4}.*\(dans 14 jours\)/);
    expect(await rowNames(page, 'autres-patients')).toEqual(['ROUX Simone']);
    expect(await page.locator('main').innerText()).not.toMatch(/MARTIN Jeanne/);
    await expectAccessible(page, 'physician patients');
    await shot(page, 'physician-patients');

    // On the pathway page, the visa's form opens by itself: the step the stage waits for, and the only one of theirs.
    await page.getByRole('link', { name: 'PETIT Lucien' }).click();
    await page.waitForURL(`**/parcours/${awaiting}`);
    expect(await textOf(page.getByTestId('stage'), 'Validation du plan')).toBe('Validation du plan');
    const visa = page.locator('form[data-step="acknowledgePlan"]');
    await visa.waitFor();
    const offered = page.locator('.step-menu button');
    expect(await offered.allInnerTexts()).toEqual(['Visa du plan par le médecin traitant']);
    await expectAccessible(page, 'physician pathway');
    await shot(page, 'physician-pathway');

    await visa.getByLabel('Commentaire').fill('Plan adapté ; revoir le passage SSIAD dans un mois.');
    // The date stays on its default, the current minute, which may be the plan's own: it means "now",
    // not the minute's first second (which would date the visa before the plan, and be refused).
    await visa.getByRole('button', { name: 'Viser le plan' }).click();
    // Accepted: the form closes, its confirmation is said once on top of the steps; nothing is left for them to do.
    const steps = page.getByRole('region', { name: 'Étapes possibles' });
    // Under a loaded machine the answer can take a while; a refusal shows in the form and fails with its words.
    const confirmed = steps.getByRole('status').filter({ hasText: 'Plan visé' });
    await confirmed.or(visa.getByRole('alert')).first().waitFor({ timeout: 60_000 });
    if (!(await confirmed.count())) throw new Error(`the visa was refused: ${await visa.getByRole('alert').innerText()}`);
    expect(await visa.count()).toBe(0);
    expect(await textOf(page.getByTestId('stage'), 'Suivi')).toBe('Suivi');
    await steps.getByText('Aucune étape ne vous revient à l’étape « Suivi ».').waitFor();
    await page.getByTestId('timeline').getByText('Plan visé par le médecin').waitFor();
    await expectAccessible(page, 'physician pathway acknowledged');
    await shot(page, 'physician-acknowledged');

    // The workflow recorded the visa as the physician's: the timeline names them.
    const timeline = await eventually(
      async () => (await api.get(`/api/v1/pathways/${awaiting}/timeline`, cm)).body as Array<{ type: string; actor: string }>,
      (events) => events.some((e) => e.type === 'PLAN_ACKNOWLEDGED'),
    );
    expect(timeline.find((e) => e.type === 'PLAN_ACKNOWLEDGED')?.actor).toBe(MOREAU.email);

    // Back on "Mes patients": nothing waits for the visa any more.
    await page.getByRole('link', { name: 'Mes patients' }).click();
    await page.waitForURL('**/patients');
    await page.getByText('Aucun plan n’attend votre visa.').waitFor();
    expect(await rowNames(page, 'autres-patients')).toEqual(expect.arrayContaining(['PETIT Lucien', 'ROUX Simone']));
    await page.context().close();
  });
});
