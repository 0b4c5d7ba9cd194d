// What the browser specs need (the setup of web-app.spec.ts, which exports nothing): the Chromium that
// comes with npm ci (infra/chromium.cjs) through playwright-core against the stack's API (which serves apps/web/dist), axe-core injected in
// the page, screenshots under tmp/screenshots/, the demo sign-in, and waiting without sleeping blindly.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { chromiumPath } from '../../infra/chromium.cjs';
import { eventuallyValue } from '@pathway/testing';
import { startStack, Stack, StackOptions } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, isoAgo, people, referral } from './api-support';

export const ROOT = path.resolve(__dirname, '../..');
export const SHOTS = path.join(ROOT, 'tmp/screenshots');
// Without the background-networking flags Chromium keeps calling Google's hosts, which this sandbox refuses.
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Fails early when the web app is not built; makes the screenshot folder. */
export function assertWebBuilt(): void {
  if (!fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: build it first (npm test does; or `node infra/build.cjs --web`)');
  fs.mkdirSync(SHOTS, { recursive: true });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/**
 * The stack and the browser, started side by side. If either fails the other is stopped before the
 * error is thrown: a spec's afterAll never sees them (its variables were never assigned), so nothing else would.
 */
export async function startStackAndBrowser(options: StackOptions = {}): Promise<[Stack, Browser]> {
  const [stackStart, browserStart] = await Promise.allSettled([startStack(options), launchBrowser()]);
  if (stackStart.status === 'fulfilled' && browserStart.status === 'fulfilled') return [stackStart.value, browserStart.value];
  if (stackStart.status === 'fulfilled') await stackStart.value.stop();
  if (browserStart.status === 'fulfilled') await browserStart.value.close();
  throw stackStart.status === 'rejected' ? stackStart.reason : (browserStart as PromiseRejectedResult).reason;
}

export interface WebStack {
  stack: Stack;
  api: Api;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * One spec file's stack and browser: the whole stack (with `policy` as its PATHWAY_POLICY_FILE, to
 * compress clocks) and these case managers of T75-EST, whom the demo sign-in page then offers, with
 * the territory's supervisor and intake desk.
 */
export async function startWebStack(
  options: { policy?: Record<string, string>; caseManagers?: ReadonlyArray<readonly [id: string, name: string, capacity: number]> } = {},
): Promise<WebStack> {
  assertWebBuilt();
  const policyDir = options.policy ? fs.mkdtempSync(path.join(os.tmpdir(), 'web-policy-')) : undefined;
  const env: Record<string, string> = {};
  if (policyDir) {
    env.PATHWAY_POLICY_FILE = path.join(policyDir, 'policy.json');
    fs.writeFileSync(env.PATHWAY_POLICY_FILE, JSON.stringify(options.policy));
  }
  const [stack, browser] = await startStackAndBrowser({ env });
  const stop = async () => {
    await browser.close();
    await stack.stop();
    if (policyDir) fs.rmSync(policyDir, { recursive: true, force: true });
  };
  const api = new Api(stack.apiUrl);
  try {
    for (const [id, name, capacity] of options.caseManagers ?? [['cm-louise', 'Louise Bernard', 10]]) {
      expectStatus(await api.post('/api/v1/case-managers', people.admin, { id, name, email: `${id}@dac.example`, territory: 'T75-EST', capacity }), 201);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { stack, api, browser, stop };
}

export interface Viewport {
  width: number;
  height: number;
}
export const DESKTOP: Viewport = { width: 1280, height: 900 };
/** A phone held upright (an iPhone 12 to 15's CSS pixels): the case manager on the road. */
export const PHONE: Viewport = { width: 390, height: 844 };

/** How far the page is wider than its viewport (0: nothing to scroll sideways, as a phone screen needs). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
}

/** The innermost elements that reach past the page's right edge (what a sideways scroll would be for), named for a failure message. */
export async function widerThanPage(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    return wide
      .filter((el) => !wide.some((other) => other !== el && el.contains(other)))
      .slice(0, 5)
      .map((el) => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '" right ' + Math.round(el.getBoundingClientRect().right));
  })()`)) as string[];
}

/** A page in a fresh context (its own sessionStorage), French, in Paris time; browser errors go to the test log. */
export async function newPage(browser: Browser, baseURL: string, viewport: Viewport = DESKTOP): Promise<Page> {
  // axe-core is injected as an inline script, which the API's CSP (script-src 'self') rightly refuses.
  const phone = viewport.width < 600;
  const context = await browser.newContext({ baseURL, bypassCSP: true, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport, isMobile: phone, hasTouch: phone });
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
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations)')) as AxeViolation[];
  const grave = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect({ screen, violations: grave.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`) }).toEqual({ screen, violations: [] });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The demo sign-in: the button of the named user. */
export async function signInAs(page: Page, name: string | RegExp): Promise<void> {
  await page.goto('/');
  await page.waitForURL('**/connexion');
  await page.getByRole('button', { name: typeof name === 'string' ? new RegExp(name) : name }).click();
  // The URL changes before the next page renders: until the sign-in page is gone, its heading is still the
  // page's (seen in web-intake and web-physician reading "Connexion").
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor({ state: 'detached' });
}

/** Polls until `done` holds (`@pathway/testing`); fails with the last value on time-out. */
export function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  return eventuallyValue(read, done, { timeoutMs, intervalMs: 250, message: 'the page to show what is expected' });
}

/** The element's text once it is `expected`; fails after 10 s with the text it has then. */
export function textOf(locator: Locator, expected: string): Promise<string> {
  return eventually(() => locator.innerText().catch(() => ''), (text) => text === expected, 10_000);
}

/** The text of what describes an input (its hint and its error), through its aria-describedby. */
export async function descriptionOf(input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts = await Promise.all(ids.map((id) => input.page().locator(`[id="${id}"]`).innerText()));
  return texts.join(' ');
}

/** A referral for a named patient (names are what the screens show), accepted: it waits for a case manager. */
export async function waitingPathway(api: Api, firstName: string, lastName: string): Promise<string> {
  const body = referral();
  body.patient = { ...body.patient, firstName, lastName };
  const referred = await api.post('/api/v1/pathways', people.intake, body);
  expectStatus(referred, 201);
  expectStatus(await api.post(`/api/v1/pathways/${referred.body.id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  return referred.body.id;
}

/** ... assigned and consent given: in ASSESSMENT, its first contact due as the stack's policy says. */
export async function inAssessment(api: Api, firstName: string, lastName: string, caseManagerId: string): Promise<string> {
  const id = await waitingPathway(api, firstName, lastName);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, people.caseManager(caseManagerId), { given: true, at: isoAgo(1) }), 200);
  return id;
}
