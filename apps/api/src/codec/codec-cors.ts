import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { readSettings } from '@pathway/config';

type Env = Record<string, string | undefined>;

/** CODEC_CORS_ORIGINS: the Temporal Web UI origins allowed to call /codec (the dev server's by default). */
export function codecCorsOrigins(env: Env = process.env): string[] {
  return readSettings(['CODEC_CORS_ORIGINS'], env).CODEC_CORS_ORIGINS;
}

/**
 * CORS for /codec only, for the origins listed: the browser's preflight (OPTIONS, which carries no
 * token) is answered here, before any guard; other origins get no CORS headers, so their pages cannot
 * read an answer. The UI sends Content-Type and X-Namespace, and Authorization when it passes the
 * user's access token.
 */
export function codecCors(origins: string[] = codecCorsOrigins()): RequestHandler {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    res.vary('Origin');
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      // helmet's same-origin default would stop the UI's page from reading the answer.
      res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    }
    if (req.method !== 'OPTIONS') return next();
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Namespace');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.status(204).end();
  };
}
