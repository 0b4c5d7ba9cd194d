/**
 * The API's Prometheus metrics (README "Operating it"), served on METRICS_ADDRESS: requests by route
 * template and status with their latency, and steps by type and outcome. Labels are templates, step
 * types and fixed codes only: never an id, a name or anything from a body.
 */
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ProblemException } from '../common/problem';

export const apiMetrics = new Registry();
collectDefaultMetrics({ register: apiMetrics });

const httpRequestDuration = new Histogram({
  name: 'care_pathways_http_request_duration_seconds',
  help: 'HTTP requests answered by the API, by method, route template and status: time to the last byte',
  labelNames: ['method', 'route', 'status'],
  // A step is an Update round trip (tens of ms to seconds); 30 s is the step deadline (then 503).
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [apiMetrics],
});

const steps = new Counter({
  name: 'care_pathways_steps_total',
  help: 'Referrals and steps sent to a pathway, by step type, outcome (accepted, rejected, failed) and the rejection code',
  labelNames: ['type', 'outcome', 'code'],
  registers: [apiMetrics],
});

/**
 * Times every request from its first byte in. The route is the matched template (`/api/v1/pathways/:id`);
 * a 404 no route matched is `unmatched`, anything answered outside the routes (the web app's files, a body
 * refused before routing) `other`.
 */
export function httpMetrics() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = httpRequestDuration.startTimer();
    res.once('finish', () => {
      const template = (req as Request & { route?: { path?: unknown } }).route?.path;
      const route = typeof template === 'string' ? template : res.statusCode === 404 ? 'unmatched' : 'other';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}

/**
 * Counts a step by its outcome: accepted, rejected (the answer's problem title as a code, e.g.
 * `step_not_allowed`, `invalid_request`, `case_manager_at_capacity`, `not_recorded`) or failed (503, or
 * an error with no problem: the step's fate is unknown, a retry with its key tells).
 */
export async function countStep<T>(type: string, send: () => Promise<T>): Promise<T> {
  try {
    const answer = await send();
    steps.inc({ type, outcome: 'accepted', code: '' });
    return answer;
  } catch (err) {
    const problem = err instanceof ProblemException ? err : undefined;
    if (problem && problem.getStatus() < 500) steps.inc({ type, outcome: 'rejected', code: problem.title.toLowerCase().replace(/[^a-z0-9]+/g, '_') });
    else steps.inc({ type, outcome: 'failed', code: problem ? 'service_unavailable' : 'error' });
    throw err;
  }
}
