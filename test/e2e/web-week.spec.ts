// The case manager's week in a real browser against the whole stack, on a desktop and on a phone
// (390 × 844): "Mes tâches", the agenda, the pathway page with its appointments and the booking form,
// and the supervisor's forecast. Each screen is axe-clean (no serious or critical violation) and, on the
// phone, nothing needs scrolling sideways. Screenshots go to tmp/screenshots/week-*.png.
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { Api, expectStatus, people } from './api-support';
import { DESKTOP, eventually, expectAccessible, inAssessment, newPage, PHONE, shot, sidewaysOverflow, signInAs, widerThanPage, startWebStack, Viewport, WebStack } from './web-support';

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;
let garnier: string;
let roux: string;
const louise = people.caseManager('cm-louise');
const inDays = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setUTCHours(hour, 0, 0, 0);
  return d.toISOString();
};

beforeAll(async () => {
  web = await startWebStack({ caseManagers: [['cm-louise', 'Louise Bernard', 12], ['cm-paul', 'Paul Lefèvre', 40]] });
  ({ stack, api, browser } = web);
  garnier = await inAssessment(api, 'Yvonne', 'Garnier', 'cm-louise');
  roux = await inAssessment(api, 'Marcel', 'Roux', 'cm-louise');
  await inAssessment(api, 'Lucie', 'Morel', 'cm-paul');
  expectStatus(await api.post(`/api/v1/pathways/${garnier}/appointments`, louise, { kind: 'HOME_VISIT', at: inDays(2, 9), place: '4 rue de la Roquette', withWhom: 'Mme Garnier et son fils' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${roux}/appointments`, louise, { kind: 'PHONE_CALL', at: inDays(1, 14), withWhom: 'la fille de M. Roux' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${roux}/appointments`, louise, { kind: 'FAMILY_MEETING', at: inDays(8, 15), place: 'au DAC' }), 200);
}, 180_000);

afterAll(() => web?.stop());

const VIEWPORTS: Array<[string, Viewport]> = [
  ['desktop', DESKTOP],
  ['phone', PHONE],
];

async function expectFits(page: Page, viewport: Viewport, screen: string): Promise<void> {
  await expectAccessible(page, `${screen} (${viewport.width} px)`);
  if (viewport !== PHONE) return;
  // Nothing to scroll sideways; when there is, the failure names what sticks out.
  const overflow = await sidewaysOverflow(page);
  expect({ screen, overflow, wider: overflow ? await widerThanPage(page) : [] }).toEqual({ screen, overflow: 0, wider: [] });
}

describe.each(VIEWPORTS)("the case manager's week, %s", (name, viewport) => {
  it('Mes tâches: the deadlines of the caseload by when, with the appointments beside', async () => {
    const page = await newPage(browser, stack.apiUrl, viewport);
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    await page.getByRole('link', { name: 'Mes tâches' }).click();
    await page.waitForURL('**/taches');
    const tasks = page.getByTestId('tasks');
    await tasks.waitFor();
    // The first contact of both pathways is due in 7 days: next week or this one; the phone call tomorrow.
    const text = await eventually(() => tasks.innerText(), (t) => t.includes('Premier contact') && t.includes('Appel téléphonique'));
    expect(text).toContain(`parcours ${roux.slice(0, 8)}`);
    expect(text).not.toContain('Morel');
    await expectFits(page, viewport, 'Mes tâches');
    await shot(page, `week-tasks-${name}`);
    await page.context().close();
  });

  it('the agenda: the booked appointments day by day', async () => {
    const page = await newPage(browser, stack.apiUrl, viewport);
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    await page.getByRole('link', { name: 'Agenda' }).click();
    const agenda = page.getByTestId('agenda');
    const text = await eventually(() => agenda.innerText(), (t) => t.includes('Visite à domicile') && t.includes('Appel téléphonique') && t.includes('Rencontre avec la famille'));
    expect(text).toContain('4 rue de la Roquette');
    await expectFits(page, viewport, 'Agenda');
    await shot(page, `week-agenda-${name}`);
    await page.context().close();
  });

  it('the pathway page: its appointments, the visit against the deadline it answers, and a booking through the form', async () => {
    const page = await newPage(browser, stack.apiUrl, viewport);
    await signInAs(page, 'Louise Bernard');
    await page.waitForURL('**/portefeuille');
    await page.goto(`/parcours/${garnier}`);
    const appointments = page.getByTestId('appointments');
    await appointments.waitFor();
    expect(await appointments.innerText()).toContain('Visite à domicile');
    expect(await page.locator('.deadlines').first().innerText()).toMatch(/Visite à domicile prévue le/);
    await expectFits(page, viewport, 'Parcours');

    const button = page.getByRole('button', { name: 'Prendre un rendez-vous', exact: true });
    await button.click();
    const form = page.locator('form[data-step="bookAppointment"]');
    await form.waitFor();
    await form.getByLabel('Type de rendez-vous').selectOption('PHONE_CALL');
    await form.getByLabel('Avec qui').fill('le fils de Mme Garnier');
    await expectFits(page, viewport, 'Formulaire de rendez-vous');
    await shot(page, `week-booking-${name}`);
    await form.getByRole('button', { name: 'Prendre le rendez-vous' }).click();
    await page.getByRole('region', { name: 'Étapes possibles' }).getByRole('status').filter({ hasText: 'Rendez-vous pris' }).waitFor();
    await eventually(() => appointments.innerText(), (t) => t.includes('Appel téléphonique'));
    await page.context().close();
  });

  it("the supervisor's forecast: due work week by week, per case manager", async () => {
    const page = await newPage(browser, stack.apiUrl, viewport);
    await signInAs(page, /Superviseur·e T75-EST/);
    await page.waitForURL('**/supervision');
    const forecast = page.getByTestId('forecast');
    await forecast.waitFor();
    // The table comes with the case managers' ids; their names arrive with the caseload list, a moment later.
    const text = await eventually(() => forecast.innerText(), (t) => t.includes('Louise Bernard'));
    expect(text).toContain('Louise Bernard');
    expect(text).toContain('Paul Lefèvre');
    expect(text).toContain('Territoire');
    await expectFits(page, viewport, 'Supervision');
    await page.getByRole('heading', { name: /Charge à venir/ }).scrollIntoViewIfNeeded();
    await shot(page, `week-forecast-${name}`);
    await page.context().close();
  });
});
