/**
 * Maps what Temporal answers to HTTP: a step the workflow rejected is 409 with its stage and reason
 * (400 with `errors` when the rejection is about the input's fields), an unknown pathway 404, Temporal
 * unreachable 503, a write the database refused for good 422 (StepNotRecorded, ReferralNotRecorded). A step
 * is never answered 2xx unless the workflow accepted it and its events are in the database.
 */
import { HttpStatus } from '@nestjs/common';
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@pathway/workflows';
import { badRequest, PROBLEM_TYPES, ProblemException } from './problem';

export function problemFromTemporal(err: unknown, pathwayId?: string): unknown {
  if (err instanceof WorkflowNotFoundError || isNotFound(err)) {
    return new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `there is no pathway ${pathwayId ?? ''}`.trim());
  }
  if (err instanceof WorkflowExecutionAlreadyStartedError) {
    return new ProblemException(HttpStatus.CONFLICT, 'Conflict', `pathway ${pathwayId ?? ''} was already opened by an earlier request`.replace('  ', ' '));
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const failure = err.cause;
    const details = (failure.details?.[0] ?? {}) as Record<string, unknown>;
    switch (failure.type) {
      case FailureTypes.STEP_REJECTED: {
        const errors = details.errors as { field: string; message: string }[] | undefined;
        // The domain rejected the input itself (a field), not the step: that is bad input.
        if (errors?.length) return badRequest(String(details.reason ?? failure.message), errors);
        return new ProblemException(HttpStatus.CONFLICT, 'Step not allowed', failure.message, { stage: details.stage, reason: details.reason });
      }
      case FailureTypes.CASELOAD_FULL:
        return new ProblemException(
          HttpStatus.CONFLICT,
          'Case manager at capacity',
          failure.message,
          { stage: details.stage, reason: 'the case manager is at capacity', active: details.active, capacity: details.capacity },
          PROBLEM_TYPES.caseloadFull,
        );
      case FailureTypes.UNKNOWN_CASE_MANAGER:
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Unknown case manager', failure.message, { caseManagerId: details.caseManagerId });
      case FailureTypes.STEP_NOT_RECORDED:
      case FailureTypes.REFERRAL_NOT_RECORDED:
        // The database refused the write for good; the workflow rolled the step back (or opened nothing).
        return new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Not recorded', failure.message, { code: details.code });
      case FailureTypes.PATIENT_HAS_OPEN_PATHWAY:
        return new ProblemException(HttpStatus.CONFLICT, 'Patient already has an open pathway', failure.message, { openPathwayId: details.openPathwayId });
      default:
        return new ProblemException(HttpStatus.CONFLICT, 'Step failed', failure.message);
    }
  }
  if (err instanceof WorkflowUpdateFailedError) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', `the step could not be completed: ${err.cause?.message ?? err.message}`);
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    // No worker answered in time (e.g. it crashed mid-step): the update may still be applied, once; a
    // retry with the same Idempotency-Key attaches to it.
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', 'the step was not answered in time (the workflow worker is busy or restarting, or its write is not in the database yet); retry with the same Idempotency-Key');
  }
  if (err instanceof ServiceError) {
    return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service unavailable', `the workflow service is unavailable: ${err.message.split('\n')[0]}`);
  }
  return err;
}

function isNotFound(err: unknown): boolean {
  return err instanceof ServiceError && /not found/i.test(err.message) && (err.cause as { code?: number } | undefined)?.code === 5;
}
