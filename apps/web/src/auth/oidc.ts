// Sign-in with OpenID Connect: authorization code with PKCE (RFC 7636, S256), as a public client (no
// secret: the code verifier proves that whoever redeems the code is whoever asked for it).
//
// The protocol is oauth4webapi's (panva's OpenID Certified client library, the author of the provider
// the browser tests run against): discovery and its issuer check, the random verifier, state and nonce,
// the S256 challenge, the callback's checks (state, RFC 9207 `iss`, the issuer's error), the code
// exchange and the ID token's checks (issuer, audience, authorized party, expiry, nonce). What is ours:
// - keeping the sign-in under way in sessionStorage (this tab only), at most 15 minutes, and only once;
// - what the CSP needs: the token endpoint on the issuer's origin, https except on this machine;
// - the refusals in French for the person signing in;
// - the session: which screens the account opens (roles, territory), and where to sign out.
//
// 1. startSignIn: discover the issuer's endpoints, keep the verifier, state and nonce, and return the
//    authorization URL the browser goes to.
// 2. The issuer sends the browser back to /connexion/retour?code=…&state=…; completeSignIn checks the
//    answer, redeems the code with the verifier, checks the ID token, and returns the session.
//
// The ID token comes straight from the token endpoint over TLS, so its claims are checked but not its
// signature (OpenID Connect Core §3.1.3.7; oauth4webapi does the same: no JWKS fetch, so the CSP's
// connect-src needs the issuer's origin only); the access token is opaque to us in principle and
// verified by the API; its claims (roles, territory), which the API reads, only tell the screens what
// to show. No userinfo call: the ID token and access token carry what the screens need.
import * as oauth from 'oauth4webapi';
import type { Session } from '../session';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  scopes: string[];
}

/** A sign-in under way, from the redirect to the issuer until its answer comes back. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  clientId: string;
  redirectUri: string;
  /** The issuer's discovery document, as checked when the sign-in started. */
  server: oauth.AuthorizationServer;
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
/** Clock skew tolerated on the ID token's expiry, in seconds (oauth4webapi's default is 30). */
const SKEW_SECONDS = 60;
/** The roles the web app has screens for (as on the demo sign-in page), in the order one is chosen. */
const ROLES = ['case_manager', 'supervisor', 'physician'] as const;

// --- Discovery --------------------------------------------------------------------------------------

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** http is for an issuer on this machine only (the browser tests); oauth4webapi refuses it otherwise. */
function onThisMachine(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname);
  } catch {
    return false;
  }
}

function secureUrl(value: unknown): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || onThisMachine(value) ? url : undefined;
  } catch {
    return undefined;
  }
}

const misconfigured = (why: string) => new SignInError('discovery', `Le service d’identification est mal configuré (${why}). Prévenez l’administrateur.`);

/**
 * What the app needs of the discovery document beyond oauth4webapi's checks: its endpoints are https,
 * the token endpoint is on the issuer's origin (the only one the API's CSP lets the app call), and it
 * accepts S256 when it says which methods it accepts.
 */
export function readMetadata(issuer: string, server: oauth.AuthorizationServer): oauth.AuthorizationServer {
  const authorization = secureUrl(server.authorization_endpoint);
  const token = secureUrl(server.token_endpoint);
  if (!authorization || !token) throw misconfigured('adresse d’autorisation ou de jeton absente ou non sécurisée');
  if (token.origin !== new URL(issuer).origin) throw misconfigured('l’adresse de jeton n’est pas sur le domaine du service');
  const methods = server.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) throw misconfigured('PKCE S256 non pris en charge');
  const { end_session_endpoint, ...rest } = server;
  return secureUrl(end_session_endpoint) ? server : rest;
}

/** Options of every request to the issuer: the app's fetch, and http on this machine only. */
function requestOptions(issuer: string, context: BrowserContext) {
  return { [oauth.customFetch]: context.fetch, [oauth.allowInsecureRequests]: onThisMachine(issuer) };
}

async function discover(config: OidcConfig, context: BrowserContext): Promise<oauth.AuthorizationServer> {
  const issuer = new URL(config.issuer);
  let response: Response;
  try {
    response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...requestOptions(config.issuer, context) });
  } catch {
    throw new SignInError('discovery', 'Le service d’identification ne répond pas : réessayez dans un instant.');
  }
  if (response.status !== 200) throw new SignInError('discovery', 'Le service d’identification ne répond pas : réessayez dans un instant.');
  try {
    return readMetadata(config.issuer, await oauth.processDiscoveryResponse(issuer, response));
  } catch (err) {
    if (err instanceof SignInError) throw err;
    // Another issuer's document (OpenID Connect Discovery §4.3), or no document at all.
    throw misconfigured('son identifiant ne correspond pas à celui attendu, ou son document de configuration est illisible');
  }
}

// --- The authorization request ----------------------------------------------------------------------

export function authorizationUrl(
  server: oauth.AuthorizationServer,
  request: { clientId: string; redirectUri: string; scopes: string[]; state: string; nonce: string; codeChallenge: string },
): string {
  const url = new URL(server.authorization_endpoint as string);
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

const PROVIDER_ERRORS: Record<string, string> = {
  access_denied: 'La connexion a été annulée ou refusée par le service d’identification.',
  login_required: 'Le service d’identification demande de vous connecter à nouveau.',
  consent_required: 'Le service d’identification demande votre consentement.',
  temporarily_unavailable: 'Le service d’identification est momentanément indisponible : réessayez dans un instant.',
};

const STATE_REFUSED =
  'La réponse du service d’identification ne correspond à aucune demande de connexion de cette page (paramètre « state » invalide). Par sécurité, elle est refusée : reconnectez-vous.';

/**
 * The issuer's answer, checked by oauth4webapi against `pending` (state, RFC 9207 `iss`, the issuer's
 * error; RFC 6749 §4.1.2), then against its age; the parameters to redeem. The library says that the
 * answer is refused; which refusal it was is read off the answer, to say it in French.
 */
export function readCallback(search: URLSearchParams, pending: PendingSignIn | undefined, now: number): URLSearchParams {
  if (!pending) throw new SignInError('no_pending', 'Aucune connexion n’est en cours dans cet onglet : reconnectez-vous.');
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(pending.server, { client_id: pending.clientId }, search, pending.state);
  } catch (err) {
    if (err instanceof oauth.AuthorizationResponseError) {
      throw new SignInError('provider', PROVIDER_ERRORS[err.error] ?? `Le service d’identification a refusé la connexion (${err.error.replace(/[^\w.-]/g, '').slice(0, 40)}).`);
    }
    // With this tab's state, what it refused is the issuer's identifier: another's, or none where one is due.
    if (search.getAll('state').length === 1 && search.get('state') === pending.state) {
      throw new SignInError('issuer', 'La réponse ne vient pas du service d’identification attendu : elle est refusée.');
    }
    throw new SignInError('state', STATE_REFUSED);
  }
  if (now - pending.startedAt > PENDING_LIFETIME_MS) throw new SignInError('too_old', 'La connexion a pris trop de temps : reconnectez-vous.');
  if (!params.get('code')) throw new SignInError('no_code', 'La réponse du service d’identification est incomplète : reconnectez-vous.');
  return params;
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

/** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2); oauth4webapi has no helper for it. */
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
}

export function browserContext(): BrowserContext {
  return { storage: sessionStorage, fetch: (input, init) => fetch(input, { ...init, credentials: 'omit', cache: 'no-store' }), origin: window.location.origin };
}

/** Prepares the sign-in and returns the issuer's authorization URL to send the browser to. */
export async function startSignIn(config: OidcConfig, context: BrowserContext): Promise<string> {
  const server = await discover(config, context);
  const pending: PendingSignIn = {
    state: oauth.generateRandomState(),
    nonce: oauth.generateRandomNonce(),
    verifier: oauth.generateRandomCodeVerifier(),
    clientId: config.clientId,
    redirectUri: `${context.origin}${CALLBACK_PATH}`,
    server,
    startedAt: Date.now(),
  };
  context.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  return authorizationUrl(server, { ...pending, scopes: config.scopes, codeChallenge: await oauth.calculatePKCECodeChallenge(pending.verifier) });
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
  const params = readCallback(search, pending, Date.now());
  const { server, clientId, redirectUri, verifier, nonce } = pending as PendingSignIn;
  const client: oauth.Client = { client_id: clientId, [oauth.clockTolerance]: SKEW_SECONDS };
  let response: Response;
  try {
    response = await oauth.authorizationCodeGrantRequest(server, client, oauth.None(), params, redirectUri, verifier, requestOptions(server.issuer, context));
  } catch {
    throw new SignInError('token', 'Le service d’identification n’a pas validé la connexion : reconnectez-vous.');
  }
  // Read again below only to tell which refusal oauth4webapi made: the tokens' or the ID token's.
  const answer = response.status === 200 ? ((await response.clone().json().catch(() => undefined)) as Claims | undefined) : undefined;
  let tokens: oauth.TokenEndpointResponse;
  try {
    tokens = await oauth.processAuthorizationCodeResponse(server, client, response, { expectedNonce: nonce, requireIdToken: true });
  } catch (err) {
    // A usable access token came with an ID token that fails its checks (nonce, audience, issuer,
    // authorized party, expiry, subject), or with none.
    const accessTokenUsable = typeof answer?.access_token === 'string' && answer.access_token !== '' && typeof answer.token_type === 'string';
    if (err instanceof oauth.OperationProcessingError && accessTokenUsable) {
      throw new SignInError('id_token', 'L’identité renvoyée par le service d’identification n’a pas pu être vérifiée : reconnectez-vous.');
    }
    if (answer !== undefined) throw new SignInError('token', 'Le service d’identification n’a pas délivré de jeton d’accès utilisable : reconnectez-vous.');
    throw new SignInError('token', 'Le service d’identification n’a pas validé la connexion : reconnectez-vous.');
  }
  const identity = oauth.getValidatedIdTokenClaims(tokens) as Claims;
  const signOutUrl = server.end_session_endpoint
    ? endSessionUrl(server.end_session_endpoint, { idToken: tokens.id_token, clientId, postLogoutRedirectUri: `${context.origin}${SIGNED_OUT_PATH}` })
    : undefined;
  return sessionFrom(tokens, identity, { now: Date.now(), signOutUrl });
}
