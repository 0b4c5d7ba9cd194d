// The web app in a real browser (the Chromium of npm ci, driven by playwright-core) against the whole stack,
// the app served by the API from apps/web/dist, with a compressed policy: a case manager's first
// contact is due 6 s after the assignment. Screenshots of each main screen go to tmp/screenshots/.
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { Api, expectStatus, isoAgo, people } from './api-support';
import { eventually, expectAccessible, newPage as browserPage, ROOT, shot, signInAs, inAssessment, startWebStack, textOf, waitingPathway, WebStack } from './web-support';
const FIRST_CONTACT_DUE_MS = 6_000;

let stack: Stack;
let web: WebStack;
let api: Api;
let browser: Browser;

beforeAll(async () => {
  web = await startWebStack({
    policy: { firstContactDue: `PT${FIRST_CONTACT_DUE_MS / 1000}S`, firstContactDueReminderBefore: 'PT0S' },
    caseManagers: [['cm-louise', 'Louise Bernard', 10], ['cm-karim', 'Karim Haddad', 3]],
  });
  ({ stack, api, browser } = web);
}, 120_000);

afterAll(() => web?.stop());

function newPage(): Promise<Page> {
  return browserPage(browser, stack.apiUrl);
}

describe('the web app, in a browser, against the whole stack', () => {
  it('serves the OpenAPI types the web app was generated from (apps/web/src/api/schema.d.ts is current)', () => {
    // Only checks: a test that could rewrite what it checks would always pass. To regenerate the file,
    // run `npm run web:api-types` against a running API, then commit it.
    const check = spawnSync(process.execPath, ['apps/web/scripts/generate-api-types.mjs', '--check', stack.apiUrl], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: check.status, output: (check.stdout + check.stderr).trim() }).toEqual({ status: 0, output: expect.stringContaining('matches') });
  });

  it('a case manager sees the overdue pathway first, records an assessment with a bad score, fixes it, sees the stage change, and is refused an assessment a colleague recorded meanwhile', async () => {
    const overdue = await inAssessment(api, 'Odette', 'Dupont', 'cm-louise');
    // Referred after the overdue one: the API lists it first (newest referral), urgency must not.
    const later = await waitingPathway(api, 'Marcel', 'Leroy');
    expectStatus(await api.post(`/api/v1/pathways/${later}/assignment`, people.supervisor, { caseManagerId: 'cm-louise' }), 200);
    const listed = await eventually(
      async () => (await api.get('/api/v1/pathways?caseManagerId=cm-louise', people.caseManager('cm-louise'))).body.items as Array<{ id: string; overdueSince: string | null }>,
      (items) => items.some((p) => p.id === overdue && p.overdueSince),
    );
    expect(listed.find((p) => p.id === overdue)?.overdueSince).toEqual(expect.any(String));
    expect(listed.map((p) => p.id).indexOf(later)).toBeLessThan(listed.map((p) => p.id).indexOf(overdue));

    const page = await newPage();
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    const rows = page.locator('table.portfolio tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.first().locator('th').innerText()).toBe('DUPONT Odette');
    expect(await rows.first().innerText()).toMatch(/En retard/);
    await shot(page, '1-portefeuille');
    await expectAccessible(page, 'Mon portefeuille');

    await rows.first().getByRole('link').click();
    await page.waitForURL(`**/parcours/${overdue}`);
    expect(await textOf(page.getByTestId('stage'), 'Évaluation')).toBe('Évaluation');
    await page.getByRole('heading', { name: 'Historique' }).waitFor();

    const mmse = page.getByLabel('MMSE');
    const summary = page.getByLabel(/Synthèse/);
    await mmse.fill('42');
    await page.getByLabel(/GIR/).fill('4');
    await summary.fill('Déclin cognitif modéré ; aidante épuisée.');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    const mmseError = page.locator('.field.invalid .field-error');
    await mmseError.waitFor();
    expect(await mmseError.innerText()).toMatch(/mmse/i);
    expect(await mmse.getAttribute('aria-invalid')).toBe('true');
    // Nothing typed is lost on a rejection.
    expect(await summary.inputValue()).toBe('Déclin cognitif modéré ; aidante épuisée.');
    expect(await page.getByLabel(/GIR/).inputValue()).toBe('4');
    await shot(page, '2-evaluation-refusee');
    await expectAccessible(page, 'Parcours, évaluation refusée');

    await mmse.fill('18');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    // Accepted: the form closes, its confirmation is said once on top of the steps and takes the focus.
    const steps = page.getByRole('region', { name: 'Étapes possibles' });
    const confirmation = steps.getByRole('status').filter({ hasText: 'Évaluation enregistrée' });
    await confirmation.waitFor();
    expect(await textOf(page.getByTestId('stage'), 'Élaboration du plan')).toBe('Élaboration du plan');
    expect(await page.locator('.ribbon [aria-current="step"]').innerText()).toMatch(/Élaboration du plan/);
    expect(await page.locator('form[data-step="recordAssessment"]').count()).toBe(0);
    const focused = await eventually(async () => String(await page.evaluate('document.activeElement?.textContent')), (t) => t.startsWith('Évaluation enregistrée'), 5_000);
    expect(focused).toMatch(/^Évaluation enregistrée\. Le parcours est maintenant à l’étape « Élaboration du plan »/);
    // The plan, the step the stage now waits for, opens by itself.
    await page.locator('form[data-step="recordPlan"]').waitFor();
    await shot(page, '3-parcours-apres-evaluation');
    await expectAccessible(page, 'Parcours après évaluation');

    // The other pathway: its assessment form is open and filled in when a colleague records the same
    // step elsewhere; the page has not been reloaded, so the form is sent: 409 in plain words, draft kept.
    expectStatus(await api.post(`/api/v1/pathways/${later}/consent`, people.caseManager('cm-louise'), { given: true, at: isoAgo(1) }), 200);
    await page.getByRole('link', { name: 'Mon portefeuille' }).click();
    await page.waitForURL('**/portefeuille');
    await page.getByRole('link', { name: 'LEROY Marcel' }).click();
    await page.waitForURL(`**/parcours/${later}`);
    expect(await textOf(page.getByTestId('stage'), 'Évaluation')).toBe('Évaluation');
    const assessment = page.locator('form[data-step="recordAssessment"]');
    await assessment.getByLabel('MMSE').fill('21');
    await assessment.getByLabel(/GIR/).fill('5');
    await assessment.getByLabel(/Synthèse/).fill('Deuxième visite : troubles légers, épouse aidante.');
    expectStatus(
      await api.post(`/api/v1/pathways/${later}/assessments`, people.caseManager('cm-louise'), { performedAt: isoAgo(0.5), mmse: 22, gir: 5, zarit: 30, summary: 'Évaluation saisie depuis un autre poste' }),
      200,
    );
    await assessment.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    const refusal = assessment.getByRole('alert').filter({ hasText: 'n’est pas possible maintenant' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Élaboration du plan/);
    expect(await assessment.getByLabel('MMSE').inputValue()).toBe('21');
    expect(await assessment.getByLabel(/GIR/).inputValue()).toBe('5');
    expect(await assessment.getByLabel(/Synthèse/).inputValue()).toBe('Deuxième visite : troubles légers, épouse aidante.');
    // The page then reads the pathway again: the stage it is at now; the form, typed in, stays, with a
    // notice (and the plan, the step now awaited, opens by itself); still nothing typed lost.
    expect(await textOf(page.getByTestId('stage'), 'Élaboration du plan')).toBe('Élaboration du plan');
    await assessment.locator('.notice').filter({ hasText: 'n’est plus proposée à l’étape « Élaboration du plan »' }).waitFor();
    await page.locator('form[data-step="recordPlan"]').waitFor();
    expect(await refusal.count()).toBe(1);
    expect(await assessment.getByLabel('MMSE').inputValue()).toBe('21');
    expect(await assessment.getByLabel(/Synthèse/).inputValue()).toBe('Deuxième visite : troubles légers, épouse aidante.');
    await assessment.scrollIntoViewIfNeeded();
    await shot(page, '4-etape-refusee-409');
    await expectAccessible(page, 'Parcours, étape refusée (409), formulaire conservé');
    await page.context().close();
  });

  it('a supervisor sees a pathway enter the stuck list when its compressed deadline passes, the caseloads and the waiting list', async () => {
    const page = await newPage();
    const stuckSoon = await inAssessment(api, 'Henri', 'Moreau', 'cm-karim');
    const waiting = await waitingPathway(api, 'Suzanne', 'Petit');
    await signInAs(page, 'Superviseur·e T75-EST');
    await page.waitForURL('**/supervision');
    await page.getByRole('heading', { name: 'Liste d’attente' }).waitFor();
    const stuckRow = page.locator(`tr[data-pathway-id="${stuckSoon}"]`);
    const assignedAt = Date.now();
    expect(await stuckRow.count()).toBe(0);

    // The supervisor refreshes until the first contact is overdue and the workflow has said so.
    let seenAfterMs = -1;
    for (let i = 0; i < 60 && seenAfterMs < 0; i++) {
      await page.getByRole('button', { name: 'Actualiser' }).click();
      await page.waitForTimeout(500);
      if ((await stuckRow.count()) > 0) seenAfterMs = Date.now() - assignedAt;
    }
    expect(seenAfterMs).toBeGreaterThan(0);
    expect(await stuckRow.innerText()).toMatch(/Premier contact en retard/);
    expect(await stuckRow.innerText()).toMatch(/cm-karim/);
    console.log(`[web] the pathway entered the stuck list ${seenAfterMs} ms after the supervisor first looked (first contact due after ${FIRST_CONTACT_DUE_MS} ms)`);

    expect(await page.locator('.bars li').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/Karim Haddad : 1 \/ 3/), expect.stringMatching(/Louise Bernard : \d+ \/ 10/)]));
    const waitingItem = page.getByRole('link', { name: 'PETIT Suzanne' });
    expect(await waitingItem.count()).toBe(1);
    expect(waiting).toEqual(expect.any(String));
    await shot(page, '5-supervision');
    await expectAccessible(page, 'Supervision');
    await page.context().close();
  });
});
