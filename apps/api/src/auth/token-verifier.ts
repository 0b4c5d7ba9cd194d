/**
 * Verifies bearer tokens, in one of two modes chosen by configuration (API.md):
 * - locally, HS256 with the shared secret AUTH_JWT_SECRET (`npm run token` mints them);
 * - in production, an OIDC issuer's tokens (RS256 or ES256), checked against the keys it publishes at
 *   AUTH_JWKS_URL, its issuer AUTH_ISSUER and our audience AUTH_AUDIENCE. The three go together: a
 *   half-configured issuer stops start-up rather than silently falling back to the shared secret.
 *   AUTH_CLIENT_ID (and optionally AUTH_SCOPES) adds the web app's public client at that issuer, for
 *   its sign-in (authorization code with PKCE, GET /api/v1/auth/config).
 * A rejected token is a `TokenRejected` naming why in words a client can act on ("expired", "another
 * audience"), never the expected issuer, audience or a library's message.
 */
import { Injectable, Logger } from '@nestjs/common';
import { SettingsError } from '@pathway/config';
import type { JWTPayload, JWTVerifyGetKey, JWTVerifyOptions } from 'jose';

/** The secret a fresh clone uses (README); refused when NODE_ENV=production. */
export const LOCAL_DEV_SECRET = 'care-pathway-local-development-secret';

/** What an OIDC issuer may sign with; symmetric algorithms are never accepted from a key set. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** Clock skew tolerated between the issuer and us for exp/nbf. */
const CLOCK_TOLERANCE_SECONDS = 5;

export type Claims = { sub?: unknown; roles?: unknown; territory?: unknown; email?: unknown; email_verified?: unknown; SubjectNameID?: unknown };

/**
 * The web app's own client at the issuer (AUTH_CLIENT_ID): a public client (no secret, authorization code
 * with PKCE) whose users get access tokens for our audience. Its id may differ from AUTH_AUDIENCE (a
 * Keycloak realm has one client for the SPA and adds the API's audience to its tokens with a mapper).
 */
export interface WebClientSettings {
  clientId: string;
  /** AUTH_SCOPES, space- or comma-separated; `openid` always among them. */
  scopes: string[];
}

export type AuthSettings =
  | { mode: 'hs256'; secret: Uint8Array }
  | { mode: 'oidc'; jwksUrl: URL; issuer: string; audience: string[]; webClient?: WebClientSettings };

type Env = Record<string, string | undefined>;
const OIDC_VARIABLES = ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE'] as const;
const WEB_CLIENT_VARIABLES = ['AUTH_CLIENT_ID', 'AUTH_SCOPES'] as const;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
export const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
/** RFC 6749 §3.3 scope-token; a client id is printable ASCII without spaces (it travels in URLs and forms). */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const CLIENT_ID = /^[\x21-\x7e]{1,255}$/;

/** https, or http on this machine only (tests, a local issuer). */
const secureOrLoopback = (url: URL) => url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));

/** The verification mode and its parameters from the environment; a SettingsError names what is wrong. */
export function authSettings(env: Env = process.env): AuthSettings {
  const value = (name: string) => env[name]?.trim() || undefined;
  const oidcSet = OIDC_VARIABLES.filter((name) => value(name) !== undefined);
  const webClientSet = WEB_CLIENT_VARIABLES.filter((name) => value(name) !== undefined);
  if (oidcSet.length > 0 && oidcSet.length < OIDC_VARIABLES.length) {
    const missing = OIDC_VARIABLES.filter((name) => !oidcSet.includes(name));
    throw new SettingsError(
      `OIDC token verification needs ${OIDC_VARIABLES.join(', ')} together; ${oidcSet.join(', ')} ${oidcSet.length > 1 ? 'are' : 'is'} set but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not`,
    );
  }
  if (oidcSet.length === OIDC_VARIABLES.length) {
    if (value('AUTH_JWT_SECRET') !== undefined) {
      throw new SettingsError('AUTH_JWT_SECRET and AUTH_JWKS_URL are both set: tokens are verified with a shared secret (HS256, local) or against an OIDC issuer (production), not both; unset one');
    }
    let jwksUrl: URL;
    try {
      jwksUrl = new URL(value('AUTH_JWKS_URL') as string);
    } catch {
      throw new SettingsError('AUTH_JWKS_URL is not a URL');
    }
    // The keys decide who may act on health data: fetched over TLS, except from a key set on this machine (tests).
    if (!secureOrLoopback(jwksUrl)) {
      throw new SettingsError('AUTH_JWKS_URL must be an https:// URL (http:// only on 127.0.0.1 or localhost)');
    }
    const audience = (value('AUTH_AUDIENCE') as string).split(',').map((a) => a.trim()).filter(Boolean);
    const issuer = value('AUTH_ISSUER') as string;
    const webClient = webClientSettings(value, issuer);
    return { mode: 'oidc', jwksUrl, issuer, audience, ...(webClient ? { webClient } : {}) };
  }
  if (webClientSet.length > 0) {
    throw new SettingsError(
      `${webClientSet.join(', ')} ${webClientSet.length > 1 ? 'are' : 'is'} set but ${OIDC_VARIABLES.join(', ')} are not: the web app signs in through an OIDC issuer only when the API verifies that issuer's tokens`,
    );
  }
  const secret = value('AUTH_JWT_SECRET');
  if (env.NODE_ENV === 'production') {
    if (!secret) throw new SettingsError(`AUTH_JWT_SECRET (or ${OIDC_VARIABLES.join(', ')}) must be set in production`);
    if (secret === LOCAL_DEV_SECRET || Buffer.byteLength(secret) < 32) {
      throw new SettingsError('AUTH_JWT_SECRET must be at least 32 bytes and not the local development secret in production');
    }
  }
  return { mode: 'hs256', secret: new TextEncoder().encode(secret ?? LOCAL_DEV_SECRET) };
}

/**
 * The web app's OIDC client, when AUTH_CLIENT_ID is set: the browser discovers the issuer's endpoints
 * from `${AUTH_ISSUER}/.well-known/openid-configuration`, so the issuer must be a URL it may fetch.
 */
function webClientSettings(value: (name: string) => string | undefined, issuer: string): WebClientSettings | undefined {
  const clientId = value('AUTH_CLIENT_ID');
  const rawScopes = value('AUTH_SCOPES');
  if (!clientId) {
    if (rawScopes) throw new SettingsError('AUTH_SCOPES is set but AUTH_CLIENT_ID is not: the scopes are those the web app\'s client asks the issuer for');
    return undefined;
  }
  if (!CLIENT_ID.test(clientId)) throw new SettingsError('AUTH_CLIENT_ID must be printable ASCII without spaces');
  let issuerUrl: URL;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    throw new SettingsError('AUTH_ISSUER must be a URL when AUTH_CLIENT_ID is set (the web app discovers the issuer at AUTH_ISSUER/.well-known/openid-configuration)');
  }
  if (!secureOrLoopback(issuerUrl) || issuerUrl.search || issuerUrl.hash) {
    throw new SettingsError('AUTH_ISSUER must be an https:// URL without query or fragment when AUTH_CLIENT_ID is set (http:// only on 127.0.0.1 or localhost)');
  }
  const scopes = rawScopes ? [...new Set(rawScopes.split(/[\s,]+/).filter(Boolean))] : DEFAULT_SCOPES;
  const bad = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (bad !== undefined) throw new SettingsError(`AUTH_SCOPES: "${bad}" is not a scope (space-separated words of printable ASCII, no quotes or backslashes)`);
  if (!scopes.includes('openid')) throw new SettingsError('AUTH_SCOPES must include openid (the web app signs in with OpenID Connect)');
  return { clientId, scopes };
}

/** The demo sign-in (GET /api/v1/auth/demo-users) exists only with the local development secret, never in production. */
export function demoSignInAllowed(settings: AuthSettings, env: Env = process.env): boolean {
  return settings.mode === 'hs256' && new TextDecoder().decode(settings.secret) === LOCAL_DEV_SECRET && env.NODE_ENV !== 'production';
}

/** Why a token was refused; the `reason` travels in the 401 problem document. */
export type TokenRejection =
  | 'malformed'
  | 'unsigned'
  | 'algorithm_not_allowed'
  | 'bad_signature'
  | 'unknown_key'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'invalid_claims';

export class TokenRejected extends Error {
  constructor(
    readonly reason: TokenRejection,
    message: string,
  ) {
    super(message);
    this.name = 'TokenRejected';
  }
}

/** The issuer's key set could not be fetched: our problem (503), not the caller's token. */
export class KeySetUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super("the identity provider's signing keys cannot be fetched");
    this.name = 'KeySetUnavailable';
  }
}

type Jose = typeof import('jose');

@Injectable()
export class TokenVerifier {
  private readonly logger = new Logger('TokenVerifier');
  readonly settings: AuthSettings = authSettings();
  private jose?: Promise<{ lib: Jose; key: Uint8Array | JWTVerifyGetKey; options: JWTVerifyOptions }>;

  get mode(): AuthSettings['mode'] {
    return this.settings.mode;
  }

  async verify(token: string): Promise<Claims> {
    const { lib, key, options } = await (this.jose ??= this.load());
    let header: { alg?: unknown };
    try {
      header = lib.decodeProtectedHeader(token);
    } catch {
      throw new TokenRejected('malformed', 'the token is not a well-formed JWT');
    }
    if (typeof header.alg === 'string' && header.alg.toLowerCase() === 'none') {
      throw new TokenRejected('unsigned', 'the token is unsigned (alg "none"); tokens must be signed');
    }
    try {
      const { payload }: { payload: JWTPayload } =
        key instanceof Uint8Array ? await lib.jwtVerify(token, key, options) : await lib.jwtVerify(token, key, options);
      return payload as Claims;
    } catch (err) {
      throw this.rejection(err);
    }
  }

  private async load() {
    // jose is ESM-only; Node 20.19+ loads it from CommonJS.
    const lib = await import('jose');
    const base: JWTVerifyOptions = { requiredClaims: ['exp'], clockTolerance: CLOCK_TOLERANCE_SECONDS };
    if (this.settings.mode === 'hs256') return { lib, key: this.settings.secret, options: { ...base, algorithms: ['HS256'] } };
    const keySet = lib.createRemoteJWKSet(this.settings.jwksUrl, { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
    // A key id the set does not hold is the token's problem (401); a set we cannot fetch is ours (503).
    const key: JWTVerifyGetKey = (protectedHeader, token) =>
      keySet(protectedHeader, token).catch((err: unknown) => {
        const code = (err as { code?: string }).code;
        if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS' || code === 'ERR_JOSE_ALG_NOT_ALLOWED' || code === 'ERR_JOSE_NOT_SUPPORTED') throw err;
        throw new KeySetUnavailable(err);
      });
    return {
      lib,
      key,
      options: { ...base, algorithms: OIDC_ALGORITHMS, issuer: this.settings.issuer, audience: this.settings.audience },
    };
  }

  private rejection(err: unknown): Error {
    if (err instanceof KeySetUnavailable) return err;
    const { code, claim } = err as { code?: string; claim?: string };
    switch (code) {
      case 'ERR_JWT_EXPIRED':
        return new TokenRejected('expired', 'the token has expired');
      case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
        if (claim === 'nbf') return new TokenRejected('not_yet_valid', 'the token is not valid yet (nbf)');
        if (claim === 'iss') return new TokenRejected('wrong_issuer', 'the token was issued by an issuer this API does not trust');
        if (claim === 'aud') return new TokenRejected('wrong_audience', 'the token is meant for another audience');
        if (claim === 'exp') return new TokenRejected('invalid_claims', 'the token has no valid expiry (exp)');
        return new TokenRejected('invalid_claims', `the token's "${claim ?? 'unknown'}" claim is invalid`);
      case 'ERR_JOSE_ALG_NOT_ALLOWED':
      case 'ERR_JOSE_NOT_SUPPORTED':
        return new TokenRejected('algorithm_not_allowed', `the token is signed with an algorithm this API does not accept (accepted: ${(this.settings.mode === 'hs256' ? ['HS256'] : OIDC_ALGORITHMS).join(', ')})`);
      case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
        return new TokenRejected('bad_signature', "the token's signature does not verify");
      case 'ERR_JWKS_NO_MATCHING_KEY':
      case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
        return new TokenRejected('unknown_key', 'the token is signed with a key the issuer does not publish');
      case 'ERR_JWS_INVALID':
      case 'ERR_JWT_INVALID':
        return new TokenRejected('malformed', 'the token is not a well-formed JWT');
      default:
        this.logger.warn(`token refused for an unexpected reason: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
        return new TokenRejected('malformed', 'the token cannot be verified');
    }
  }
}
