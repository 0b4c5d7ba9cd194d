// The intake coordinator (accueil, guichet intégré) in a real browser (the Chromium of npm ci, driven by
// playwright-core) against the whole stack: signed in on the demo page, they land on "Guichet", the
// territory's referrals awaiting the eligibility decision, the overdue first; they record a referral
// (a birth date in the future refused under its field, then fixed) and land on the new pathway's page;
// the same patient again is refused in plain French with a link to the open pathway; the eligibility
// accepted on the pathway page, the referral leaves "Guichet". Screenshots: tmp/screenshots/intake-*.png.
import { randomUUID } from 'node:crypto';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { Api, expectStatus, OTHER_TERRITORY, people, referral, token } from './api-support';
import { descriptionOf, eventually, expectAccessible, newPage, shot, signInAs, textOf, startWebStack, WebStack } from './web-support';

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;

beforeAll(async () => {
  // The demo page offers an intake coordinator for each territory that has case managers (cm-louise's here).
  web = await startWebStack();
  ({ stack, api, browser } = web);
}, 120_000);

afterAll(() => web?.stop());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A referral recorded through the API, `days` ago (the eligibility decision is due 7 days after it). */
async function referred(firstName: string, lastName: string, days: number, intake = people.intake, territory?: string): Promise<string> {
  const body = referral({ referredAt: daysAgo(days), territory });
  body.patient = { ...body.patient, firstName, lastName };
  const answer = await api.post('/api/v1/pathways', intake, body);
  expectStatus(answer, 201);
  return answer.body.id as string;
}

async function rowNames(page: Page): Promise<string[]> {
  return page.getByTestId('orientations-a-examiner').locator('tbody tr th').allInnerTexts();
}

/** An input by its label, with or without the required mark. */
const field = (form: Locator, label: string) => form.getByLabel(new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( \\*)?$`));

async function fillReferral(form: Locator, values: Record<string, string>): Promise<void> {
  for (const [label, value] of Object.entries(values)) await field(form, label).fill(value);
}

describe('the intake coordinator, in a browser, against the whole stack', () => {
  it('records a referral (a bad field fixed), finds it on "Guichet", is refused the same patient twice in plain French, and accepts its eligibility', async () => {
    // Referred 8 days ago: the decision (due after 7) is overdue. Referred 2 days ago: due in 5 days.
    const overdue = await referred('Odette', 'Dupont', 8);
    await referred('Marcel', 'Leroy', 2);
    // Refused and reoriented: closed, not waiting for a decision any more.
    const refused = await referred('Robert', 'Blanc', 3);
    expectStatus(
      await api.post(`/api/v1/pathways/${refused}/eligibility`, people.intake, {
        decision: 'REFUSED',
        criteria: { unstableSituation: false, insufficientCare: true, noCoordinator: true },
        reorientedTo: 'SSIAD Paris Est',
      }),
      200,
    );
    // Another territory's referral: not this coordinator's.
    await referred('Lucie', 'Garnier', 1, token({ sub: 'intake-2', roles: ['intake'], territory: OTHER_TERRITORY }), OTHER_TERRITORY);
    // The workflow notices the overdue decision on its own: wait until the list says so.
    await eventually(
      async () => (await api.get('/api/v1/pathways?stage=REFERRED', people.intake)).body.items as Array<{ id: string; overdueSince: string | null }>,
      (items) => items.some((p) => p.id === overdue && p.overdueSince),
    );

    const page = await newPage(browser, stack.apiUrl);
    await page.goto('/');
    await page.waitForURL('**/connexion');
    const intakeGroup = page.getByRole('region', { name: 'Accueil (guichet intégré)' });
    await intakeGroup.waitFor();
    expect(await intakeGroup.getByRole('button').allInnerTexts()).toEqual([expect.stringContaining('Accueil T75-EST')]);

    await signInAs(page, 'Accueil T75-EST');
    await page.waitForURL('**/guichet');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Guichet intégré');
    expect(await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link').allInnerTexts()).toEqual(['Guichet', 'Nouvelle orientation']);
    expect(await page.locator('.who').innerText()).toMatch(/Accueil T75-EST \(accueil, T75-EST\)/);
    await page.getByTestId('orientations-a-examiner').waitFor();
    // The overdue decision first, though the API lists the newest referral first; the refused and the other territory's are not there.
    expect(await rowNames(page)).toEqual(['DUPONT Odette', 'LEROY Marcel']);
    const firstRow = page.getByTestId('orientations-a-examiner').locator('tbody tr').first();
    expect(await firstRow.innerText()).toMatch(/En retard/);
    expect(await firstRow.innerText()).toMatch(/Décision d’éligibilité en retard/);
    expect(await page.getByTestId('orientations-a-examiner').locator('tbody tr').nth(1).innerText()).toMatch(/Orientation reçue.*\(dans (4|5) jours\)/s);
    expect(await page.locator('main').innerText()).not.toMatch(/BLANC Robert|GARNIER Lucie/);
    await expectAccessible(page, 'intake guichet');
    await shot(page, 'intake-guichet');

    // A new referral, with a birth date in the future.
    await page.getByRole('main').getByRole('link', { name: 'Nouvelle orientation' }).click();
    await page.waitForURL('**/guichet/nouvelle-orientation');
    const form = page.locator('form[data-form="referral"]');
    await form.waitFor();
    expect(await form.innerText()).toMatch(/Territoire : T75-EST/);
    const externalId = `NIR-${randomUUID()}`;
    const typed = {
      Nom: 'Lefèvre',
      Prénom: 'Marguerite',
      'Date de naissance': '2099-01-01',
      'Identifiant de la personne': externalId,
      'Orientée par': 'Dr Claire Moreau (médecin traitant)',
      'Courriel de l’orienteur': 'dr.moreau@cabinet.example',
      Diagnostic: 'Maladie d’Alzheimer, stade modéré',
      'Nom du médecin traitant': 'Dr Claire Moreau',
      'Courriel du médecin traitant': 'dr.moreau@cabinet.example',
      'Nom de l’aidant': 'Paul Lefèvre',
      'Lien avec la personne': 'fils',
      'Téléphone de l’aidant': '06 12 34 56 78',
    };
    await fillReferral(form, typed);
    await form.getByRole('button', { name: 'Enregistrer l’orientation' }).click();
    await form.getByRole('alert').filter({ hasText: 'Certaines valeurs ne sont pas acceptées' }).waitFor();
    const birthDate = field(form, 'Date de naissance');
    expect(await birthDate.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(birthDate)).toBe('Cette date ne peut pas être dans le futur.');
    // A referral dated before the birth: the API says so too, under the referral's date.
    expect(await descriptionOf(field(form, 'Date de l’orientation'))).toBe('L’orientation ne peut pas précéder la naissance de la personne.');
    expect(await form.locator('[aria-invalid="true"]').count()).toBe(2);
    // Nothing typed is lost.
    expect(await field(form, 'Nom').inputValue()).toBe('Lefèvre');
    expect(await field(form, 'Lien avec la personne').inputValue()).toBe('fils');
    expect(page.url()).toMatch(/\/guichet\/nouvelle-orientation$/);
    await expectAccessible(page, 'intake referral refused');
    await shot(page, 'intake-referral-error');

    // Fixed: the pathway opens, and its page waits for the eligibility decision, the coordinator's only step.
    await birthDate.fill('1940-06-12');
    await form.getByRole('button', { name: 'Enregistrer l’orientation' }).click();
    await page.waitForURL(/\/parcours\/[0-9a-f-]{36}$/);
    const id = decodeURIComponent(page.url().split('/parcours/')[1]);
    expect(await textOf(page.getByTestId('stage'), 'Orientation reçue')).toBe('Orientation reçue');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toMatch(/^LEFÈVRE Marguerite/);
    const eligibility = page.locator('form[data-step="decideEligibility"]');
    await eligibility.waitFor();
    expect(await page.locator('.step-menu button').allInnerTexts()).toEqual(['Décision d’éligibilité']);
    const summary = await api.get(`/api/v1/pathways/${id}`, people.intake);
    expectStatus(summary, 200);
    expect(summary.body.patient).toMatchObject({ externalId, lastName: 'Lefèvre', birthDate: '1940-06-12', territory: 'T75-EST' });
    expect(summary.body.caregiver).toMatchObject({ name: 'Paul Lefèvre', relationship: 'fils', phone: '06 12 34 56 78' });
    expect(summary.body.physician).toMatchObject({ email: 'dr.moreau@cabinet.example' });
    await expectAccessible(page, 'intake new pathway');
    await shot(page, 'intake-pathway');

    // Back on "Guichet": listed, due in 7 days, after the overdue and the sooner due.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Guichet' }).click();
    await page.waitForURL('**/guichet');
    await page.getByTestId('orientations-a-examiner').waitFor();
    expect(await rowNames(page)).toEqual(['DUPONT Odette', 'LEROY Marcel', 'LEFÈVRE Marguerite']);
    await shot(page, 'intake-guichet-listed');

    // The same patient again: refused in plain French, with the way to their open pathway, and the form kept.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Nouvelle orientation' }).click();
    await page.waitForURL('**/guichet/nouvelle-orientation');
    await form.waitFor();
    await fillReferral(form, { ...typed, 'Date de naissance': '1940-06-12', 'Orientée par': 'Service de gériatrie, hôpital Saint-Antoine' });
    await form.getByRole('button', { name: 'Enregistrer l’orientation' }).click();
    const duplicate = form.getByTestId('referral-duplicate');
    await duplicate.waitFor();
    expect(await duplicate.getAttribute('role')).toBe('alert');
    expect(await duplicate.innerText()).toMatch(/Cette personne a déjà un parcours ouvert sur le territoire/);
    expect(await duplicate.innerText()).not.toMatch(/already|pathway/);
    const toOpen = duplicate.getByRole('link', { name: 'Ouvrir le parcours en cours de cette personne' });
    expect(await toOpen.getAttribute('href')).toBe(`/parcours/${id}`);
    expect(await field(form, 'Orientée par').inputValue()).toBe('Service de gériatrie, hôpital Saint-Antoine');
    expect(page.url()).toMatch(/\/guichet\/nouvelle-orientation$/);
    await expectAccessible(page, 'intake duplicate referral');
    await shot(page, 'intake-duplicate');
    // Only one pathway for her.
    const hers = ((await api.get('/api/v1/pathways?limit=200', people.intake)).body.items as Array<{ id: string; patient: { externalId: string } }>).filter((p) => p.patient.externalId === externalId);
    expect(hers.map((p) => p.id)).toEqual([id]);

    // To her pathway, where the coordinator accepts her in case management (C1–C3).
    await toOpen.click();
    await page.waitForURL(`**/parcours/${id}`);
    await eligibility.waitFor();
    await eligibility.getByLabel('Accepté en gestion de cas').check();
    await eligibility.getByLabel(/^C1/).check();
    await eligibility.getByLabel(/^C2/).check();
    await eligibility.getByLabel(/^C3/).check();
    await eligibility.getByRole('button', { name: 'Enregistrer la décision' }).click();
    // The decision's form goes once its stage is over; its confirmation stays on the page.
    await page.getByRole('status').filter({ hasText: 'Décision enregistrée' }).waitFor();
    expect(await textOf(page.getByTestId('stage'), 'En attente d’attribution')).toBe('En attente d’attribution');
    // The next step of the stage, the assignment, is the coordinator's too: its form opens by itself.
    await page.locator('form[data-step="assignCaseManager"]').waitFor();
    await page.getByTestId('timeline').getByText('Éligibilité décidée').waitFor();
    await expectAccessible(page, 'intake eligibility accepted');
    await shot(page, 'intake-accepted');

    // "Guichet" no longer lists her: the decision is made.
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Guichet' }).click();
    await page.waitForURL('**/guichet');
    await page.getByTestId('orientations-a-examiner').waitFor();
    expect(await rowNames(page)).toEqual(['DUPONT Odette', 'LEROY Marcel']);
    await shot(page, 'intake-guichet-after');
    await page.context().close();
  });
});
