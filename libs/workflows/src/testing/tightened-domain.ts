/**
 * Test only (replay.spec.ts): the domain with one field rule deliberately tightened, as a well-meant change
 * would: an assessment's summary must now be at least 40 characters. Bundled in place of @pathway/domain, it
 * shows the gate turning red, because `decide` runs again inside the step's Update handler on replay: a
 * step the old rule accepted is now rejected there, and the recorded commands no longer match.
 */
// Relative on purpose: the bundle aliases @pathway/domain to this file.
import { decide as currentDecide } from '../../../domain/src/decide';

export * from '../../../domain/src/index';

export const decide: typeof currentDecide = (state, command, ctx) => {
  if (command.type === 'recordAssessment' && command.assessment.summary.length < 40) {
    return { ok: false, rejection: { stage: state.stage, reason: 'the summary must be at least 40 characters', errors: [{ field: 'assessment.summary', message: 'at least 40 characters' }] } };
  }
  return currentDecide(state, command, ctx);
};
