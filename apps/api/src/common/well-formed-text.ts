import type { NextFunction, Request, Response } from 'express';
import { illFormedTextErrors } from '@pathway/domain';
import { badRequest, PROBLEM_JSON, problemOf } from './problem';

/**
 * PostgreSQL (text, jsonb) stores Unicode only; a JSON string may carry a lone surrogate (`"\ud800"`).
 * Let through, a step holding one would be answered and then fail the activity that records it on
 * every retry, and the steps after it with it. Refused here for every route, with the domain's rule
 * (the workflow's validator applies the same one to each step, through `decide`).
 */
export function rejectIllFormedText(req: Request, res: Response, next: NextFunction): void {
  // Bodies only: a query or path decoded from UTF-8 percent-escapes cannot hold a lone surrogate.
  const errors = illFormedTextErrors(req.body);
  if (!errors.length) return next();
  const problem = problemOf(badRequest(errors.map((e) => e.message).join('; '), errors));
  res.locals.problem = problem.body;
  res.status(problem.status).type(PROBLEM_JSON).json(problem.body);
}
