// The web app in a real browser (Debian's chromium driven by playwright-core) against the whole stack,
// the app served by the API from apps/web/dist, with a compressed policy: a case manager's first
// contact is due 6 s after the assignment. Screenshots of each main screen go to tmp/screenshots/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, people, referral } from './api-support';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'tmp/screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps calling Google's hosts, which this sandbox refuses.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const FIRST_CONTACT_DUE_MS = 6_000;

let stack: Stack;
let api: Api;
let browser: Browser;
let policyDir: string;

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: build it first (npm test does; or `node infra/build.cjs --web`)');
  policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'web-app-policy-'));
  const policyFile = path.join(policyDir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify({ firstContactDue: `PT${FIRST_CONTACT_DUE_MS / 1000}S`, firstContactDueReminderBefore: 'PT0S' }));
  fs.mkdirSync(SHOTS, { recursive: true });
  [stack, browser] = await Promise.all([
    startStack({ env: { PATHWAY_POLICY_FILE: policyFile } }),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS }),
  ]);
  api = new Api(stack.apiUrl);
  for (const [id, name, capacity] of [['cm-louise', 'Louise Bernard', 10], ['cm-karim', 'Karim Haddad', 3]] as const) {
    expectStatus(await api.post('/api/v1/case-managers', people.admin, { id, name, email: `${id}@dac.example`, territory: 'T75-EST', capacity }), 201);
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  if (policyDir) fs.rmSync(policyDir, { recursive: true, force: true });
});

const isoAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** A referral for a named patient, accepted, waiting for a case manager. */
async function waitingPathway(firstName: string, lastName: string): Promise<string> {
  const body = referral();
  body.patient = { ...body.patient, firstName, lastName };
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  expectStatus(await api.post(`/api/v1/pathways/${referred.body.id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  return referred.body.id;
}

/** ... assigned and consent given: in ASSESSMENT, its first contact due FIRST_CONTACT_DUE_MS later. */
async function inAssessment(firstName: string, lastName: string, caseManagerId: string): Promise<string> {
  const id = await waitingPathway(firstName, lastName);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, people.caseManager(caseManagerId), { given: true, at: isoAgo(1) }), 200);
  return id;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function newPage(): Promise<Page> {
  // axe-core is injected as an inline script, which the API's CSP (script-src 'self') rightly refuses.
  const context = await browser.newContext({ baseURL: stack.apiUrl, bypassCSP: true, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && console.error(`[browser console] ${message.text()}`));
  return page;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the page as it is; serious and critical violations fail the test, named. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)')) as AxeViolation[];
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ screen, violations: grave.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ screen, violations: [] });
}

/** The element's text once it is `expected` (or after 10 s, whatever it is then). */
function textOf(locator: Locator, expected: string): Promise<string> {
  return eventually(() => locator.innerText().catch(() => ''), (text) => text === expected, 10_000);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function signInAs(page: Page, name: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/connexion');
  await page.getByRole('button', { name: new RegExp(name) }).click();
}

describe('the web app, in a browser, against the whole stack', () => {
  it('serves the OpenAPI types the web app was generated from (apps/web/src/api/schema.d.ts is current)', () => {
    // UPDATE_API_TYPES=1 rewrites the file from this stack instead (then commit it).
    const update = process.env.UPDATE_API_TYPES === '1';
    const check = spawnSync(process.execPath, ['apps/web/scripts/generate-api-types.mjs', ...(update ? [] : ['--check']), stack.apiUrl], { cwd: ROOT, encoding: 'utf8' });
    expect({ status: check.status, output: (check.stdout + check.stderr).trim() }).toEqual({ status: 0, output: expect.stringContaining(update ? 'wrote' : 'matches') });
  });

  it('a case manager sees the overdue pathway first, records an assessment with a bad score, fixes it, and sees the stage change', async () => {
    const overdue = await inAssessment('Odette', 'Dupont', 'cm-louise');
    // Referred after the overdue one: the API lists it first (newest referral), urgency must not.
    const later = await waitingPathway('Marcel', 'Leroy');
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
    await page.getByRole('status').filter({ hasText: 'Évaluation enregistrée' }).waitFor();
    expect(await textOf(page.getByTestId('stage'), 'Élaboration du plan')).toBe('Élaboration du plan');
    expect(await page.locator('.ribbon [aria-current="step"]').innerText()).toMatch(/Élaboration du plan/);
    await shot(page, '3-parcours-apres-evaluation');
    await expectAccessible(page, 'Parcours après évaluation');

    // A second assessment now is a step the stage does not allow: 409, said in plain words, draft kept.
    await summary.fill('Deuxième visite');
    await page.getByRole('button', { name: 'Enregistrer l’évaluation' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'n’est pas possible maintenant' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(/Élaboration du plan/);
    expect(await summary.inputValue()).toBe('Deuxième visite');
    await shot(page, '4-etape-refusee-409');
    await page.context().close();
  });

  it('a supervisor sees a pathway enter the stuck list when its compressed deadline passes, the caseloads and the waiting list', async () => {
    const page = await newPage();
    const stuckSoon = await inAssessment('Henri', 'Moreau', 'cm-karim');
    const waiting = await waitingPathway('Suzanne', 'Petit');
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
