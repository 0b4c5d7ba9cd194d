/**
 * A closed pathway accepts no more steps. The workflow's decide() answers it from the state; the API
 * answers it without asking the workflow, which has ended (its last projection says closed): both give
 * this one rejection, so a client reads the same 409 whichever refused.
 */
import type { Rejection } from './state';

/** `closureReason`: why the pathway was closed (DECEASED, ...), when known. */
export function closedPathwayRejection(closureReason: string | undefined): Rejection {
  return { stage: 'CLOSED', reason: `the pathway is closed (${closureReason ?? 'CLOSED'}); it accepts no more steps` };
}
