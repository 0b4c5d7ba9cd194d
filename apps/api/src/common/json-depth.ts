import type { NextFunction, Request, Response } from 'express';
import { badRequest, PROBLEM_JSON, problemOf } from './problem';

/** Far deeper than any body of the API (a plan's services are 3 levels down, a codec payload 3). */
export const MAX_JSON_DEPTH = 32;

/**
 * Refuses a body nested deeper than MAX_JSON_DEPTH, before anything walks it recursively (the NUL
 * check, validation, class-transformer): JSON 2,000 levels deep is 8 kB, well inside the size limit,
 * and overflowed the stack of those walks (a 500). The walk here is iterative, so it cannot.
 */
export function rejectDeepJson(req: Request, res: Response, next: NextFunction): void {
  if (depthExceeds(req.body, MAX_JSON_DEPTH)) {
    const message = `the body is nested deeper than ${MAX_JSON_DEPTH} levels`;
    const problem = problemOf(badRequest(message, [{ field: 'body', message }]));
    res.locals.problem = problem.body;
    res.status(problem.status).type(PROBLEM_JSON).json(problem.body);
    return;
  }
  next();
}

/** Whether `value` has objects or arrays nested more than `max` deep (a flat object is depth 1). */
export function depthExceeds(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return false;
}
