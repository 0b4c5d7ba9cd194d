// Signing in to the web app with OpenID Connect (issue 10), in a real browser (the Chromium of npm ci driven
// by playwright-core) against the whole stack in production mode and a REAL OpenID provider: panva's
// oidc-provider (OpenID Certified), started by this suite on 127.0.0.1 (web-oidc-provider.mjs), with a
// public client (no secret, PKCE required) whose redirect URI is the stack's /connexion/retour, JWT
// access tokens for the API's audience, and a case manager's account carrying `roles` and `territory`.
// The browser runs under the API's real CSP (no bypass): the app may reach the issuer's origin only.
import fs from 'node:fs';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { freePort } from '../../infra/ports.cjs';
import { spawnService, waitForService } from '../../infra/processes.cjs';
import type { ServiceProcess } from '../../infra/processes.cjs';
import type { Stack } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, referral } from './api-support';
import { startStackAndBrowser } from './web-support';

const ROOT = path.resolve(__dirname, '../..');
const SHOTS = path.join(ROOT, 'tmp/screenshots');

const CLIENT_ID = 'care-pathways-web';
/** The API's audience: not the web client's id (as in a Keycloak realm with an audience mapper). */
const AUDIENCE = 'care-pathways-api';
/** The resource indicator (RFC 8707) the provider issues the API's tokens for. */
const RESOURCE = 'urn:care-pathways:api';
const TERRITORY = 'T75-OIDC';
const LOUISE = { id: 'cm-louise', name: 'Louise Bernard', email: 'louise.bernard@dac.example', roles: ['case_manager'], territory: TERRITORY };

let stack: Stack;
let api: Api;
let browser: Browser;
let provider: ServiceProcess;
let issuer: string;
const signingKey = testKey();

/** The provider's signing key, held by the test too: it mints the tokens the data is set up with. */
function testKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `web-oidc-${randomBytes(4).toString('hex')}`;
  return {
    jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' },
    sign(claims: Record<string, unknown>): string {
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({ iss: issuer, aud: AUDIENCE, iat: now, exp: now + 600, ...claims })}`;
      return `${unsigned}.${sign('sha256', Buffer.from(unsigned), privateKey).toString('base64url')}`;
    },
  };
}

const admin = () => signingKey.sign({ sub: 'admin-oidc', roles: ['admin'] });
const intake = () => signingKey.sign({ sub: 'intake-oidc', roles: ['intake'], territory: TERRITORY });
const supervisor = () => signingKey.sign({ sub: 'sup-oidc', roles: ['supervisor'], territory: TERRITORY });

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'apps/web/dist/index.html'))) throw new Error('apps/web/dist is missing: build it first (npm test does; or `node infra/build.cjs --web`)');
  fs.mkdirSync(SHOTS, { recursive: true });
  // The issuer's address goes into the API's settings, the API's into the provider's client: the
  // provider's port is chosen first, and the provider started once the stack has its port.
  const providerPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  [stack, browser] = await startStackAndBrowser({ env: { AUTH_ISSUER: issuer, AUTH_JWKS_URL: `${issuer}/jwks`, AUTH_AUDIENCE: AUDIENCE, AUTH_CLIENT_ID: CLIENT_ID, AUTH_JWT_SECRET: '' } });
  const options = {
    port: providerPort,
    signingKey: signingKey.jwk,
    clientId: CLIENT_ID,
    redirectUri: `${stack.apiUrl}/connexion/retour`,
    postLogoutRedirectUri: `${stack.apiUrl}/connexion`,
    audience: AUDIENCE,
    resource: RESOURCE,
    accessTokenTtl: 600,
    accounts: { [LOUISE.id]: LOUISE },
  };
  provider = spawnService('oidc-provider', process.execPath, [path.join(__dirname, 'web-oidc-provider.mjs')], {
    cwd: ROOT,
    env: { ...process.env, OIDC_PROVIDER_OPTIONS: JSON.stringify(options) },
    onLine: (line) => /server_error|grant\.error|authorization\.error/.test(line) && console.error(`[oidc-provider] ${line}`),
  });
  await waitForService(provider, async () => (await fetch(`${issuer}/.well-known/openid-configuration`).catch(() => undefined))?.ok, {
    timeoutMs: 30_000,
    notReadyMessage: 'oidc-provider did not serve its discovery document',
  });

  // Louise's caseload: one pathway, set up through the API with tokens of the same issuer.
  api = new Api(stack.apiUrl);
  expectStatus(await api.post('/api/v1/case-managers', admin(), { id: LOUISE.id, name: LOUISE.name, email: LOUISE.email, territory: TERRITORY, capacity: 10 }), 201);
  const body = referral({ territory: TERRITORY });
  body.patient = { ...body.patient, firstName: 'Odette', lastName: 'Dupont' };
  const referred = await api.post('/api/v1/pathways', intake(), body);
  expectStatus(referred, 201);
  expectStatus(await api.post(`/api/v1/pathways/${referred.body.id}/eligibility`, intake(), { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${referred.body.id}/assignment`, supervisor(), { caseManagerId: LOUISE.id }), 200);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  await stack?.stop();
});

async function newPage(): Promise<{ context: BrowserContext; page: Page; requests: Request[] }> {
  // No bypassCSP: the API's own policy must let the app reach the issuer (and only it).
  const context = await browser.newContext({ baseURL: stack.apiUrl, locale: 'fr-FR', timezoneId: 'Europe/Paris', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  page.on('pageerror', (err) => console.error(`[browser] ${err.message}`));
  page.on('console', (message) => message.type() === 'error' && !message.text().startsWith('Failed to load resource') && console.error(`[browser console] ${message.text()}`));
  return { context, page, requests };
}

/** From the app to the provider's login page, signed in as `login`, consent given when asked. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto('/');
  await page.waitForURL(`${issuer}/interaction/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('signing in to the web app with OpenID Connect', () => {
  it('the API tells the app to sign in with the issuer, offers no demo users, and lets the app reach that issuer only', async () => {
    const config = await api.get('/api/v1/auth/config', '');
    expectStatus(config, 200);
    expect(config.body).toEqual({ mode: 'oidc', issuer, clientId: CLIENT_ID, scopes: ['openid', 'profile', 'email'] });
    expectStatus(await api.get('/api/v1/auth/demo-users', ''), 404);
    const csp = (await api.call('GET', '/connexion')).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(new RegExp(`(^|;)connect-src 'self' ${issuer.replace(/\./g, '\\.')}(;|$)`));
    expect(csp).toMatch(/(^|;)default-src 'self'(;|$)/);
  });

  it('an answer whose state was tampered with is refused, in French, and its code never redeemed', async () => {
    const { context, page, requests } = await newPage();
    // The state is changed on its way to the provider, which sends it back, with a genuine code.
    let sent = '';
    const toProvider = (url: URL) => url.href.startsWith(`${issuer}/auth?`);
    await page.route(toProvider, (route) => {
      const url = new URL(route.request().url());
      sent = url.searchParams.get('state') ?? '';
      url.searchParams.set('state', `${sent.slice(0, -1)}${sent.endsWith('x') ? 'y' : 'x'}`);
      return route.continue({ url: url.href });
    });
    await signInAtProvider(page, LOUISE.id);

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/ne correspond à aucune demande de connexion de cette page \(paramètre « state » invalide\)/);
    const answer = new URL(requests.find((r) => r.url().startsWith(`${stack.apiUrl}/connexion/retour?`))?.url() ?? '');
    expect(answer.searchParams.get('code')).toBeTruthy();
    expect(sent).toMatch(/^[\w-]{43}$/);
    expect(answer.searchParams.get('state')).not.toBe(sent);
    expect(page.url()).toBe(`${stack.apiUrl}/connexion/retour`); // the code left the address bar
    expect(requests.filter((r) => r.url().startsWith(`${issuer}/token`))).toEqual([]);
    expect(await page.evaluate(`({ session: sessionStorage.getItem('pathway.session'), pending: sessionStorage.getItem('pathway.oidc.pending') })`)).toEqual({ session: null, pending: null });
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-oidc-state-refused.png'), fullPage: true });
    await context.close();
  });

  it('a case manager signs in at the provider, consents, and sees their caseload, fetched with the provider’s access token', async () => {
    const { context, page, requests } = await newPage();
    await signInAtProvider(page, LOUISE.id);
    await page.waitForURL('**/portefeuille');
    const rows = page.locator('table.portfolio tbody tr');
    await rows.first().waitFor();
    expect(await rows.first().locator('th').innerText()).toBe('DUPONT Odette');
    expect(await page.locator('.who').innerText()).toMatch(/Louise Bernard \(gestionnaire de cas, T75-OIDC\)/);

    // The authorization request: code flow, PKCE S256, state and nonce.
    const authorization = new URL(requests.find((r) => r.url().startsWith(`${issuer}/auth?`))?.url() ?? '');
    expect(Object.fromEntries(['response_type', 'client_id', 'code_challenge_method', 'scope', 'redirect_uri'].map((k) => [k, authorization.searchParams.get(k)]))).toEqual({
      response_type: 'code',
      client_id: CLIENT_ID,
      code_challenge_method: 'S256',
      scope: 'openid profile email',
      redirect_uri: `${stack.apiUrl}/connexion/retour`,
    });
    for (const name of ['code_challenge', 'state', 'nonce']) expect(authorization.searchParams.get(name)).toMatch(/^[\w-]{43}$/);
    // The code redeemed by the browser, as a public client, with the verifier.
    const exchange = requests.find((r) => r.url() === `${issuer}/token` && r.method() === 'POST');
    const form = new URLSearchParams(exchange?.postData() ?? '');
    expect(form.get('grant_type')).toBe('authorization_code');
    expect(form.get('code_verifier')).toMatch(/^[\w-]{43}$/);
    expect(form.get('client_secret')).toBeNull();
    // The caseload came from the API with the provider's JWT for the API's audience.
    const caseload = requests.find((r) => r.url().startsWith(`${stack.apiUrl}/api/v1/pathways`));
    const bearer = /^Bearer (.+)$/.exec((await caseload?.allHeaders())?.authorization ?? '')?.[1] ?? '';
    expect(claimsOf(bearer)).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: LOUISE.id, roles: ['case_manager'], territory: TERRITORY, client_id: CLIENT_ID });

    // The session lives in this tab's sessionStorage, never localStorage.
    const stored = await page.evaluate(`({ session: JSON.parse(sessionStorage.getItem('pathway.session')), local: localStorage.length })`);
    expect(stored).toEqual({ local: 0, session: expect.objectContaining({ id: LOUISE.id, role: 'case_manager', token: bearer, expiresAt: expect.any(Number) }) });
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-oidc.png'), fullPage: true });

    // An expired token: back to the sign-in page, which says so and waits; one click signs back in
    // (the provider remembers the login and the consent).
    await page.evaluate(`sessionStorage.setItem('pathway.session', JSON.stringify({ ...JSON.parse(sessionStorage.getItem('pathway.session')), expiresAt: Date.now() - 1000 }))`);
    await page.reload();
    await page.waitForURL('**/connexion');
    await page.getByText('Votre session a expiré : reconnectez-vous.').waitFor();
    await page.waitForTimeout(500);
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await page.getByRole('button', { name: 'Se connecter avec le compte de l’établissement' }).click();
    await page.waitForURL('**/portefeuille');
    await rows.first().waitFor();

    // Signing out ends the provider's session too (RP-initiated logout), back to a sign-in page that waits.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${issuer}/session/end**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL('**/connexion');
    await page.getByText('Vous êtes déconnecté·e.').waitFor();
    expect(await page.evaluate(`sessionStorage.getItem('pathway.session')`)).toBeNull();
    await page.getByRole('button', { name: 'Se connecter avec le compte de l’établissement' }).click();
    await page.waitForURL(`${issuer}/interaction/**`); // signed out there too: the provider asks for a login again
    await context.close();
  });
});
