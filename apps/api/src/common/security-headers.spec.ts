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
