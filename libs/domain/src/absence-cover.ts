/**
 * A case manager's absence: their open pathways are spread over the covering case managers by what
 * each has left under their capacity.
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

/**
 * Each pathway goes to the covering case manager with the most slots left (so the load evens out);
 * null when they have fewer slots left between them than there are pathways.
 */
export function spreadByCapacity(pathwayIds: readonly string[], covering: readonly CoveringCaseManager[]): PathwayCover[] | null {
  const left = new Map(covering.map((cm) => [cm.id, Math.max(0, cm.capacity - cm.active)]));
  const covers: PathwayCover[] = [];
  for (const pathwayId of pathwayIds) {
    const [best, slots] = [...left.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    if (slots <= 0) return null;
    left.set(best, slots - 1);
    covers.push({ pathwayId, coveredBy: best });
  }
  return covers;
}

/** The slots the covering case managers have left between them (told to the supervisor when they do not suffice). */
export function slotsLeft(covering: readonly CoveringCaseManager[]): number {
  return covering.reduce((sum, cm) => sum + Math.max(0, cm.capacity - cm.active), 0);
}
