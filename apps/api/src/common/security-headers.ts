import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's defaults (CSP `default-src 'self'`, HSTS, nosniff, frame-ancestors, no X-Powered-By) suit the
 * API and the OpenAPI UI at /docs, whose scripts and styles are files served from /docs itself (no
 * inline script), so the CSP needs no exception for it; a test loads /docs and its assets. One change:
 * `upgrade-insecure-requests` only in production (behind TLS): Safari applies it to http://localhost
 * too, which leaves /docs blank on a developer's machine.
 */
export function securityHeaders(env: Record<string, string | undefined> = process.env): RequestHandler[] {
  const production = env.NODE_ENV === 'production';
  return [helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: production ? [] : null } } }), noStore];
}

/** Answers carry health data: no browser or proxy cache may keep them. */
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (/^\/(api|codec)(\/|$)/.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
