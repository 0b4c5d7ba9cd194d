// Sign-in with OpenID Connect: authorization code with PKCE (RFC 7636, S256), as a public client (no
// secret: the code verifier proves that whoever redeems the code is whoever asked for it).
//
// 1. startSignIn: discover the issuer's endpoints ({issuer}/.well-known/openid-configuration), make a
//    random verifier, state and nonce, keep them in sessionStorage (this tab only), and return the
//    authorization URL the browser goes to.
// 2. The issuer sends the browser back to /connexion/retour?code=…&state=…; completeSignIn checks the
//    state (a callback this tab did not ask for is refused: login CSRF, mix-up), redeems the code at the
//    token endpoint with the verifier, checks the ID token (issuer, audience, expiry, nonce), and
//    returns the session: the access token, which the API verifies on every call, and who is signed in.
//
// The ID token comes straight from the token endpoint over TLS, so its claims are checked but not its
// signature (OpenID Connect Core §3.1.3.7); the access token is opaque to us in principle and verified
// by the API; its claims (roles, territory), which the API reads, only tell the screens what to show.
import type { Session } from '../session';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

/** What the app uses of the issuer's discovery document. */
export interface ProviderMetadata {
  issuer: string;
  authorizationEndpoint: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
}

/** A sign-in under way, from the redirect to the issuer until its answer comes back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  issuer: string;
  clientId: string;
  redirectUri: string;
  tokenEndpoint: string;
  endSessionEndpoint?: string;
  startedAt: number;
}

/** Why a sign-in failed, in words for the person signing in (French), and a code for tests. */
export class SignInError extends Error {
  constructor(
    readonly code: 'discovery' | 'no_pending' | 'too_old' | 'state' | 'issuer' | 'provider' | 'no_code' | 'token' | 'id_token' | 'no_role',
    message: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/** The path the issuer sends the browser back to (registered as the client's redirect URI). */
export const CALLBACK_PATH = '/connexion/retour';
/** Where the issuer sends the browser after signing out (the client's post-logout redirect URI). */
export const SIGNED_OUT_PATH = '/connexion';
const PENDING_KEY = 'pathway.oidc.pending';
/** An answer from the issuer later than this after leaving is refused (the user starts again). */
const PENDING_LIFETIME_MS = 15 * 60_000;
/** Clock skew tolerated on the ID token's expiry. */
const SKEW_MS = 60_000;
/** The roles the web app has screens for (as on the demo sign-in page), in the order one is chosen. */
const ROLES = ['case_manager', 'supervisor', 'physician'] as const;

// --- PKCE and random values -------------------------------------------------------------------------

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** `bytes` random bytes (crypto.getRandomValues), base64url: 32 bytes make a 43-character verifier. */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(code_verifier))). */
export async function codeChallenge(verifier: string): Promise<string> {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) throw new Error('a code verifier is 43 to 128 unreserved characters (RFC 7636 §4.1)');
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

// --- Discovery --------------------------------------------------------------------------------------

export function discoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function secureUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The endpoints of the discovery document, checked: it is the configured issuer's (OpenID Connect
 * Discovery §4.3), its endpoints are https, the token endpoint is on the issuer's origin (the only one
 * the API's CSP lets the app call), and it accepts S256 when it says which methods it accepts.
 */
export function readMetadata(issuer: string, document: unknown): ProviderMetadata {
  const doc = (typeof document === 'object' && document !== null ? document : {}) as Record<string, unknown>;
  const fail = (why: string) => new SignInError('discovery', `Le service d’identification est mal configuré (${why}). Prévenez l’administrateur.`);
  if (doc.issuer !== issuer) throw fail('son identifiant ne correspond pas à celui attendu');
  const authorization = secureUrl(doc.authorization_endpoint);
  const token = secureUrl(doc.token_endpoint);
  if (!authorization || !token) throw fail('adresse d’autorisation ou de jeton absente ou non sécurisée');
  if (token.origin !== new URL(issuer).origin) throw fail('l’adresse de jeton n’est pas sur le domaine du service');
  const methods = doc.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw fail('PKCE S256 non pris en charge');
  const endSession = secureUrl(doc.end_session_endpoint);
  return { issuer, authorizationEndpoint: authorization.href, tokenEndpoint: token.href, ...(endSession ? { endSessionEndpoint: endSession.href } : {}) };
}

// --- The authorization request ----------------------------------------------------------------------

export function authorizationUrl(
  metadata: ProviderMetadata,
  request: { clientId: string; redirectUri: string; scopes: string[]; state: string; nonce: string; codeChallenge: string },
): string {
  const url = new URL(metadata.authorizationEndpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    scope: request.scopes.join(' '),
    state: request.state,
    nonce: request.nonce,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}

// --- The callback -----------------------------------------------------------------------------------

/** The state sent must come back unchanged; anything else is not an answer to this tab's request. */
export function checkState(expected: string | undefined, received: string | null): void {
  if (!expected || !received || received !== expected) {
    throw new SignInError('state', 'La réponse du service d’identification ne correspond à aucune demande de connexion de cette page (paramètre « state » invalide). Par sécurité, elle est refusée : reconnectez-vous.');
  }
}

const PROVIDER_ERRORS: Record<string, string> = {
  access_denied: 'La connexion a été annulée ou refusée par le service d’identification.',
  login_required: 'Le service d’identification demande de vous connecter à nouveau.',
  consent_required: 'Le service d’identification demande votre consentement.',
  temporarily_unavailable: 'Le service d’identification est momentanément indisponible : réessayez dans un instant.',
};

/** The authorization code of the issuer's answer, after checking it answers `pending` (RFC 6749 §4.1.2, RFC 9207). */
export function readCallback(search: URLSearchParams, pending: PendingSignIn | undefined, now: number): string {
  if (!pending) throw new SignInError('no_pending', 'Aucune connexion n’est en cours dans cet onglet : reconnectez-vous.');
  checkState(pending.state, search.get('state'));
  if (now - pending.startedAt > PENDING_LIFETIME_MS) throw new SignInError('too_old', 'La connexion a pris trop de temps : reconnectez-vous.');
  const iss = search.get('iss');
  if (iss !== null && iss !== pending.issuer) throw new SignInError('issuer', 'La réponse ne vient pas du service d’identification attendu : elle est refusée.');
  const error = search.get('error');
  if (error) throw new SignInError('provider', PROVIDER_ERRORS[error] ?? `Le service d’identification a refusé la connexion (${error.replace(/[^\w.-]/g, '').slice(0, 40)}).`);
  const code = search.get('code');
  if (!code) throw new SignInError('no_code', 'La réponse du service d’identification est incomplète : reconnectez-vous.');
  return code;
}

export function tokenRequest(pending: PendingSignIn, code: string): URLSearchParams {
  return new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: pending.clientId, code_verifier: pending.verifier });
}

export type Claims = Record<string, unknown>;

/** The payload of a JWT, unverified; undefined for anything else (an opaque access token). */
export function jwtPayload(token: string): Claims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const json = atob(parts[1].replace(/-/g, '+').replace(/_/g, '/'));
    const payload: unknown = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? (payload as Claims) : undefined;
  } catch {
    return undefined;
  }
}

/** The ID token's claims, checked (OpenID Connect Core §3.1.3.7): issuer, audience, expiry, nonce. */
export function checkIdToken(idToken: unknown, expected: { issuer: string; clientId: string; nonce: string; now: number }): Claims {
  const claims = typeof idToken === 'string' ? jwtPayload(idToken) : undefined;
  const refuse = () => new SignInError('id_token', 'L’identité renvoyée par le service d’identification n’a pas pu être vérifiée : reconnectez-vous.');
  if (!claims) throw refuse();
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (claims.iss !== expected.issuer || !audience.includes(expected.clientId)) throw refuse();
  if (audience.length > 1 && claims.azp !== undefined && claims.azp !== expected.clientId) throw refuse();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 + SKEW_MS < expected.now) throw refuse();
  if (claims.nonce !== expected.nonce) throw refuse();
  if (typeof claims.sub !== 'string' || !claims.sub) throw refuse();
  return claims;
}

function nameOf(claims: Claims): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const given = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  return text(claims.name) ?? (given || undefined) ?? text(claims.preferred_username);
}

/**
 * The session from the token endpoint's answer: the access token (the API's bearer), who is signed in
 * (the subject, roles and territory the API reads from the access token, the name from the ID token),
 * when it expires, and where to sign out.
 */
export function sessionFrom(tokens: Record<string, unknown>, identity: Claims, context: { now: number; signOutUrl?: string }): Session {
  const accessToken = tokens.access_token;
  if (typeof accessToken !== 'string' || !accessToken || typeof tokens.token_type !== 'string' || tokens.token_type.toLowerCase() !== 'bearer') {
    throw new SignInError('token', 'Le service d’identification n’a pas délivré de jeton d’accès utilisable : reconnectez-vous.');
  }
  const access = jwtPayload(accessToken) ?? {};
  const claimOf = (name: string) => access[name] ?? identity[name];
  const roles = Array.isArray(claimOf('roles')) ? (claimOf('roles') as unknown[]) : [];
  const role = ROLES.find((r) => roles.includes(r));
  if (!role) {
    throw new SignInError('no_role', 'Votre compte n’a aucun rôle ouvrant cette application (gestionnaire de cas, superviseur·e ou médecin traitant). Adressez-vous à l’administrateur de votre établissement.');
  }
  const territory = claimOf('territory');
  const expiries = [
    typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? context.now + tokens.expires_in * 1000 : undefined,
    typeof access.exp === 'number' ? access.exp * 1000 : undefined,
  ].filter((t): t is number => t !== undefined);
  const sub = typeof access.sub === 'string' && access.sub ? access.sub : (identity.sub as string);
  return {
    id: sub,
    name: nameOf(identity) ?? sub,
    role,
    ...(typeof territory === 'string' && territory ? { territory } : {}),
    token: accessToken,
    ...(expiries.length ? { expiresAt: Math.min(...expiries) } : {}),
    ...(context.signOutUrl ? { signOutUrl: context.signOutUrl } : {}),
  };
}

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2). */
export function endSessionUrl(endpoint: string, request: { idToken?: string; clientId: string; postLogoutRedirectUri: string }): string {
  const url = new URL(endpoint);
  if (request.idToken) url.searchParams.set('id_token_hint', request.idToken);
  url.searchParams.set('client_id', request.clientId);
  url.searchParams.set('post_logout_redirect_uri', request.postLogoutRedirectUri);
  return url.href;
}

// --- In the browser ---------------------------------------------------------------------------------

export interface BrowserContext {
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  fetch: typeof fetch;
  origin: string;
  now: () => number;
}

export function browserContext(): BrowserContext {
  return { storage: sessionStorage, fetch: (input, init) => fetch(input, init), origin: window.location.origin, now: () => Date.now() };
}

/** A JSON object answered with 200 from the issuer; `fail()` for anything else (unreachable, refused, not JSON). */
async function fetchJson(context: BrowserContext, url: string, init: RequestInit | undefined, fail: () => SignInError): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    const response = await context.fetch(url, { ...init, headers: { accept: 'application/json', ...init?.headers }, credentials: 'omit', cache: 'no-store' });
    if (response.status !== 200) throw fail();
    body = await response.json();
  } catch {
    throw fail();
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail();
  return body as Record<string, unknown>;
}

/** Prepares the sign-in and returns the issuer's authorization URL to send the browser to. */
export async function startSignIn(config: OidcConfig, context: BrowserContext): Promise<string> {
  const unreachable = () => new SignInError('discovery', 'Le service d’identification ne répond pas : réessayez dans un instant.');
  const document = await fetchJson(context, discoveryUrl(config.issuer), undefined, unreachable);
  const metadata = readMetadata(config.issuer, document);
  const pending: PendingSignIn = {
    state: randomToken(),
    nonce: randomToken(),
    verifier: randomToken(),
    issuer: config.issuer,
    clientId: config.clientId,
    redirectUri: `${context.origin}${CALLBACK_PATH}`,
    tokenEndpoint: metadata.tokenEndpoint,
    ...(metadata.endSessionEndpoint ? { endSessionEndpoint: metadata.endSessionEndpoint } : {}),
    startedAt: context.now(),
  };
  context.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  return authorizationUrl(metadata, { ...pending, scopes: config.scopes, codeChallenge: await codeChallenge(pending.verifier) });
}

function takePending(storage: BrowserContext['storage']): PendingSignIn | undefined {
  const raw = storage.getItem(PENDING_KEY);
  // One answer per request: whatever happens next, this one cannot be replayed.
  storage.removeItem(PENDING_KEY);
  if (!raw) return undefined;
  try {
    return JSON.parse(raw) as PendingSignIn;
  } catch {
    return undefined;
  }
}

/** Checks the issuer's answer (the callback's query), redeems the code, and returns the session. */
export async function completeSignIn(search: URLSearchParams, context: BrowserContext): Promise<Session> {
  const pending = takePending(context.storage);
  const code = readCallback(search, pending, context.now());
  const p = pending as PendingSignIn;
  const refused = () => new SignInError('token', 'Le service d’identification n’a pas validé la connexion : reconnectez-vous.');
  const tokens = await fetchJson(context, p.tokenEndpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: tokenRequest(p, code) }, refused);
  const identity = checkIdToken(tokens.id_token, { issuer: p.issuer, clientId: p.clientId, nonce: p.nonce, now: context.now() });
  const signOutUrl = p.endSessionEndpoint
    ? endSessionUrl(p.endSessionEndpoint, { idToken: tokens.id_token as string, clientId: p.clientId, postLogoutRedirectUri: `${context.origin}${SIGNED_OUT_PATH}` })
    : undefined;
  return sessionFrom(tokens, identity, { now: context.now(), signOutUrl });
}
