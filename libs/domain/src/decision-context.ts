/**
 * What every rule that changes a pathway is given, and the shape of one step's rule. Its own module so
 * the rules that decide.ts gathers (episode-steps.ts) and the state changes they share (effects.ts)
 * can name them without importing decide.ts back.
 */
import type { CommandOf, PathwayCommandType } from './commands';
import type { FieldError } from './field-checks';
import type { PathwayPolicy } from './policy';
import type { PathwayEvent, PathwayState } from './state';

export interface DecisionContext {
  now: Date;
  policy: PathwayPolicy;
  /** Who takes the step (user id). */
  actor: string;
  /**
   * The step's fields were already checked (validateStepInput) when it was accepted: the workflow's
   * handler says so, because it also runs on replay, where a field rule tightened since the step was
   * recorded must not refuse it (the recorded history would no longer replay).
   */
  fieldsChecked?: boolean;
  /**
   * A document attached meets its step (a discharge letter stops the discharge-letter clock): set by the
   * workflow's handler from its patch `document-meets-discharge-letter` (documents.ts).
   */
  documentsMeetSteps?: boolean;
  /** The plan is co-signed by the legal representative while a measure is in force (co-signature.ts; patched in the workflow). */
  planCoSignature?: boolean;
}

/** One step's rule: it changes `s` (a copy) and records `events`, or says why the step is refused. */
export type Step<T extends PathwayCommandType> = (
  s: PathwayState,
  c: CommandOf<T>,
  ctx: DecisionContext,
  events: PathwayEvent[],
) => string | FieldError[] | void;
