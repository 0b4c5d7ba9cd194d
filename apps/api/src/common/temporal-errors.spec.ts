import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@pathway/workflows';
import { PROBLEM_TYPES, problemOf } from './problem';
import { problemFromTemporal } from './temporal-errors';

const rejected = (type: string, details: Record<string, unknown>) =>
  new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message: 'refused', details: [details], nonRetryable: true }));

describe('what the workflow refused, as a problem a client recognises by its type', () => {
  it('a case manager at capacity is a 409 of its own type, with the figures', () => {
    const problem = problemOf(problemFromTemporal(rejected(FailureTypes.CASELOAD_FULL, { stage: 'AWAITING_ASSIGNMENT', active: 40, capacity: 40 }), 'p-1'));
    expect(problem.status).toBe(409);
    expect(problem.body).toMatchObject({ type: PROBLEM_TYPES.caseloadFull, title: 'Case manager at capacity', stage: 'AWAITING_ASSIGNMENT', active: 40, capacity: 40 });
  });

  it('a step not allowed in the stage keeps the generic 409 type', () => {
    const problem = problemOf(problemFromTemporal(rejected(FailureTypes.STEP_REJECTED, { stage: 'REFERRED', reason: 'not now' }), 'p-1'));
    expect(problem.body).toMatchObject({ type: 'https://care-pathway.example/problems/409', status: 409, stage: 'REFERRED', reason: 'not now' });
  });

  it('a write the database refused for good (step or referral) is a 422 with the SQLSTATE, never a 2xx nor a retryable 503', () => {
    for (const type of [FailureTypes.STEP_NOT_RECORDED, FailureTypes.REFERRAL_NOT_RECORDED]) {
      const problem = problemOf(problemFromTemporal(rejected(type, { activity: 'recordPathwayEvents', code: '22P02' }), 'p-1'));
      expect(problem.status).toBe(422);
      expect(problem.body).toMatchObject({ title: 'Not recorded', detail: 'refused', code: '22P02' });
    }
  });
});
