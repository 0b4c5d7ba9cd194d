// Hardening of the HTTP surface, against the whole stack in local mode (HS256): refused tokens, security
// headers (and an OpenAPI UI that still works under them), the body size limit, error answers without
// internals, and the rate limit per token on step endpoints (set low here: 3 at once, then 6 a minute).
import { randomUUID } from 'node:crypto';
import { startStack, Stack } from '../support/stack';
import { Answer, Api, expectProblem, expectStatus, referral, token } from './api-support';
import { AuditReader, claimsOf, hs256Token, IssuerKey, requestId, tamper, unsignedToken } from './security-support';

const LOCAL_SECRET = 'care-pathway-local-development-secret';
const TERRITORY = 'T75-HARD';
const supervisor = token({ sub: 'sup-hard', roles: ['supervisor'], territory: TERRITORY });
const admin = token({ sub: 'admin-hard', roles: ['admin'] });
/** A fresh intake coordinator per use: the rate limit counts per token. */
const freshIntake = () => token({ sub: `intake-${randomUUID().slice(0, 8)}`, roles: ['intake'], territory: TERRITORY });

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack({ env: { STEP_RATE_LIMIT_BURST: '3', STEP_RATE_LIMIT_PER_MINUTE: '6' } });
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop());

describe('local tokens (HS256) that are refused: 401 naming why', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const who = { sub: 'sup-hard', roles: ['supervisor'], territory: TERRITORY };
  const signed = (claims: Record<string, unknown>) => hs256Token(claims, LOCAL_SECRET);
  it.each([
    ['expired', 'expired', () => signed({ ...who, iat: now() - 7200, exp: now() - 60 })],
    ['not yet valid', 'not_yet_valid', () => signed({ ...claimsOf(who), nbf: now() + 600 })],
    ['unsigned (alg "none")', 'unsigned', () => unsignedToken(who)],
    ['signed with another secret', 'bad_signature', () => hs256Token(claimsOf(who), 'another-secret')],
    ['tampered with (a role added)', 'bad_signature', () => tamper(signed(claimsOf(who)), { roles: ['supervisor', 'admin'] })],
    ['without an expiry', 'invalid_claims', () => signed({ ...who, iat: now() })],
    ['signed RS256 (an issuer’s algorithm, not configured here)', 'algorithm_not_allowed', () => new IssuerKey('RS256').sign(claimsOf(who))],
    ['a bearer of random bytes', 'malformed', () => randomUUID()],
  ])('%s → 401 (%s)', async (_what, reason, mint) => {
    const answer = await api.get('/api/v1/pathways', mint());
    expect({ status: answer.status, reason: answer.body.reason }).toEqual({ status: 401, reason });
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="care-pathways", error="invalid_token"/);
    expect(answer.text).not.toMatch(/jose|ERR_|JWS|secret/i);
  });
});

describe('security headers', () => {
  it('an API answer carries helmet’s headers, no X-Powered-By, and Cache-Control: no-store (health data)', async () => {
    const answer = await api.get('/api/v1/pathways', supervisor);
    expectStatus(answer, 200);
    const h = (name: string) => answer.headers.get(name);
    expect(h('content-security-policy')).toMatch(/default-src 'self'/);
    expect(h('content-security-policy')).toMatch(/frame-ancestors 'self'/);
    expect(h('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(h('x-content-type-options')).toBe('nosniff');
    expect(h('x-frame-options')).toBe('SAMEORIGIN');
    expect(h('referrer-policy')).toBe('no-referrer');
    expect(h('cache-control')).toBe('no-store');
    expect(h('x-powered-by')).toBeNull();
    expect(h('x-request-id')).toBeTruthy();
    // Refusals too.
    expect((await api.call('GET', '/api/v1/pathways')).headers.get('cache-control')).toBe('no-store');
  });

  it('the OpenAPI UI at /docs still works under the CSP: every script and style it loads is a same-origin file', async () => {
    const page = await api.call('GET', '/docs');
    expectStatus(page, 200);
    expect(page.contentType).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    // Safari would upgrade the page's own http://localhost assets to https and show a blank page.
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    // No inline script, which the CSP would block (the init script is a file).
    const inlineScripts = [...page.text.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].filter((m) => m[1].trim());
    expect(inlineScripts).toEqual([]);
    const assets = [...page.text.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)=["']([^"']+)["']/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      const url = new URL(asset, `${stack.apiUrl}/docs`); // relative to the page, as the browser resolves them
      expect(url.origin).toBe(stack.apiUrl);
      expect({ asset, status: (await api.call('GET', url.pathname)).status }).toEqual({ asset, status: 200 });
    }
    const init = await api.call('GET', '/docs/swagger-ui-init.js');
    expect(init.text).toMatch(/SwaggerUIBundle/);
    expectStatus(await api.call('GET', '/docs-json'), 200);
  });
});

describe('the body size limit', () => {
  it('is 100 kB: a body just under it is read, one over it is 413 problem+json before any work', async () => {
    const body = (size: number) => ({ ...referral({ territory: TERRITORY }), referral: { ...referral().referral, diagnosis: 'x'.repeat(size) } });
    expect((await api.post('/api/v1/pathways', freshIntake(), body(90_000))).status).not.toBe(413);
    expectProblem(await api.post('/api/v1/pathways', freshIntake(), body(103_000)), 413, /larger than 100 kB/);
  });
});

describe('error answers carry no stack trace, SQL or internal names', () => {
  const INTERNALS = /QueryFailedError|SELECT|FROM pathways|postgres|typeorm|node_modules|\.ts:\d+|\.js:\d+|\n\s+at |invalid input syntax|timestamptz|stack/i;

  // An unexpected error's answer (opaque 500) is unit-tested in apps/api/src/common/problem.spec.ts: no
  // input a client sends reaches one any more (issue 15), the forged cursor that did included.
  it.each([
    ['a date JavaScript accepts but PostgreSQL does not', '1'],
    ['31 February', '2026-02-31T10:00:00.000000Z'],
    ['a year PostgreSQL cannot hold', '-271821-04-20T00:00:00.000000Z'],
  ])('a forged cursor carrying %s → 400 naming the cursor, the query never sent', async (_what, at) => {
    const forged = Buffer.from(JSON.stringify([at, randomUUID()])).toString('base64url');
    const answer = await api.get(`/api/v1/pathways?cursor=${forged}`, admin);
    expectProblem(answer, 400, /cursor is (invalid|not one this API returned)/, 'cursor');
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it.each([
    ['a cursor that is not one of ours', 400, '/api/v1/pathways?cursor=bm90LWEtY3Vyc29y'],
    ['a limit that is not a number', 400, '/api/v1/pathways?limit=1%27%20OR%201=1'],
    ['an unknown route', 404, '/api/v1/patients'],
    ['a pathway id that is not a uuid', 404, "/api/v1/pathways/1'%3B%20DROP%20TABLE%20pathways"],
  ])('%s → %s, no internals', async (_what, status, path) => {
    const answer = await api.get(path, supervisor);
    expect(answer.status).toBe(status);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(answer.text).not.toMatch(INTERNALS);
  });

  it('a NUL character (U+0000), which PostgreSQL text cannot hold, is bad input at once (400), in a body or a filter', async () => {
    const body = referral({ territory: TERRITORY });
    body.patient.firstName = 'Jea\u0000nne';
    // Refused before the workflow: the 400 naming the field is the proof (let through, PostgreSQL would
    // refuse the workflow's write: 422 Not recorded), no clock needed.
    expectProblem(await api.post('/api/v1/pathways', freshIntake(), body), 400, /contains a NUL character/, 'patient.firstName');
    expectProblem(await api.get(`/api/v1/pathways?territory=${TERRITORY}%00`, supervisor), 400, /contains a NUL character/, 'territory');
  });

  it('a NUL or a byte that is not UTF-8 in a path segment → 400 naming the path, before any query', async () => {
    for (const path of ['/api/v1/case-managers/%00/absences', `/api/v1/territories/%00/contacts`, `/api/v1/pathways/${randomUUID()}%00`]) {
      const answer = await api.get(path, admin);
      expectProblem(answer, 400, /path segment \d+ contains a NUL character/, 'path');
      expect(answer.text).not.toMatch(INTERNALS);
    }
    expectProblem(await api.get('/api/v1/case-managers/%FF/absences', admin), 400, /path segment 4 is not percent-encoded UTF-8/, 'path');
  });

  it('a body nested 2,000 deep (8 kB) → 400 naming the depth, on every POST and PUT, before any recursive walk', async () => {
    const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;
    const deepObject = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    // Every POST and PUT the API serves (its OpenAPI document), with path parameters filled in.
    const openapi = await api.get('/docs-json', '');
    const routes = Object.entries(openapi.body.paths as Record<string, Record<string, unknown>>).flatMap(([path, verbs]) =>
      Object.keys(verbs)
        .filter((verb) => verb === 'post' || verb === 'put')
        .map((verb) => [verb.toUpperCase(), path.replace('{territory}', TERRITORY).replace('{role}', 'supervisor').replace(/\{\w+\}/g, randomUUID())] as const),
    );
    expect(routes.length).toBeGreaterThan(30);
    for (const [method, path] of routes) {
      for (const rawBody of [deep, deepObject, `{"payloads":${deep}}`]) {
        const answer = await api.call(method, path, { token: admin, rawBody });
        expect({ route: `${method} ${path}`, status: answer.status, detail: answer.body?.detail }).toEqual({ route: `${method} ${path}`, status: 400, detail: 'the body is nested deeper than 32 levels' });
        expect(answer.text).not.toMatch(INTERNALS);
      }
    }
    expectProblem(await api.call('POST', '/api/v1/pathways', { token: freshIntake(), rawBody: deepObject }), 400, /nested deeper than 32 levels/, 'body');
    // 32 levels are still read (and then judged by the route's own validation).
    const shallow = `{"payloads":[${'['.repeat(30)}${']'.repeat(30)}]}`;
    expect((await api.call('POST', '/codec/decode', { token: admin, rawBody: shallow })).status).not.toBe(500);
  });

  it('a body that is not JSON → 400 naming the body, no internals', async () => {
    const answer = await api.call('POST', '/api/v1/pathways', { token: freshIntake(), rawBody: '{"patient": {"firstName": "Jea' });
    expectProblem(answer, 400, /not valid JSON/, 'body');
    expect(answer.text).not.toMatch(INTERNALS);
  });
});

describe('the rate limit per token on step endpoints', () => {
  it('lets a burst through, then answers 429 with Retry-After, for that token only; reads are not limited', async () => {
    const hurried = token({ sub: 'cm-hurried', roles: ['case_manager'], territory: TERRITORY });
    const step = (who: string) => api.post(`/api/v1/pathways/${randomUUID()}/contacts`, who, { at: new Date().toISOString(), channel: 'PHONE' }, { headers: { 'x-request-id': requestId('rate') } });
    const burst: Answer[] = [];
    for (let i = 0; i < 3; i += 1) burst.push(await step(hurried));
    expect(burst.map((a) => a.status)).toEqual([404, 404, 404]); // counted, whatever the answer
    const limited = await step(hurried);
    expectProblem(limited, 429, /too many steps from this token: at most 3 at once, then 6 a minute; retry in 10 s/);
    expect(limited.headers.get('retry-after')).toBe('10');
    expect(limited.body.retryAfter).toBe(10);
    // Another token is not slowed down by this one; reads are not steps.
    expect((await step(token({ sub: 'cm-calm', roles: ['case_manager'], territory: TERRITORY }))).status).toBe(404);
    expectStatus(await api.get('/api/v1/pathways', hurried), 200);
    // A call without a valid token is refused for that (401), never counted against anyone.
    expect((await api.call('POST', `/api/v1/pathways/${randomUUID()}/contacts`, { body: {} })).status).toBe(401);

    const audit = await AuditReader.connect(stack.databaseUrl);
    try {
      const id = limited.headers.get('x-request-id') as string;
      expect((await audit.eventsOf([id]))[0]).toMatchObject({ actor: 'cm-hurried', outcome: 'denied', status: 429, action: 'PathwayStepsController.logContact' });
    } finally {
      await audit.close();
    }
  });

  it('applies to referrals as well (the first step), and not to other POSTs', async () => {
    const busy = token({ sub: 'intake-busy', roles: ['intake'], territory: TERRITORY });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await api.post('/api/v1/pathways', busy, {})).status);
    expect(statuses).toEqual([400, 400, 400, 429]);
    const codec: number[] = [];
    for (let i = 0; i < 5; i += 1) codec.push((await api.post('/codec/decode', supervisor, { payloads: [] })).status);
    expect(codec).toEqual([200, 200, 200, 200, 200]);
  });
});
