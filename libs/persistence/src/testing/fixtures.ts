import { randomUUID } from 'node:crypto';
import { Db } from '../sql';
import { openPathway, OpenPathwayInput, PathwayProjection, recordPathwayEvents } from '../pathway-projection';

let patients = 0;

/** A referral of a new patient (unique within the test run), ready for openPathway. */
export function referral(overrides: Partial<OpenPathwayInput> & { territory?: string; externalId?: string } = {}): OpenPathwayInput {
  patients += 1;
  const { territory = 'MAIA-75-NORD', externalId = `PAT-${patients}-${randomUUID().slice(0, 8)}`, ...rest } = overrides;
  return {
    pathwayId: randomUUID(),
    patient: { externalId, firstName: 'Jeanne', lastName: 'Martin', birthDate: '1941-03-12', territory },
    referredAt: new Date('2026-01-05T09:00:00Z'),
    summary: { stage: 'REFERRED' },
    projectionVersion: 1,
    ...rest,
  };
}

/** Opens a pathway for a new patient and returns its id. */
export async function openedPathway(db: Db, overrides: Parameters<typeof referral>[0] = {}): Promise<string> {
  const input = referral(overrides);
  const result = await openPathway(db, input);
  if (result.status !== 'OPENED') throw new Error(`fixture pathway not opened: ${JSON.stringify(result)}`);
  return input.pathwayId;
}

/** A projection as the workflow would write it; `version` must grow with every write. */
export function projection(
  overrides: Partial<PathwayProjection> & { version: number },
): PathwayProjection {
  return {
    stage: 'REFERRED',
    territory: 'MAIA-75-NORD',
    flags: [],
    lastEventAt: new Date('2026-01-05T09:00:00Z'),
    summary: { stage: overrides.stage ?? 'REFERRED' },
    ...overrides,
  };
}

/** Closes the pathway in the projection, as the workflow's closure activity does. */
export async function closePathway(db: Db, pathwayId: string, version: number, territory = 'MAIA-75-NORD'): Promise<void> {
  await recordPathwayEvents(db, {
    pathwayId,
    events: [],
    projection: projection({
      version,
      territory,
      stage: 'CLOSED',
      closedAt: new Date('2026-02-01T10:00:00Z'),
      closureReason: 'MOVED',
    }),
  });
}
