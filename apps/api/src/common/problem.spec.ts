import { HttpStatus } from '@nestjs/common';
import { PROBLEM_TYPES, ProblemException, problemOf } from './problem';

describe('problem documents (RFC 9457)', () => {
  it('types a problem by its status unless it has a type of its own', () => {
    expect(problemOf(new ProblemException(HttpStatus.CONFLICT, 'Conflict', 'taken')).body.type).toBe('https://care-pathway.example/problems/409');
    expect(problemOf(new ProblemException(HttpStatus.CONFLICT, 'Case manager at capacity', 'full', {}, PROBLEM_TYPES.caseloadFull)).body.type).toBe(
      'https://care-pathway.example/problems/caseload-full',
    );
  });

  it('never lets an extension member replace the type or the status', () => {
    const { body } = problemOf(new ProblemException(HttpStatus.CONFLICT, 'Conflict', 'taken', { type: 'https://evil.example/', status: 200 }));
    expect(body).toMatchObject({ type: 'https://care-pathway.example/problems/409', status: 409 });
  });

  it('makes anything unexpected an opaque 500: no message, SQL or stack of the error', () => {
    const error = new Error('QueryFailedError: invalid input syntax for type timestamp: "1" in SELECT * FROM pathways');
    expect(problemOf(error)).toEqual({
      status: 500,
      body: { type: 'https://care-pathway.example/problems/500', title: 'Internal error', status: 500, detail: 'an unexpected error occurred; it has been logged' },
    });
  });

  it('makes the database being unreachable a 503 (retry later), not an internal error', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(problemOf(refused)).toEqual({
      status: 503,
      body: { type: 'https://care-pathway.example/problems/503', title: 'Service unavailable', status: 503, detail: 'the database is unavailable; retry later' },
    });
    expect(problemOf(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })).status).toBe(503);
    // A PostgreSQL refusal is not unavailability: still the opaque 500.
    expect(problemOf(Object.assign(new Error('invalid input syntax'), { code: '22007' })).status).toBe(500);
  });
});
