import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from './security-headers';

function headersOf(env: Record<string, string>, path = '/api/v1/pathways'): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = { setHeader: (k: string, v: string) => (headers[k.toLowerCase()] = v), removeHeader: () => undefined } as unknown as Response;
  for (const handler of securityHeaders(env)) handler({ path } as Request, res, (() => undefined) as NextFunction);
  return headers;
}

describe('security headers', () => {
  it('upgrade insecure requests in production only (Safari would upgrade http://localhost too)', () => {
    expect(headersOf({ NODE_ENV: 'production' })['content-security-policy']).toMatch(/upgrade-insecure-requests/);
    expect(headersOf({})['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
  });

  it('forbid caching API and codec answers, not the OpenAPI UI', () => {
    expect(headersOf({})['cache-control']).toBe('no-store');
    expect(headersOf({}, '/codec/decode')['cache-control']).toBe('no-store');
    expect(headersOf({}, '/docs')['cache-control']).toBeUndefined();
  });
});

describe('the CSP when the web app signs in with OpenID Connect', () => {
  const oidc = { AUTH_JWKS_URL: 'https://id.example.org/realms/maia/certs', AUTH_ISSUER: 'https://id.example.org/realms/maia', AUTH_AUDIENCE: 'care-pathways-api' };

  it('lets the app fetch from the issuer’s origin, and from no other', () => {
    const csp = headersOf({ ...oidc, AUTH_CLIENT_ID: 'care-pathways-web' })['content-security-policy'];
    expect(csp).toMatch(/(^|;)connect-src 'self' https:\/\/id\.example\.org(;|$)/);
    expect(csp).toMatch(/(^|;)default-src 'self'(;|$)/);
  });

  it('adds nothing without a web client (API only) or locally', () => {
    expect(headersOf(oidc)['content-security-policy']).not.toMatch(/connect-src/);
    expect(headersOf({})['content-security-policy']).not.toMatch(/connect-src/);
  });
});
