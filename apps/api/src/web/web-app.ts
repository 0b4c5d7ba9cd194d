/**
 * The web app (apps/web, built by `nx run web:build` into apps/web/dist) served by the API under `/`,
 * when that folder exists: the same origin as the API, so the app needs no CORS and the API's CSP
 * (`default-src 'self'`) covers it. Any other GET for a page (no file extension) outside the API's own
 * prefixes gets index.html, so a reloaded client route still opens the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

const API_PREFIXES = /^\/(api|docs|docs-json|health|codec|fhir)(\/|$)/;

/** WEB_DIST_DIR, else apps/web/dist seen from dist/apps/api/src/web (built) or apps/api/src/web (sources). */
export function webDistDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const candidates = env.WEB_DIST_DIR ? [env.WEB_DIST_DIR] : [path.resolve(__dirname, '../../../../../apps/web/dist'), path.resolve(__dirname, '../../../web/dist')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

export function serveWebApp(app: NestExpressApplication, dir = webDistDir()): void {
  if (!dir) return;
  const index = path.join(dir, 'index.html');
  app.useStaticAssets(dir, { index: false, maxAge: '1h', setHeaders: (res, file) => file === index && res.setHeader('Cache-Control', 'no-cache') });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PREFIXES.test(req.path) || path.extname(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
