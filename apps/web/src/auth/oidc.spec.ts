// The OIDC sign-in (auth/oidc.ts) with a fake issuer: oauth4webapi's checks as the app configures them,
// and the app's own (the sign-in kept in this tab, the CSP's needs, the session); the whole flow
// against a real OpenID provider, in a browser, is test/e2e/web-oidc.spec.ts.
import * as oauth from 'oauth4webapi';
import { authorizationUrl, completeSignIn, endSessionUrl, readCallback, readMetadata, sessionFrom, SignInError, startSignIn, type BrowserContext, type PendingSignIn } from './oidc';

const ISSUER = 'https://id.example.org/realms/maia';
const DISCOVERY = {
  issuer: ISSUER,
  authorization_endpoint: `${ISSUER}/protocol/openid-connect/auth`,
  token_endpoint: `${ISSUER}/protocol/openid-connect/token`,
  end_session_endpoint: `${ISSUER}/protocol/openid-connect/logout`,
  code_challenge_methods_supported: ['plain', 'S256'],
};
const NOW = Date.parse('2026-11-23T10:00:00Z');

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwt = (claims: Record<string, unknown>) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.c2lnbmF0dXJl`;

// oauth4webapi reads the clock itself (ID token expiry): the tests' clock is NOW.
beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW));
afterEach(() => jest.restoreAllMocks());

function pending(over: Partial<PendingSignIn> = {}): PendingSignIn {
  return {
    state: 'state-1',
    nonce: 'nonce-1',
    verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    clientId: 'care-pathways-web',
    redirectUri: 'https://maia.example.org/connexion/retour',
    server: DISCOVERY,
    startedAt: NOW - 30_000,
    ...over,
  };
}

async function refusal(run: () => unknown): Promise<SignInError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof SignInError) return err;
    throw err;
  }
  throw new Error('not refused');
}

/** A browser tab (its sessionStorage, its origin) talking to a fake issuer serving `document` and `tokens`. */
function browser(options: { document?: unknown; tokenStatus?: number; tokens?: (nonce: string) => Record<string, unknown> } = {}) {
  const stored = new Map<string, string>();
  const calls: Array<{ url: string; body?: string }> = [];
  let sentNonce = '';
  const context: BrowserContext = {
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v), removeItem: (k) => void stored.delete(k) },
    origin: 'https://maia.example.org',
    fetch: async (input, init) => {
      const url = String(input);
      calls.push({ url, body: init?.body?.toString() });
      const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
      if (url.endsWith('/.well-known/openid-configuration')) return json(options.document ?? DISCOVERY);
      const tokens = options.tokens?.(sentNonce) ?? {
        access_token: jwt({ sub: 'cm-louise', roles: ['case_manager'], territory: 'T75-EST', exp: NOW / 1000 + 600 }),
        token_type: 'Bearer',
        expires_in: 600,
        id_token: jwt({ iss: ISSUER, aud: 'care-pathways-web', sub: 'cm-louise', nonce: sentNonce, iat: NOW / 1000, exp: NOW / 1000 + 600, name: 'Louise Bernard' }),
      };
      const status = options.tokenStatus ?? 200;
      return json(status === 200 ? tokens : { error: 'invalid_grant' }, status);
    },
  };
  return { context, stored, calls, setNonce: (n: string) => (sentNonce = n) };
}
const config = { issuer: ISSUER, clientId: 'care-pathways-web', scopes: ['openid', 'profile'] };

/** Signs in through the fake issuer, which answers the code with `tokens` (given the nonce it was sent). */
async function signInWith(tokens: (nonce: string) => Record<string, unknown>) {
  const tab = browser({ tokens });
  const url = new URL(await startSignIn(config, tab.context));
  tab.setNonce(url.searchParams.get('nonce') as string);
  return completeSignIn(new URLSearchParams({ code: 'c0de', state: url.searchParams.get('state') as string }), tab.context);
}

describe('PKCE (RFC 7636)', () => {
  it('derives the S256 challenge of the RFC’s appendix B', async () => {
    expect(await oauth.calculatePKCECodeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers, states and nonces from 32 random bytes (crypto.getRandomValues), 43 unreserved characters', () => {
    const spy = jest.spyOn(crypto, 'getRandomValues');
    const tokens = new Set(Array.from({ length: 50 }, (_, i) => [oauth.generateRandomCodeVerifier, oauth.generateRandomState, oauth.generateRandomNonce][i % 3]()));
    expect(spy).toHaveBeenCalledTimes(50);
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    spy.mockRestore();
  });

  it('keeps a verifier the RFC allows, and sends its S256 challenge', async () => {
    const { context, stored } = browser();
    const url = new URL(await startSignIn(config, context));
    const kept = JSON.parse([...stored.values()][0]) as PendingSignIn;
    expect(kept.verifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(url.searchParams.get('code_challenge')).toBe(await oauth.calculatePKCECodeChallenge(kept.verifier));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  });
});

describe('discovery', () => {
  it('reads the configuration at {issuer}/.well-known/openid-configuration', async () => {
    const { context, stored, calls } = browser();
    await startSignIn(config, context);
    expect(calls.map((c) => c.url)).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
    expect((JSON.parse([...stored.values()][0]) as PendingSignIn).server).toMatchObject({
      issuer: ISSUER,
      authorization_endpoint: DISCOVERY.authorization_endpoint,
      token_endpoint: DISCOVERY.token_endpoint,
      end_session_endpoint: DISCOVERY.end_session_endpoint,
    });
  });

  it.each([
    ['another issuer’s document', { ...DISCOVERY, issuer: 'https://evil.example' }, /identifiant ne correspond pas/],
    ['an endpoint over plain http', { ...DISCOVERY, token_endpoint: 'http://id.example.org/token' }, /non sécurisée/],
    ['no authorization endpoint', { ...DISCOVERY, authorization_endpoint: undefined }, /absente/],
    ['a token endpoint on another origin (the CSP allows only the issuer’s)', { ...DISCOVERY, token_endpoint: 'https://tokens.example.org/token' }, /pas sur le domaine/],
    ['no S256', { ...DISCOVERY, code_challenge_methods_supported: ['plain'] }, /S256/],
    ['not a document', 'nope', /identifiant/],
  ])('refuses %s', async (_what, document, message) => {
    const { context, stored } = browser({ document });
    const error = await refusal(() => startSignIn(config, context));
    expect(error.code).toBe('discovery');
    expect(error.message).toMatch(message);
    expect(stored.size).toBe(0);
  });

  it('accepts http on this machine only (tests)', () => {
    const local = 'http://127.0.0.1:4000';
    expect(readMetadata(local, { issuer: local, authorization_endpoint: `${local}/auth`, token_endpoint: `${local}/token` }).token_endpoint).toBe(`${local}/token`);
    expect(() => readMetadata(ISSUER, { ...DISCOVERY, token_endpoint: 'http://id.example.org/token' })).toThrow(/non sécurisée/);
  });
});

describe('the authorization request', () => {
  it('asks for a code with the S256 challenge, the state and the nonce', () => {
    const url = new URL(
      authorizationUrl(
        { ...DISCOVERY, authorization_endpoint: `${DISCOVERY.authorization_endpoint}?kc_idp_hint=sso` },
        { clientId: 'care-pathways-web', redirectUri: 'https://maia.example.org/connexion/retour', scopes: ['openid', 'profile', 'email'], state: 's t', nonce: 'n&1', codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM' },
      ),
    );
    expect(url.origin + url.pathname).toBe(DISCOVERY.authorization_endpoint);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      kc_idp_hint: 'sso',
      response_type: 'code',
      client_id: 'care-pathways-web',
      redirect_uri: 'https://maia.example.org/connexion/retour',
      scope: 'openid profile email',
      state: 's t',
      nonce: 'n&1',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
  });
});

describe('the callback', () => {
  it('accepts the state it sent, and nothing else', async () => {
    expect(readCallback(new URLSearchParams({ code: 'c', state: 'abc' }), pending({ state: 'abc' }), NOW).get('code')).toBe('c');
    for (const [expected, received] of [['abc', 'abd'], ['abc', null], ['abc', ''], ['abc', 'ABC']] as const) {
      const search = new URLSearchParams({ code: 'c', ...(received === null ? {} : { state: received }) });
      expect(() => readCallback(search, pending({ state: expected }), NOW)).toThrow(/paramètre « state » invalide/);
    }
    // No state kept (no sign-in under way in this tab): refused too.
    expect((await refusal(() => readCallback(new URLSearchParams({ code: 'c', state: 'abc' }), undefined, NOW))).code).toBe('no_pending');
  });

  it('returns the code of an answer to this tab’s request', () => {
    expect(readCallback(new URLSearchParams({ code: 'c0de', state: 'state-1', iss: ISSUER }), pending(), NOW).get('code')).toBe('c0de');
    expect(readCallback(new URLSearchParams({ code: 'c0de', state: 'state-1' }), pending(), NOW).get('code')).toBe('c0de');
  });

  it.each([
    ['no sign-in under way in this tab', new URLSearchParams({ code: 'c', state: 'state-1' }), undefined, 'no_pending'],
    ['a tampered state', new URLSearchParams({ code: 'c', state: 'state-2' }), pending(), 'state'],
    ['an answer from another issuer (mix-up, RFC 9207)', new URLSearchParams({ code: 'c', state: 'state-1', iss: 'https://evil.example' }), pending(), 'issuer'],
    ['no issuer when the issuer says it sends one (RFC 9207)', new URLSearchParams({ code: 'c', state: 'state-1' }), pending({ server: { ...DISCOVERY, authorization_response_iss_parameter_supported: true } }), 'issuer'],
    ['an answer that took over 15 minutes', new URLSearchParams({ code: 'c', state: 'state-1' }), pending({ startedAt: NOW - 16 * 60_000 }), 'too_old'],
    ['the issuer’s refusal', new URLSearchParams({ error: 'access_denied', state: 'state-1' }), pending(), 'provider'],
    ['no code', new URLSearchParams({ state: 'state-1' }), pending(), 'no_code'],
  ])('refuses %s, in French', async (_what, search, inFlight, code) => {
    const error = await refusal(() => readCallback(search, inFlight, NOW));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/[éèàô’]|connexion/);
  });

  it('redeems the code with the verifier, as a public client (no secret)', async () => {
    const { context, stored, calls, setNonce } = browser();
    const url = new URL(await startSignIn(config, context));
    const kept = JSON.parse([...stored.values()][0]) as PendingSignIn;
    setNonce(url.searchParams.get('nonce') as string);
    await completeSignIn(new URLSearchParams({ code: 'c0de', state: kept.state }), context);
    expect(Object.fromEntries(new URLSearchParams(calls[1].body))).toEqual({
      grant_type: 'authorization_code',
      code: 'c0de',
      redirect_uri: 'https://maia.example.org/connexion/retour',
      client_id: 'care-pathways-web',
      code_verifier: kept.verifier,
    });
  });
});

describe('the ID token', () => {
  const claims = (nonce: string) => ({ iss: ISSUER, aud: 'care-pathways-web', sub: 'cm-louise', nonce, iat: NOW / 1000, exp: NOW / 1000 + 300, name: 'Louise Bernard' });
  const answer = (idToken: string | undefined) => ({ access_token: jwt({ sub: 'cm-louise', roles: ['case_manager'] }), token_type: 'Bearer', ...(idToken === undefined ? {} : { id_token: idToken }) });

  it('is accepted with this request’s nonce, for this client, from this issuer, unexpired', async () => {
    expect(await signInWith((nonce) => answer(jwt(claims(nonce))))).toMatchObject({ id: 'cm-louise', name: 'Louise Bernard' });
    expect((await signInWith((nonce) => answer(jwt({ ...claims(nonce), aud: ['care-pathways-web', 'other'], azp: 'care-pathways-web' })))).id).toBe('cm-louise');
  });

  it.each([
    ['another nonce (a replayed token)', { nonce: 'nonce-2' }],
    ['no nonce', { nonce: undefined }],
    ['another client', { aud: 'other-client' }],
    ['another issuer', { iss: 'https://evil.example' }],
    ['expired', { exp: NOW / 1000 - 120 }],
    ['no subject', { sub: undefined }],
    ['authorized for another party', { aud: ['care-pathways-web', 'other'], azp: 'other' }],
  ])('is refused when %s', async (_what, over) => {
    const error = await refusal(() => signInWith((nonce) => answer(jwt({ ...claims(nonce), ...over }))));
    expect(error.message).toMatch(/n’a pas pu être vérifiée/);
  });

  it('is refused when missing or not a JWT', async () => {
    expect(await refusal(() => signInWith(() => answer(undefined)))).toBeInstanceOf(SignInError);
    expect(await refusal(() => signInWith(() => answer('opaque')))).toBeInstanceOf(SignInError);
  });
});

describe('the session', () => {
  const identity = { sub: 'cm-louise', name: 'Louise Bernard', roles: ['physician'] };
  const access = jwt({ sub: 'cm-louise', roles: ['case_manager'], territory: 'T75-EST', exp: NOW / 1000 + 600, aud: 'care-pathways-api' });

  it('keeps the access token, with the roles and territory the API reads from it and the name of the ID token', () => {
    expect(sessionFrom({ access_token: access, token_type: 'Bearer', expires_in: 300 }, identity, { now: NOW, signOutUrl: 'https://id/logout' })).toEqual({
      id: 'cm-louise',
      name: 'Louise Bernard',
      role: 'case_manager',
      territory: 'T75-EST',
      token: access,
      expiresAt: NOW + 300_000,
      signOutUrl: 'https://id/logout',
    });
  });

  it('reads the ID token’s claims for an opaque access token, and expires with the token', () => {
    const session = sessionFrom({ access_token: 'opaque', token_type: 'bearer', expires_in: 60 }, { sub: 'sup-1', given_name: 'Ana', family_name: 'Ruiz', roles: ['supervisor'], territory: 'T75-OUEST' }, { now: NOW });
    expect(session).toEqual({ id: 'sup-1', name: 'Ana Ruiz', role: 'supervisor', territory: 'T75-OUEST', token: 'opaque', expiresAt: NOW + 60_000 });
  });

  it('opens the attending physician’s screens to a physician, matched to their patients by the API from the token', () => {
    const token = jwt({ sub: 'md-1', roles: ['physician'], email: 'dr.martin@cabinet.example', exp: NOW / 1000 + 600 });
    expect(sessionFrom({ access_token: token, token_type: 'Bearer' }, { sub: 'md-1', name: 'Dr Claire Martin' }, { now: NOW })).toEqual({
      id: 'md-1',
      name: 'Dr Claire Martin',
      role: 'physician',
      token,
      expiresAt: NOW + 600_000,
    });
  });

  it('chooses the case manager’s or supervisor’s screens for an account that is also a physician', () => {
    expect(sessionFrom({ access_token: jwt({ sub: 'x', roles: ['physician', 'supervisor'] }), token_type: 'Bearer' }, identity, { now: NOW }).role).toBe('supervisor');
    expect(sessionFrom({ access_token: jwt({ sub: 'x', roles: ['physician', 'case_manager'] }), token_type: 'Bearer' }, identity, { now: NOW }).role).toBe('case_manager');
  });

  it('refuses an account with no role of the web app, and an answer without a bearer token', () => {
    expect(() => sessionFrom({ access_token: jwt({ sub: 'md-1', roles: ['admin'] }), token_type: 'Bearer' }, identity, { now: NOW })).toThrow(/aucun rôle/);
    expect(() => sessionFrom({ access_token: jwt({ sub: 'in-1', roles: ['intake', 'admin'] }), token_type: 'Bearer' }, identity, { now: NOW })).toThrow(/aucun rôle/);
    expect(() => sessionFrom({ token_type: 'Bearer' }, identity, { now: NOW })).toThrow(/jeton d’accès/);
    expect(() => sessionFrom({ access_token: access, token_type: 'DPoP' }, identity, { now: NOW })).toThrow(/jeton d’accès/);
  });

  it('signs out at the issuer with the ID token as a hint, back to the sign-in page', () => {
    const url = new URL(endSessionUrl(DISCOVERY.end_session_endpoint, { idToken: 'id.tok.en', clientId: 'care-pathways-web', postLogoutRedirectUri: 'https://maia.example.org/connexion' }));
    expect(Object.fromEntries(url.searchParams)).toEqual({ id_token_hint: 'id.tok.en', client_id: 'care-pathways-web', post_logout_redirect_uri: 'https://maia.example.org/connexion' });
  });
});

describe('the round trip, with a fake issuer', () => {
  it('sends the challenge of the verifier it keeps, then redeems the code with that verifier, once', async () => {
    const { context, stored, calls, setNonce } = browser();
    const url = new URL(await startSignIn(config, context));
    const kept = JSON.parse([...stored.values()][0]) as PendingSignIn;
    expect(url.searchParams.get('code_challenge')).toBe(await oauth.calculatePKCECodeChallenge(kept.verifier));
    expect(url.searchParams.get('state')).toBe(kept.state);
    expect(url.searchParams.get('redirect_uri')).toBe('https://maia.example.org/connexion/retour');
    setNonce(url.searchParams.get('nonce') as string);

    const session = await completeSignIn(new URLSearchParams({ code: 'c0de', state: kept.state, iss: ISSUER }), context);
    expect(session).toMatchObject({ id: 'cm-louise', name: 'Louise Bernard', role: 'case_manager', territory: 'T75-EST', expiresAt: NOW + 600_000 });
    expect(new URL(session.signOutUrl as string).searchParams.get('post_logout_redirect_uri')).toBe('https://maia.example.org/connexion');
    expect(calls[1].url).toBe(DISCOVERY.token_endpoint);
    expect(new URLSearchParams(calls[1].body).get('code_verifier')).toBe(kept.verifier);
    expect(stored.size).toBe(0);
    // The same answer again: nothing is under way any more.
    expect((await refusal(() => completeSignIn(new URLSearchParams({ code: 'c0de', state: kept.state }), context))).code).toBe('no_pending');
  });

  it('says so when the issuer refuses the code (used, expired, wrong verifier)', async () => {
    const { context, stored } = browser({ tokenStatus: 400 });
    const url = new URL(await startSignIn(config, context));
    const error = await refusal(() => completeSignIn(new URLSearchParams({ code: 'c0de', state: url.searchParams.get('state') as string }), context));
    expect({ code: error.code, message: error.message }).toEqual({ code: 'token', message: expect.stringMatching(/n’a pas validé la connexion/) });
    expect(stored.size).toBe(0);
  });

  it('never redeems the code of an answer with a tampered state, and forgets the sign-in under way', async () => {
    const { context, stored, calls } = browser();
    await startSignIn(config, context);
    const error = await refusal(() => completeSignIn(new URLSearchParams({ code: 'c0de', state: 'tampered' }), context));
    expect(error.code).toBe('state');
    expect(calls.map((c) => c.url)).toEqual([`${ISSUER}/.well-known/openid-configuration`]);
    expect(stored.size).toBe(0);
  });
});
