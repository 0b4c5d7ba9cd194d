import type { NextFunction, Request, Response } from 'express';
import { badRequest, PROBLEM_JSON, problemOf } from './problem';

/**
 * PostgreSQL text and jsonb cannot hold U+0000. Let through, such a character would be accepted by a
 * step's validation and then fail the activity that records it, again and again, leaving the pathway
 * stuck; in a filter or a path parameter (`/case-managers/%00/absences`) it is a database error. So it
 * is refused here, for every route, as bad input; so is a path segment that is not percent-encoded
 * UTF-8. Runs after `rejectDeepJson`: the walk below is recursive, the depth is bounded by then.
 */
export function rejectNulCharacters(req: Request, res: Response, next: NextFunction): void {
  const inPath = pathProblem(req.path);
  const field = inPath ? 'path' : (nulIn(req.body, '') ?? nulIn(req.query, ''));
  if (field === undefined) return next();
  const message = inPath ?? `${field} contains a NUL character (U+0000), which text cannot hold`;
  const problem = problemOf(badRequest(message, [{ field, message }]));
  res.locals.problem = problem.body;
  res.status(problem.status).type(PROBLEM_JSON).json(problem.body);
}

/** What is wrong with the path's segments once decoded, as the router will decode them; undefined if nothing. */
function pathProblem(path: string): string | undefined {
  for (const [index, segment] of path.split('/').entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `path segment ${index} is not percent-encoded UTF-8`;
    }
    if (decoded.includes('\u0000')) return `path segment ${index} contains a NUL character (U+0000), which text cannot hold`;
  }
  return undefined;
}

/** The path of the first string (or key) holding U+0000, e.g. `patient.firstName` or `services[0].provider`. */
function nulIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulIn(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key.includes('\u0000')) return here.split('\u0000').join('\\0');
      const found = nulIn(child, here);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
