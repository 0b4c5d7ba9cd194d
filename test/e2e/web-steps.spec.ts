// The pathway page's step forms in a real browser (the Chromium of npm ci, driven by playwright-core) against
// the whole stack: a case manager takes a pathway from its assessment to its closure through the forms,
// a field the API refuses is said next to the field, a step the workflow refuses (a respite beyond the
// year's allowance) is said in plain words with the days left, and nothing typed is lost. A form that
// succeeds closes, its confirmation said once on top of the steps; an unsent form closes when the stage
// no longer offers its step, unless something is typed in it. Screenshots go to
// tmp/screenshots/pathway-steps-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import { ALLOWED_STAGES } from '@pathway/domain';
import { STEP_STAGES } from '../../apps/web/src/steps/availability';
import type { Stack } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, people, referral } from './api-support';
import { descriptionOf, eventually, expectAccessible, newPage, shot, signInAs, textOf, startWebStack, WebStack } from './web-support';

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;

beforeAll(async () => {
  web = await startWebStack();
  ({ stack, api, browser } = web);
}, 120_000);

afterAll(() => web?.stop());

/** Referred, accepted and assigned: in ASSESSMENT, the person's consent not yet recorded. */
async function assignedPathway(firstName: string, lastName: string, caseManagerId: string): Promise<string> {
  const body = referral();
  body.patient = { ...body.patient, firstName, lastName };
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  const id = referred.body.id as string;
  expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  return id;
}

const form = (page: Page, step: string): Locator => page.locator(`form[data-step="${step}"]`);
/** The confirmation of the step just sent: once, on top of the steps (the form is gone), with the focus. */
async function confirmed(page: Page, text: string | RegExp, step: string): Promise<void> {
  await page.getByRole('region', { name: 'Étapes possibles' }).getByRole('status').filter({ hasText: text }).waitFor();
  expect(await form(page, step).count()).toBe(0);
  const focused = await eventually(
    async () => String(await page.evaluate('document.activeElement?.textContent')),
    (t) => (typeof text === 'string' ? t.includes(text) : text.test(t)),
    5_000,
  );
  expect(focused).toMatch(text);
}

/** Opens a step's form from the menu of possible steps, by the keyboard; the focus goes to its heading. */
async function openStep(page: Page, title: string, step: string): Promise<Locator> {
  const button = page.getByRole('button', { name: title, exact: true });
  await button.focus();
  await page.keyboard.press('Enter');
  expect(await button.getAttribute('aria-expanded')).toBe('true');
  const opened = form(page, step);
  await opened.waitFor();
  expect(await page.evaluate('document.activeElement?.textContent')).toBe(title);
  return opened;
}

describe('the pathway page steps, in a browser, against the whole stack', () => {
  it('offers steps by the same stage table as the workflow (steps/availability.ts mirrors ALLOWED_STAGES)', () => {
    expect(STEP_STAGES).toEqual(ALLOWED_STAGES);
  });

  it('a case manager takes a pathway from consent and assessment through the plan, a contact, a hospital stay and a refused respite, to its closure', async () => {
    const id = await assignedPathway('Yvonne', 'Garnier', 'cm-louise');
    const page = await newPage(browser, stack.apiUrl);
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    await page.getByRole('link', { name: 'GARNIER Yvonne' }).click();
    await page.waitForURL(`**/parcours/${id}`);
    expect(await textOf(page.getByTestId('stage'), 'Évaluation')).toBe('Évaluation');

    // Consent first: its form is the one the stage waits for, open by itself.
    const consent = form(page, 'recordConsent');
    await consent.getByLabel('Elle accepte l’accompagnement').check();
    await consent.getByRole('button', { name: 'Enregistrer le consentement' }).click();
    await confirmed(page, 'Consentement enregistré', 'recordConsent');

    // Then the assessment form opens by itself.
    const assessment = form(page, 'recordAssessment');
    await assessment.getByLabel('MMSE').fill('19');
    await assessment.getByLabel('GIR (AGGIR)').fill('4');
    await assessment.getByLabel('Zarit (aidant)').fill('48');
    await assessment.getByLabel(/Synthèse/).fill('Troubles de la mémoire ; fille aidante, fatiguée.');
    await assessment.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    await confirmed(page, 'Évaluation enregistrée', 'recordAssessment');
    expect(await textOf(page.getByTestId('stage'), 'Élaboration du plan')).toBe('Élaboration du plan');

    // The plan (PSI), with the provider left blank: the API's error is said next to that field.
    const plan = form(page, 'recordPlan');
    await plan.getByLabel(/Type de service/).selectOption('SSIAD');
    await plan.getByLabel(/Fréquence/).fill('chaque matin');
    await plan.getByRole('button', { name: 'Enregistrer le plan' }).click();
    const provider = plan.getByLabel(/Prestataire/);
    await plan.locator('.field.invalid .field-error').waitFor();
    expect(await provider.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(provider)).toMatch(/Ce champ est obligatoire/);
    expect(await plan.getByRole('alert').innerText()).toMatch(/corrigez les champs signalés/);
    expect(await plan.getByLabel(/Fréquence/).inputValue()).toBe('chaque matin');
    expect(await plan.getByLabel(/Type de service/).inputValue()).toBe('SSIAD');
    await shot(page, 'pathway-steps-1-plan-champ-refuse');
    await expectAccessible(page, 'Parcours, plan refusé, formulaires ouverts');

    await provider.fill('SSIAD Paris 11');
    await plan.getByRole('button', { name: 'Enregistrer le plan' }).click();
    await confirmed(page, /Plan enregistré \(version 1\)/, 'recordPlan');
    expect(await textOf(page.getByTestId('stage'), 'Validation du plan')).toBe('Validation du plan');
    expect(await page.getByTestId('plan').innerText()).toMatch(/Soins infirmiers à domicile \(SSIAD\) — SSIAD Paris 11, chaque matin/);

    // A contact, opened from the menu with the keyboard.
    const contact = await openStep(page, 'Contact avec la personne ou l’aidant', 'logContact');
    await contact.getByLabel(/Moyen/).selectOption('PHONE');
    await contact.getByLabel('Note').fill('Appel à la fille : la SSIAD passe chaque matin.');
    await contact.getByRole('button', { name: 'Enregistrer le contact' }).click();
    await confirmed(page, 'Contact enregistré', 'logContact');
    await page.getByTestId('timeline').getByText(/Contact enregistré \(Téléphone\)/).waitFor();

    // A hospital stay: the admission, then the menu offers the discharge instead.
    const admission = await openStep(page, 'Hospitalisation', 'admitToHospital');
    await admission.getByLabel(/Établissement hospitalier/).fill('Hôpital Saint-Antoine');
    await admission.getByLabel('Motif').fill('chute');
    await admission.getByRole('button', { name: 'Enregistrer l’hospitalisation' }).click();
    await confirmed(page, 'Hospitalisation enregistrée', 'admitToHospital');
    await page.getByTestId('episodes').getByText(/Hospitalisé·e à Hôpital Saint-Antoine/).waitFor();
    // The menu now offers the discharge, not a second admission.
    expect(await page.getByRole('button', { name: 'Hospitalisation', exact: true }).count()).toBe(0);

    const discharge = await openStep(page, 'Sortie d’hôpital', 'dischargeFromHospital');
    await discharge.getByLabel(/Destination/).selectOption('HOME');
    await discharge.getByRole('button', { name: 'Enregistrer la sortie' }).click();
    await confirmed(page, 'Sortie enregistrée', 'dischargeFromHospital');
    await page.getByTestId('episodes').getByText(/Dernière sortie d’hôpital \(Hôpital Saint-Antoine\).*retour à domicile : lettre de sortie attendue/).waitFor();

    // Temporary accommodation next year: 80 days fit, then 20 more do not (10 left), said with the count.
    const year = new Date().getFullYear() + 1;
    let respite = await openStep(page, 'Répit', 'planRespite');
    const fillRespite = async (from: string, to: string) => {
      await respite.getByLabel(/Type de répit/).selectOption('TEMPORARY_ACCOMMODATION');
      await respite.getByLabel(/Structure d’accueil/).fill('EHPAD Les Lilas (hébergement temporaire)');
      await respite.getByLabel(/Début/).fill(`${year}-${from}T09:00`);
      await respite.getByLabel(/Fin/).fill(`${year}-${to}T09:00`);
      await respite.getByRole('button', { name: 'Planifier le répit' }).click();
    };
    await fillRespite('01-04', '03-24');
    await confirmed(page, 'Répit planifié', 'planRespite');
    respite = await openStep(page, 'Répit', 'planRespite');
    await respite.getByText(new RegExp(`10 jours en ${year}`)).waitFor();

    await fillRespite('06-01', '06-20');
    const refusal = respite.getByRole('alert');
    await refusal.waitFor();
    expect((await refusal.innerText()).trim()).toBe(
      `Cette étape n’est pas possible maintenant (le parcours est à l’étape « Validation du plan ») : l’hébergement temporaire est limité à 90 jours par année civile : il reste 10 jours en ${year}, ce séjour en demande 20.`,
    );
    expect(await respite.getByLabel(/Type de répit/).inputValue()).toBe('TEMPORARY_ACCOMMODATION');
    expect(await respite.getByLabel(/Structure d’accueil/).inputValue()).toBe('EHPAD Les Lilas (hébergement temporaire)');
    expect(await respite.getByLabel(/Début/).inputValue()).toBe(`${year}-06-01T09:00`);
    expect(await respite.getByLabel(/Fin/).inputValue()).toBe(`${year}-06-20T09:00`);
    await respite.scrollIntoViewIfNeeded();
    await shot(page, 'pathway-steps-2-repit-refuse');
    await expectAccessible(page, 'Parcours, répit refusé');

    // Closure, for a move out of the territory. The discharge letter's form, opened and left blank,
    // closes with the steps no longer offered; the refused respite's, typed in, stays with a notice.
    await openStep(page, 'Lettre de sortie reçue', 'recordDischargeLetter');
    const closure = await openStep(page, 'Clôture du parcours', 'closePathway');
    await closure.getByLabel(/Motif de clôture/).selectOption('MOVED');
    await closure.getByRole('button', { name: 'Clôturer le parcours' }).click();
    await confirmed(page, 'Parcours clôturé', 'closePathway');
    expect(await textOf(page.getByTestId('stage'), 'Clôturé')).toBe('Clôturé');
    await page.getByText('Le parcours est clôturé : il n’accepte plus d’étape').waitFor();
    expect(await form(page, 'recordDischargeLetter').count()).toBe(0);
    expect(await respite.locator('.notice').innerText()).toMatch(/^Cette étape n’est plus proposée à l’étape « Clôturé » du parcours\. Ce que vous avez saisi est conservé/);
    expect(await respite.getByLabel(/Structure d’accueil/).inputValue()).toBe('EHPAD Les Lilas (hébergement temporaire)');
    expect(await page.locator('form.step-form').count()).toBe(1);
    await page.getByTestId('timeline').getByText(/Parcours clôturé \(Déménagement hors du territoire\)/).waitFor();
    await shot(page, 'pathway-steps-3-cloture');
    await expectAccessible(page, 'Parcours clôturé');

    // What the workflow recorded: each step once, the refused respite not at all.
    const timeline = await api.get(`/api/v1/pathways/${id}/timeline`, people.caseManager('cm-louise'));
    expectStatus(timeline, 200);
    const types = (timeline.body as Array<{ type: string }>).map((e) => e.type);
    for (const type of ['CONSENT_RECORDED', 'ASSESSMENT_RECORDED', 'PLAN_RECORDED', 'CONTACT_LOGGED', 'HOSPITAL_ADMISSION', 'HOSPITAL_DISCHARGE', 'PATHWAY_CLOSED']) {
      expect({ type, count: types.filter((t) => t === type).length }).toEqual({ type, count: 1 });
    }
    expect(types.filter((t) => t === 'RESPITE_PLANNED')).toHaveLength(1);
    await page.context().close();
  });
});
