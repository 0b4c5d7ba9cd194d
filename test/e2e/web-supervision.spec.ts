// The supervision page in a real browser (the Chromium of npm ci, driven by playwright-core) against the whole
// stack, the app served by the API from apps/web/dist, with a compressed policy: a case manager's first
// contact is due 4 s after the assignment, so an assigned pathway soon stands in the stuck list.
// A pilote MAIA assigns a waiting pathway, is refused a full case manager (409, in plain French next to
// the control), reassigns a stuck pathway, and reads the territory's indicators as charts whose figures
// are the API's. Screenshots: tmp/screenshots/supervision-*.png.
import type { Browser, Locator, Page } from 'playwright-core';
import type { Stack } from '../support/stack';
import { Api, createCaseManager, expectStatus, people } from './api-support';
import { eventually, expectAccessible, newPage, shot, inAssessment, signInAs, startWebStack, waitingPathway, WebStack } from './web-support';
import { deadlineLabel } from '../../apps/web/src/labels';
import { closureReasonLabel, recipientLabel } from '../../apps/web/src/supervision/words';

const FIRST_CONTACT_DUE_MS = 4_000;

let web: WebStack;
let stack: Stack;
let api: Api;
let browser: Browser;
let page: Page;

const ids = { full: '', stuck: '', planned: '', closed: '', suzanne: '', marcel: '' };

const caseManagerOf = async (id: string) => ((await api.get(`/api/v1/pathways/${id}`, people.supervisor)).body.caseManagerId as string | undefined) ?? null;

beforeAll(async () => {
  web = await startWebStack({
    policy: { firstContactDue: `PT${FIRST_CONTACT_DUE_MS / 1000}S`, firstContactDueReminderBefore: 'PT0S' },
    caseManagers: [['cm-louise', 'Louise Bernard', 10], ['cm-karim', 'Karim Haddad', 1], ['cm-nadia', 'Nadia Benali', 5]],
  });
  ({ stack, api, browser } = web);
  // Karim is full; Louise has a pathway soon stuck and one whose plan the physician acknowledged.
  ids.full = await inAssessment(api, 'Paul', 'Garnier', 'cm-karim');
  ids.stuck = await inAssessment(api, 'Henri', 'Moreau', 'cm-louise');
  ids.planned = await inAssessment(api, 'Odette', 'Dupont', 'cm-louise');
  const louise = people.caseManager('cm-louise');
  expectStatus(await api.post(`/api/v1/pathways/${ids.planned}/assessments`, louise, { performedAt: new Date(Date.now() - 1_000).toISOString(), mmse: 18, gir: 4, zarit: 35, summary: 'Déclin modéré' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${ids.planned}/plans`, louise, { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'quotidien', startsAt: new Date().toISOString().slice(0, 10) }] }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${ids.planned}/plan-acknowledgements`, people.physician, { acknowledgedAt: new Date().toISOString() }), 200);
  // One person moved away before being assigned; two still wait.
  ids.closed = await waitingPathway(api, 'Lucien', 'Roux');
  expectStatus(await api.post(`/api/v1/pathways/${ids.closed}/closure`, people.supervisor, { reason: 'MOVED' }), 200);
  ids.suzanne = await waitingPathway(api, 'Suzanne', 'Petit');
  ids.marcel = await waitingPathway(api, 'Marcel', 'Leroy');

  page = await newPage(browser, stack.apiUrl);
  await signInAs(page, /Superviseur·e T75-EST/);
  await page.waitForURL('**/supervision');
  await page.getByRole('heading', { name: 'Liste d’attente' }).waitFor();
}, 180_000);

afterAll(async () => {
  await page?.context().close();
  await web?.stop();
});

const bar = (caseManagerId: string) => page.locator(`.bars li[data-case-manager-id="${caseManagerId}"]`);
const waitingRow = (id: string) => page.locator(`table.waiting tr[data-pathway-id="${id}"]`);
const stuckRow = (id: string) => page.getByRole('region', { name: 'Parcours bloqués' }).locator(`tr[data-pathway-id="${id}"]`);

/** "Louise Bernard : 2 / 10 parcours" → 2. */
async function activeOf(caseManagerId: string): Promise<number> {
  const text = await bar(caseManagerId).innerText();
  const found = /: (\d+) \/ (\d+) parcours/.exec(text);
  if (!found) throw new Error(`no caseload in "${text}"`);
  return Number(found[1]);
}

/** Clicks "Actualiser" until `done` holds for what `read` finds on the page. */
async function refreshUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  return eventually(
    async () => {
      await page.getByRole('button', { name: 'Actualiser' }).click();
      await page.waitForTimeout(400);
      return read();
    },
    done,
    timeoutMs,
  );
}

/** JSON with every object's keys in order: the page lists bars largest first, the API in its own order. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

async function visible(locator: Locator): Promise<boolean> {
  return (await locator.count()) > 0;
}

describe('the supervision page, in a browser, against the whole stack', () => {
  it('assigns a waiting pathway to a case manager, with the keyboard: it leaves the waiting list and her bar grows', async () => {
    const row = waitingRow(ids.suzanne);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/PETIT Suzanne/);
    const before = await activeOf('cm-louise');
    expect(await bar('cm-karim').innerText()).toMatch(/Karim Haddad : 1 \/ 1 parcours \(complet\)/);

    const select = row.getByLabel('Attribuer le parcours de PETIT Suzanne à');
    // Every case manager of the territory, with the room each has left (the full one says so).
    const options = await select.locator('option').allInnerTexts();
    expect(options).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Louise Bernard — \d+ places libres \(\d+ \/ 10\)$/), 'Karim Haddad — complet (1 / 1)', 'Nadia Benali — 5 places libres (0 / 5)']),
    );
    await select.focus();
    await select.selectOption('cm-louise');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Attribuer le parcours de PETIT Suzanne');
    await page.keyboard.press('Enter');

    await page.getByRole('status').filter({ hasText: 'Le parcours de PETIT Suzanne est maintenant suivi par Louise Bernard.' }).waitFor();
    expect(await caseManagerOf(ids.suzanne)).toBe('cm-louise');
    const gone = await refreshUntil(() => visible(row), (present) => !present);
    expect(gone).toBe(false);
    expect(await refreshUntil(() => activeOf('cm-louise'), (n) => n === before + 1)).toBe(before + 1);
    await shot(page, 'supervision-1-attribution');
    await expectAccessible(page, 'Supervision, après une attribution');
  });

  it('says in plain French, next to the control, that a full case manager cannot take a pathway (409)', async () => {
    const row = waitingRow(ids.marcel);
    const select = row.getByLabel('Attribuer le parcours de LEROY Marcel à');
    await select.selectOption('cm-karim');
    await row.getByRole('button', { name: 'Attribuer le parcours de LEROY Marcel' }).click();

    const refusal = row.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toBe(
      'Attribution refusée : Karim Haddad suit déjà autant de parcours que sa capacité le permet (1 parcours pour 1 place) : choisissez un autre gestionnaire de cas, ou libérez d’abord une place.',
    );
    expect(await select.getAttribute('aria-invalid')).toBe('true');
    expect(await select.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    // Nothing changed: Marcel still waits, Karim still holds one pathway.
    expect(await visible(row)).toBe(true);
    expect(await caseManagerOf(ids.marcel)).toBeNull();
    expect(await activeOf('cm-karim')).toBe(1);
    await shot(page, 'supervision-2-refus-capacite');
    await expectAccessible(page, 'Supervision, attribution refusée');
  });

  it('reassigns a stuck pathway to another case manager: the row names her, the bars follow', async () => {
    const row = stuckRow(ids.stuck);
    expect(await refreshUntil(() => visible(row), (present) => present, 30_000)).toBe(true);
    expect(await row.innerText()).toMatch(/Premier contact en retard/);
    expect(await row.getByTestId('gestionnaire').innerText()).toBe('Louise Bernard (cm-louise)');
    const louise = await activeOf('cm-louise');
    const nadia = await activeOf('cm-nadia');

    const select = row.getByLabel(`Réattribuer le parcours ${ids.stuck.slice(0, 8)} à`);
    // The current case manager is shown but cannot be chosen again.
    expect(await select.locator('option[value="cm-louise"]').isDisabled()).toBe(true);
    await select.selectOption('cm-nadia');
    await row.getByRole('button', { name: `Réattribuer le parcours ${ids.stuck.slice(0, 8)}` }).click();
    await page.getByRole('status').filter({ hasText: `Le parcours ${ids.stuck.slice(0, 8)} est maintenant suivi par Nadia Benali.` }).waitFor();
    expect(await caseManagerOf(ids.stuck)).toBe('cm-nadia');

    // Still stuck (the deadlines stay with the pathway), now in Nadia's name.
    const named = await refreshUntil(() => row.getByTestId('gestionnaire').innerText(), (text) => text === 'Nadia Benali (cm-nadia)');
    expect(named).toBe('Nadia Benali (cm-nadia)');
    expect(await refreshUntil(() => Promise.all([activeOf('cm-louise'), activeOf('cm-nadia')]), ([l, n]) => l === louise - 1 && n === nadia + 1)).toEqual([louise - 1, nadia + 1]);
    await shot(page, 'supervision-3-reattribution');
    await expectAccessible(page, 'Supervision, après une réattribution');
  });

  it('draws the indicators as charts whose figures are those of GET /api/v1/supervision/indicators', async () => {
    const section = page.getByRole('region', { name: 'Indicateurs du territoire' });
    await section.locator('[data-chart="flux"] svg[role="img"]').waitFor();

    /** What the charts show, read from the page: each bar's label and figure, and the headlines. */
    const shown = () =>
      // A string, run in the page (this project's types have no DOM).
      page.evaluate(`(() => {
        const bars = (name) => Object.fromEntries(Array.from(document.querySelectorAll('[data-chart="' + name + '"] [data-label]'), (g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-value'))]));
        const text = (selector) => document.querySelector(selector)?.textContent ?? '';
        return {
          flux: bars('flux'),
          clotures: bars('clotures'),
          relances: bars('relances'),
          relancesTitre: text('[data-chart="relances"] .chart-headline'),
          echeances: bars('echeances'),
          echeancesTitre: text('[data-chart="echeances"] .chart-headline'),
          visa: bars('visa'),
          delais: Array.from(document.querySelectorAll('[data-chart="delais"] .chart-group'), (t) => t.textContent),
        };
      })()`);
    /** The same, computed from the API's answer with the page's French labels. */
    const expected = async () => {
      const ind = (await api.get('/api/v1/supervision/indicators', people.supervisor)).body;
      const labelled = (counts: Record<string, number>, label: (code: string) => string) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).map(([code, n]) => [label(code), n]));
      const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
      return {
        flux: { 'Orientations reçues': ind.pathways.opened, 'Parcours clôturés': ind.pathways.closed },
        clotures: labelled(ind.pathways.closedByReason, closureReasonLabel),
        relances: labelled(ind.reminders.sentByRecipient, recipientLabel),
        relancesTitre: ind.reminders.sent ? `${plural(ind.reminders.sent, 'relance')} envoyée${ind.reminders.sent > 1 ? 's' : ''} sur la période, par destinataire.` : '',
        echeances: labelled(ind.overdue.deadlinesPassedByKind, deadlineLabel),
        echeancesTitre: `${ind.overdue.deadlinesPassed ? `${plural(ind.overdue.deadlinesPassed, 'échéance')} dépassée${ind.overdue.deadlinesPassed > 1 ? 's' : ''}` : 'Aucune échéance dépassée'} sur la période ; ${ind.overdue.pathwaysOverdueNow} parcours en retard aujourd’hui.`,
        visa: ind.planAcknowledgement.acknowledgedInTime + ind.planAcknowledgement.windowEnded > 0 ? { 'Visés dans le délai': ind.planAcknowledgement.acknowledgedInTime, 'Délai écoulé sans visa': ind.planAcknowledgement.windowEnded } : {},
        delais: [
          ['Orientation → 1re évaluation', ind.delays.referralToFirstAssessment.count],
          ['Évaluation → plan d’aide', ind.delays.assessmentToPlan.count],
        ]
          .filter(([, n]) => (n as number) > 0)
          .map(([label, n]) => `${label} (${plural(n as number, 'mesure')})`),
        raw: ind,
      };
    };

    // Reminders go out in the background: compare until the page and the API agree (they settle within seconds).
    const last = await eventually(
      async () => {
        await page.getByRole('button', { name: 'Actualiser' }).click();
        await page.waitForTimeout(500);
        const onPage = await shown();
        const { raw, ...fromApi } = await expected();
        return { onPage, fromApi, raw };
      },
      ({ onPage, fromApi }) => canonical(onPage) === canonical(fromApi),
      20_000,
    );
    const { raw } = last;
    expect(last.onPage).toEqual(last.fromApi);
    // The stage set up above: pathways opened and one closed (moved away), a delay measured, a plan acknowledged in time.
    expect(raw.pathways.opened).toBeGreaterThanOrEqual(6);
    expect(raw.pathways.closedByReason).toEqual({ MOVED: 1 });
    expect(raw.delays.referralToFirstAssessment.count).toBe(1);
    expect(raw.planAcknowledgement.acknowledgedInTime).toBe(1);
    expect(raw.overdue.deadlinesPassed).toBeGreaterThanOrEqual(1);

    // Each chart is one image named by a French sentence carrying its figures.
    const fluxLabel = await section.locator('[data-chart="flux"] svg[role="img"]').getAttribute('aria-label');
    expect(fluxLabel).toBe(`Parcours ouverts et clôturés (nombre de parcours). Orientations reçues : ${raw.pathways.opened} ; Parcours clôturés : 1.`);
    expect(await section.locator('[data-chart="visa"] svg[role="img"]').getAttribute('aria-label')).toMatch(/^Visa du médecin sur le plan d’aide : 100\s%/);
    expect(await section.locator('[data-chart="clotures"] svg[role="img"]').getAttribute('aria-label')).toBe('Clôtures par motif (nombre de parcours). Départ du territoire : 1.');
    expect(await section.locator('[data-chart="delais"] svg[role="img"]').getAttribute('aria-label')).toMatch(/^Délais de prise en charge \(en (secondes|minutes|heures)\)\. De l’orientation à la première évaluation \(1 mesure\), Médiane : /);
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'supervision-4-indicateurs');
    await expectAccessible(page, 'Supervision, indicateurs');

    // Another period: the API is asked from 7 days ago, and says so.
    const period = section.getByTestId('periode-indicateurs');
    const before = await period.innerText();
    await section.getByLabel('Période', { exact: true }).selectOption('7');
    const after = await eventually(() => period.innerText(), (text) => text !== before, 10_000);
    const weekAgo = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(new Date(Date.now() - 7 * 86_400_000));
    expect(after).toBe(`Territoire T75-EST, du ${weekAgo} au ${new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'Europe/Paris' }).format(new Date())}.`);
    expect(await section.locator('[data-chart="flux"] svg[role="img"]').getAttribute('aria-label')).toBe(fluxLabel);
  });

  it('shows the pathways an absence left unplaced and places one on a case manager with room (issue 19), not on a full one', async () => {
    await createCaseManager(api, 'cm-abs-rose', 10);
    await createCaseManager(api, 'cm-abs-yves', 1);
    await createCaseManager(api, 'cm-abs-lina', 5);
    const moved = await inAssessment(api, 'Jean', 'Valette', 'cm-abs-rose');
    const left = await inAssessment(api, 'Simone', 'Caron', 'cm-abs-rose');
    const declared = await api.post('/api/v1/case-managers/cm-abs-rose/absences', people.supervisor, {
      from: new Date().toISOString(),
      to: new Date(Date.now() + 10 * 60_000).toISOString(),
      coveredBy: ['cm-abs-yves'],
    });
    expectStatus(declared, 201);
    expect(declared.body.unplaced).toEqual([left]);
    expect(await caseManagerOf(moved)).toBe('cm-abs-yves');

    await page.getByRole('button', { name: 'Actualiser' }).click();
    const section = page.getByRole('region', { name: 'Parcours à placer (absences)' });
    const row = section.locator(`tr[data-pathway-id="${left}"]`);
    await row.waitFor();
    expect(await row.locator('td').first().innerText()).toBe('Case manager cm-abs-rose');
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'supervision-5-a-placer');
    await expectAccessible(page, 'Supervision, parcours à placer');

    // The covering case manager is full: refused in plain French, the pathway stays to place.
    await row.getByLabel('Placer le parcours de CARON Simone à').selectOption('cm-abs-yves');
    await row.getByRole('button', { name: 'Placer le parcours de CARON Simone' }).click();
    await expect(row.getByRole('alert').innerText()).resolves.toMatch(/^Placement refusé : Case manager cm-abs-yves n’a plus de place/);
    expect(await caseManagerOf(left)).toBe('cm-abs-rose');

    await row.getByLabel('Placer le parcours de CARON Simone à').selectOption('cm-abs-lina');
    await row.getByRole('button', { name: 'Placer le parcours de CARON Simone' }).click();
    await page.getByText('Le parcours de CARON Simone est maintenant suivi par Case manager cm-abs-lina.').waitFor();
    await row.waitFor({ state: 'detached' });
    expect(await caseManagerOf(left)).toBe('cm-abs-lina');
  });
});
