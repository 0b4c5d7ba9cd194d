/**
 * One log line per answered request: its id (the X-Request-Id the audit trail gave it or accepted), method,
 * route template (never the query: a search's parameters may name a person), the pathway it is about,
 * status and duration. Bodies are never logged.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '@pathway/config';
import type { AuditedRequest } from '../audit/audit-context';
import { REQUEST_ID_HEADER } from '../audit/audit-trail';

const PATHWAY_IN_PATH = /^\/api\/v1\/pathways\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/|$)/i;

/** Probes and scrapes answer every few seconds: logged at debug, so they do not drown the requests. */
const QUIET = /^\/(health|metrics)(\/|$)/;

export function requestLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const began = process.hrtime.bigint();
    res.once('close', () => {
      const path = req.originalUrl.split('?')[0];
      const template = (req as Request & { route?: { path?: unknown } }).route?.path;
      const audit = (req as AuditedRequest).audit;
      const pathwayId = audit?.about ?? audit?.pathwayId ?? PATHWAY_IN_PATH.exec(path)?.[1];
      const fields = {
        requestId: res.getHeader(REQUEST_ID_HEADER),
        method: req.method,
        route: typeof template === 'string' ? template : '(no route)',
        ...(pathwayId ? { pathwayId } : {}),
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - began) / 1000n) / 1000,
        // The client hung up before the answer was sent.
        ...(res.writableFinished ? {} : { aborted: true }),
      };
      const level = QUIET.test(path) ? 'debug' : res.statusCode >= 500 ? 'error' : 'info';
      logger[level](fields, 'request');
    });
    next();
  };
}
