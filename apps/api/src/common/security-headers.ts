import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

/**
 * helmet's defaults (CSP `default-src 'self'`, HSTS, nosniff, frame-ancestors, no X-Powered-By) suit the
 * API and the OpenAPI UI at /docs, whose scripts and styles are files served from /docs itself (no
 * inline script), so the CSP needs no exception for it; a test loads /docs and its assets. Two changes:
 * - `upgrade-insecure-requests` only in production (behind TLS): Safari applies it to http://localhost
 *   too, which leaves /docs blank on a developer's machine;
 * - when the web app signs in with OpenID Connect (AUTH_CLIENT_ID and AUTH_ISSUER), `connect-src` adds
 *   the issuer's origin, and only it: the app fetches the issuer's discovery document and exchanges the
 *   authorization code at its token endpoint. Going to the issuer's pages is navigation, which the CSP
 *   does not restrict.
 */
export function securityHeaders(env: Record<string, string | undefined> = process.env): RequestHandler[] {
  const production = env.NODE_ENV === 'production';
  const issuer = oidcSignInOrigin(env);
  return [
    helmet({
      contentSecurityPolicy: {
        directives: {
          upgradeInsecureRequests: production ? [] : null,
          ...(issuer ? { connectSrc: ["'self'", issuer] } : {}),
        },
      },
    }),
    noStore,
  ];
}

/**
 * The origin the web app's sign-in talks to, or undefined when it does not use OIDC. The settings were
 * checked at start-up (auth/token-verifier.ts); anything unusable here adds nothing to the policy.
 */
function oidcSignInOrigin(env: Record<string, string | undefined>): string | undefined {
  const issuer = env.AUTH_ISSUER?.trim();
  if (!env.AUTH_CLIENT_ID?.trim() || !issuer || !env.AUTH_JWKS_URL?.trim()) return undefined;
  try {
    const url = new URL(issuer);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Answers carry health data: no browser or proxy cache may keep them. */
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (/^\/(api|codec)(\/|$)/.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  next();
}
