/**
 * A case manager's absence: their open pathways are spread over the covering case managers by what
 * each has left under their capacity. The absence is a fact, not a request: what does not fit is not a
 * refusal but a list for the supervisor to place (issue 19).
 */

export interface CoveringCaseManager {
  id: string;
  capacity: number;
  active: number;
}

export interface PathwayCover {
  pathwayId: string;
  coveredBy: string;
}

export interface AbsenceSpread {
  /** The pathways that fit, each with the covering case manager it goes to. */
  covers: PathwayCover[];
  /** The pathways no covering case manager has a slot for, in the order given: the supervisor's to place. */
  unplaced: string[];
}

/**
 * Each pathway, in the order given (oldest first), goes to the covering case manager with the most slots
 * left (so the load evens out); once every slot is taken, the rest are unplaced. Over capacity counts as
 * no slot, not as a debt.
 */
export function spreadWithinCapacity(pathwayIds: readonly string[], covering: readonly CoveringCaseManager[]): AbsenceSpread {
  const left = new Map(covering.map((cm) => [cm.id, Math.max(0, cm.capacity - cm.active)]));
  const spread: AbsenceSpread = { covers: [], unplaced: [] };
  for (const pathwayId of pathwayIds) {
    const [best, slots] = [...left.entries()].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    if (slots <= 0) {
      spread.unplaced.push(pathwayId);
      continue;
    }
    left.set(best, slots - 1);
    spread.covers.push({ pathwayId, coveredBy: best });
  }
  return spread;
}
