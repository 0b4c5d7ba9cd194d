/**
 * The answers of recent steps, by Temporal update id, carried across continue-as-new.
 *
 * Temporal deduplicates an update id within one run only. The API turns a client's Idempotency-Key into
 * the update id, and a reassessment continues-as-new right after its step, so a client retry (after a
 * 503 or a lost answer) can land on the next run: without this memory it would apply `logContact` a
 * second time, or turn the first success into a 409. The workflow answers such a retry from here, with
 * the first answer (or the first refusal), and applies nothing.
 *
 * Bounded, because it travels in every continue-as-new input: the last MAX_CARRIED answers, none older
 * than CARRIED_FOR_MS. A retry that reaches the workflow is one the API's idempotency record let through:
 * its first attempt ended in a 5xx (the record is released at once) or is stale after 5 minutes
 * (STALE_AFTER_MS), and clients retry within minutes; a week covers a client retrying across a weekend.
 * A run ends with at most the steps of a few minutes around its continue-as-new still retried, far fewer
 * than MAX_CARRIED; the cap only keeps a burst (a seeding script, many episodes at once) from growing the
 * input, and each answer is a summary of a few kilobytes.
 */
import type { PathwaySummary } from '@pathway/domain';

export const MAX_CARRIED = 32;
export const CARRIED_FOR_MS = 7 * 24 * 3600_000;

/** A step's first answer: the summary it returned, or the refusal it threw (an ApplicationFailure's parts). */
export type StepAnswer = { summary: PathwaySummary } | { failure: { type: string; message: string; details: unknown[] } };

export interface HandledUpdate {
  updateId: string;
  /** Workflow time (ms since epoch) at which the step was answered. */
  at: number;
  answer: StepAnswer;
}

export class HandledUpdates {
  private readonly byId = new Map<string, HandledUpdate>();

  /** `carried`: what the previous run handed over (continue-as-new input), oldest first. */
  constructor(carried: HandledUpdate[] = []) {
    for (const h of carried) this.byId.set(h.updateId, h);
  }

  /** The first answer to this update id, when a previous run gave it. */
  answerTo(updateId: string | undefined): StepAnswer | undefined {
    return updateId === undefined ? undefined : this.byId.get(updateId)?.answer;
  }

  remember(updateId: string, at: number, answer: StepAnswer): void {
    this.byId.delete(updateId);
    this.byId.set(updateId, { updateId, at, answer });
    // Only the last MAX_CARRIED can ever be carried; within this run Temporal itself deduplicates, so
    // older answers would only hold the worker's memory (a run can take hundreds of steps).
    for (const oldest of this.byId.keys()) {
      if (this.byId.size <= MAX_CARRIED) break;
      this.byId.delete(oldest);
    }
  }

  /** What the next run needs: the most recent answers, within the window, oldest first. */
  toCarry(now: number): HandledUpdate[] {
    return [...this.byId.values()].filter((h) => now - h.at <= CARRIED_FOR_MS).slice(-MAX_CARRIED);
  }
}
