// Authentication in production mode: the API verifies an OIDC issuer's tokens against the key set it
// publishes (here a JWKS endpoint this test serves on 127.0.0.1, with generated RS256 and ES256 keys),
// through the real API process. Every refused token is 401 with a reason, and leaves a denied row in
// the audit trail. A half-configured issuer stops start-up.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../infra/ports.cjs';
import { pollUntil, spawnService } from '../../infra/processes.cjs';
import { startStack, Stack } from '../support/stack';
import { Answer, Api, expectStatus, referral } from './api-support';
import { AuditReader, claimsOf, hs256Token, IssuerKey, JwksServer, requestId, tamper, unsignedToken } from './security-support';

const API_MAIN = path.resolve(__dirname, '../../dist/apps/api/src/main.js');
const ISSUER = 'https://id.care-pathways.test/realms/maia';
const AUDIENCE = 'care-pathways-api';
const TERRITORY = 'T75-OIDC';

const rsa = new IssuerKey('RS256');
const ec = new IssuerKey('ES256');
/** A key the issuer never published, with the same key id as a published one (a forged token). */
const impostor = new IssuerKey('RS256');
const unpublished = new IssuerKey('ES256');
const jwks = new JwksServer();

let stack: Stack;
let api: Api;
let audit: AuditReader;

const intake = { sub: 'intake-oidc', roles: ['intake'], territory: TERRITORY, iss: ISSUER, aud: AUDIENCE };
const valid = (over: Record<string, unknown> = {}) => claimsOf({ ...intake, ...over });
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  await jwks.start([rsa, ec]);
  stack = await startStack({ env: { AUTH_JWKS_URL: jwks.url, AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWT_SECRET: '' } });
  api = new Api(stack.apiUrl);
  audit = await AuditReader.connect(stack.databaseUrl);
}, 120_000);
afterAll(async () => {
  await audit?.close();
  await stack?.stop();
  await jwks.stop();
});

describe('tokens of the OIDC issuer', () => {
  it.each([
    ['RS256', () => rsa.sign(valid())],
    ['ES256', () => ec.sign(valid())],
  ])('an %s token signed with a published key is accepted', async (_alg, mint) => {
    expectStatus(await api.get('/api/v1/pathways', mint()), 200);
  });

  it('the issuer may name several audiences, ours among them', async () => {
    expectStatus(await api.get('/api/v1/pathways', rsa.sign(valid({ aud: ['temporal-ui', AUDIENCE] }))), 200);
  });
});

// Every way a token can be wrong, and the reason the 401 names.
const REFUSED: [what: string, reason: string, detail: RegExp, mint: () => string][] = [
  ['expired', 'expired', /the token has expired/, () => rsa.sign(valid({ iat: now() - 7200, exp: now() - 3600 }))],
  ['not yet valid (nbf in an hour)', 'not_yet_valid', /not valid yet/, () => rsa.sign(valid({ nbf: now() + 3600 }))],
  ['unsigned (alg "none")', 'unsigned', /unsigned \(alg "none"\)/, () => unsignedToken(intake)],
  ['signed by a key the issuer does not publish, under a published key id', 'bad_signature', /signature does not verify/, () => impostor.sign(valid(), { kid: rsa.kid })],
  ['signed by an unknown key id', 'unknown_key', /key the issuer does not publish/, () => unpublished.sign(valid())],
  ['tampered with after signing (roles changed)', 'bad_signature', /signature does not verify/, () => tamper(rsa.sign(valid()), { roles: ['admin'] })],
  ['HS256 with the local development secret', 'algorithm_not_allowed', /algorithm this API does not accept \(accepted: RS256, ES256\)/, () => hs256Token(valid(), 'care-pathway-local-development-secret')],
  ['HS256 keyed with the issuer’s public key (algorithm confusion)', 'algorithm_not_allowed', /algorithm this API does not accept/, () => hs256Token(valid(), JSON.stringify(rsa.publicJwk), { kid: rsa.kid })],
  ['from another issuer', 'wrong_issuer', /issuer this API does not trust/, () => rsa.sign(valid({ iss: 'https://evil.example' }))],
  ['for another audience', 'wrong_audience', /meant for another audience/, () => rsa.sign(valid({ aud: 'another-api' }))],
  ['without an expiry', 'invalid_claims', /no valid expiry/, () => rsa.sign({ ...intake, iat: now() })],
  ['without a subject', 'invalid_claims', /no subject/, () => rsa.sign(valid({ sub: undefined }))],
  ['not a JWT at all', 'malformed', /not a well-formed JWT/, () => 'not-a-jwt'],
];

describe('refused tokens: 401 naming why, without internals', () => {
  it.each(REFUSED)('%s → 401 (%s)', async (_what, reason, detail, mint) => {
    const id = requestId('oidc-refused');
    const answer = await api.call('GET', '/api/v1/pathways', { token: mint(), headers: { 'x-request-id': id } });
    expectRefused(answer, reason, detail);
    const [event] = await audit.eventsOf([id]);
    expect(event).toMatchObject({ outcome: 'denied', status: 401, actor: null, route: '/api/v1/pathways', action: 'PathwaysController.list' });
    expect(event.reason).toMatch(detail);
  });

  it('no token at all → 401 with a plain Bearer challenge', async () => {
    const answer = await api.call('GET', '/api/v1/pathways');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ reason: 'missing', detail: expect.stringMatching(/bearer token is required/) });
    expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="care-pathways"');
  });
});

describe('a physician is matched to their patients by an email the issuer vouches for', () => {
  it('email_verified: true reaches the pathway; an unverified email claim reaches nothing', async () => {
    const created = await api.post('/api/v1/pathways', rsa.sign(valid()), referral({ territory: TERRITORY, physicianEmail: 'dr.verified@cabinet.example' }));
    expectStatus(created, 201);
    const physician = (emailVerified: boolean | undefined) =>
      ec.sign(claimsOf({ sub: `md-${String(emailVerified)}`, roles: ['physician'], email: 'dr.verified@cabinet.example', email_verified: emailVerified, iss: ISSUER, aud: AUDIENCE }));
    expectStatus(await api.get(`/api/v1/pathways/${created.body.id}`, physician(true)), 200);
    expectStatus(await api.get(`/api/v1/pathways/${created.body.id}`, physician(false)), 404);
    expectStatus(await api.get(`/api/v1/pathways/${created.body.id}`, physician(undefined)), 404);
  });
});

describe("when the issuer's keys cannot be fetched", () => {
  it('the API answers 503 (its problem, retry later), not 401 (the token is fine)', async () => {
    // A second API on the same database and Temporal, pointed at a key set nobody serves.
    const unreachable = new JwksServer();
    await unreachable.start([]);
    await unreachable.stop();
    const port = await freePort();
    const api2 = spawnService('api-without-keys', process.execPath, [API_MAIN], { env: { ...stack.env, PORT: String(port), AUTH_JWKS_URL: unreachable.url } });
    try {
      const url = `http://127.0.0.1:${port}`;
      await pollUntil(async () => (await fetch(`${url}/health`).then((r) => r.status, () => 0)) === 200, {
        timeoutMs: 30_000,
        intervalMs: 200,
        timeoutMessage: () => `the second API did not become healthy: ${api2.recentLines(5).join(' | ')}`,
        failIf: () => (api2.isRunning() ? undefined : `the second API exited: ${api2.recentLines(5).join(' | ')}`),
      });
      const answer = await new Api(url).get('/api/v1/pathways', rsa.sign(valid()));
      expect({ status: answer.status, detail: answer.body.detail }).toEqual({ status: 503, detail: "the identity provider's signing keys cannot be fetched; retry later" });
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.text).not.toContain(unreachable.url);
    } finally {
      await api2.stop();
    }
  });
});

describe('start-up with a half-configured issuer', () => {
  const start = (env: Record<string, string>) => {
    const run = spawnSync(process.execPath, [API_MAIN], { env: { ...stack.env, PORT: '0', ...env }, encoding: 'utf8', timeout: 30_000 });
    return { code: run.status, stderr: run.stderr.trim() };
  };

  it.each([
    [{ AUTH_ISSUER: '' }, 'api: OIDC token verification needs AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE together; AUTH_JWKS_URL, AUTH_AUDIENCE are set but AUTH_ISSUER is not'],
    [{ AUTH_ISSUER: '', AUTH_AUDIENCE: '' }, 'api: OIDC token verification needs AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE together; AUTH_JWKS_URL is set but AUTH_ISSUER, AUTH_AUDIENCE are not'],
    [{ AUTH_JWT_SECRET: 'x'.repeat(40) }, expect.stringMatching(/^api: AUTH_JWT_SECRET and AUTH_JWKS_URL are both set/)],
    [{ AUTH_JWKS_URL: 'http://id.example/jwks' }, 'api: AUTH_JWKS_URL must be an https:// URL (http:// only on 127.0.0.1 or localhost)'],
  ])('%j: the API exits at once with one line naming what is missing', (env, message) => {
    expect(start(env)).toEqual({ code: 1, stderr: message });
  });
});

function expectRefused(answer: Answer, reason: string, detail: RegExp): void {
  expect({ status: answer.status, reason: answer.body?.reason }).toEqual({ status: 401, reason });
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
  expect(answer.body.detail).toMatch(/^invalid token: /);
  expect(answer.body.detail).toMatch(detail);
  expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="care-pathways", error="invalid_token", error_description="invalid token: /);
  // Nothing about how verification is set up, nor the library's own words.
  for (const internal of [ISSUER, AUDIENCE, jwks.url, '127.0.0.1', 'jose', 'ERR_', 'claim timestamp check', 'JWS', 'stack']) {
    expect(answer.text).not.toContain(internal);
  }
}
