// Which verification mode the environment selects, and the start-up errors of a half-done setup. The
// tokens themselves are tested through the running API (test/e2e/api-auth-*.spec.ts): jose is ESM-only.
import { SettingsError } from '@pathway/config';
import { authSettings, demoSignInAllowed, LOCAL_DEV_SECRET } from './token-verifier';

const OIDC = { AUTH_JWKS_URL: 'https://id.example/jwks', AUTH_ISSUER: 'https://id.example', AUTH_AUDIENCE: 'care-pathways-api' };

describe('the token verification mode', () => {
  it('is HS256 with the local development secret when nothing is set', () => {
    expect(authSettings({})).toEqual({ mode: 'hs256', secret: new TextEncoder().encode(LOCAL_DEV_SECRET) });
  });

  it('is OIDC when the JWKS URL, the issuer and the audience are all set (several audiences, comma-separated)', () => {
    expect(authSettings({ ...OIDC, AUTH_AUDIENCE: 'care-pathways-api, temporal-ui' })).toEqual({
      mode: 'oidc',
      jwksUrl: new URL(OIDC.AUTH_JWKS_URL),
      issuer: OIDC.AUTH_ISSUER,
      audience: ['care-pathways-api', 'temporal-ui'],
    });
  });

  it.each([
    [{ AUTH_JWKS_URL: OIDC.AUTH_JWKS_URL }, /AUTH_JWKS_URL is set but AUTH_ISSUER, AUTH_AUDIENCE are not/],
    [{ AUTH_JWKS_URL: OIDC.AUTH_JWKS_URL, AUTH_ISSUER: OIDC.AUTH_ISSUER }, /AUTH_JWKS_URL, AUTH_ISSUER are set but AUTH_AUDIENCE is not/],
    [{ AUTH_AUDIENCE: 'x', AUTH_ISSUER: ' ' }, /AUTH_AUDIENCE is set but AUTH_JWKS_URL, AUTH_ISSUER are not/],
  ])('stops start-up when OIDC is half-configured (%j)', (env, message) => {
    expect(() => authSettings(env)).toThrow(SettingsError);
    expect(() => authSettings(env)).toThrow(message);
  });

  it('refuses a shared secret beside an OIDC issuer, and a key set fetched without TLS off this machine', () => {
    expect(() => authSettings({ ...OIDC, AUTH_JWT_SECRET: 'x'.repeat(40) })).toThrow(/not both/);
    expect(() => authSettings({ ...OIDC, AUTH_JWKS_URL: 'http://id.example/jwks' })).toThrow(/must be an https:\/\/ URL/);
    expect(authSettings({ ...OIDC, AUTH_JWKS_URL: 'http://127.0.0.1:4000/jwks' }).mode).toBe('oidc');
  });

  it('in production, needs a real secret (or OIDC)', () => {
    expect(() => authSettings({ NODE_ENV: 'production' })).toThrow(/must be set in production/);
    expect(() => authSettings({ NODE_ENV: 'production', AUTH_JWT_SECRET: LOCAL_DEV_SECRET })).toThrow(/at least 32 bytes and not the local development secret/);
    expect(() => authSettings({ NODE_ENV: 'production', AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32 bytes/);
    expect(authSettings({ NODE_ENV: 'production', AUTH_JWT_SECRET: 's'.repeat(32) }).mode).toBe('hs256');
    expect(authSettings({ NODE_ENV: 'production', ...OIDC }).mode).toBe('oidc');
  });

  it('adds the web app’s public client with AUTH_CLIENT_ID, asking for openid profile email unless AUTH_SCOPES says otherwise', () => {
    expect(authSettings({ ...OIDC, AUTH_CLIENT_ID: 'care-pathways-web' })).toMatchObject({ mode: 'oidc', webClient: { clientId: 'care-pathways-web', scopes: ['openid', 'profile', 'email'] } });
    expect(authSettings({ ...OIDC, AUTH_CLIENT_ID: 'web', AUTH_SCOPES: 'openid roles, territory' })).toMatchObject({ webClient: { clientId: 'web', scopes: ['openid', 'roles', 'territory'] } });
    expect(authSettings(OIDC)).not.toHaveProperty('webClient');
  });

  it.each([
    [{ AUTH_CLIENT_ID: 'web' }, /^AUTH_CLIENT_ID is set but AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE are not/],
    [{ AUTH_CLIENT_ID: 'web', AUTH_JWT_SECRET: 'x'.repeat(40) }, /^AUTH_CLIENT_ID is set but AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE are not/],
    [{ ...OIDC, AUTH_SCOPES: 'openid' }, /^AUTH_SCOPES is set but AUTH_CLIENT_ID is not/],
    [{ ...OIDC, AUTH_CLIENT_ID: 'web', AUTH_SCOPES: 'profile email' }, /^AUTH_SCOPES must include openid/],
    [{ ...OIDC, AUTH_CLIENT_ID: 'web', AUTH_SCOPES: 'openid "x"' }, /^AUTH_SCOPES: ""x"" is not a scope/],
    [{ ...OIDC, AUTH_CLIENT_ID: 'web app' }, /^AUTH_CLIENT_ID must be printable ASCII without spaces/],
    [{ ...OIDC, AUTH_CLIENT_ID: 'web', AUTH_ISSUER: 'maia' }, /^AUTH_ISSUER must be a URL when AUTH_CLIENT_ID is set/],
    [{ ...OIDC, AUTH_CLIENT_ID: 'web', AUTH_ISSUER: 'http://id.example' }, /^AUTH_ISSUER must be an https:\/\/ URL without query or fragment/],
  ])('stops start-up when the web client is half-configured (%j)', (env, message) => {
    expect(() => authSettings(env)).toThrow(SettingsError);
    expect(() => authSettings(env)).toThrow(message);
  });

  it('accepts an http issuer on this machine only (tests)', () => {
    expect(authSettings({ ...OIDC, AUTH_ISSUER: 'http://127.0.0.1:4000', AUTH_CLIENT_ID: 'web' }).mode).toBe('oidc');
  });

  it('offers the demo sign-in only with the local development secret, outside production', () => {
    expect(demoSignInAllowed(authSettings({}), {})).toBe(true);
    expect(demoSignInAllowed(authSettings({ AUTH_JWT_SECRET: 's'.repeat(32) }), {})).toBe(false);
    expect(demoSignInAllowed(authSettings({}), { NODE_ENV: 'production' })).toBe(false);
    expect(demoSignInAllowed(authSettings(OIDC), {})).toBe(false);
  });
});
