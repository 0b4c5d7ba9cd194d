import { randomUUID } from 'node:crypto';
import { clearActivityFailure, listActivityFailures, recordFailedActivityAttempt } from './activity-failures';
import { PathwayEventInput, recordPathwayEvents } from './pathway-projection';
import { listStuckReasons, territoryIndicators } from './supervision-reads';
import { sql } from './sql';
import { closePathway, openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const newTerritory = () => `MAIA-${randomUUID().slice(0, 8)}`;
const DAY = 86_400;

/** A pathway of `territory` with these timeline events (seq in order) and, optionally, a projection. */
async function pathwayWith(
  territory: string,
  referredAt: string,
  events: [at: string, type: string, data?: Record<string, unknown>][],
  state: Partial<Parameters<typeof projection>[0]> = {},
): Promise<string> {
  const pathwayId = await openedPathway(db.dataSource, { territory, referredAt: new Date(referredAt) });
  const timeline: PathwayEventInput[] = events.map(([at, type, data = {}], i) => ({ seq: i + 1, at, type, actor: 'cm-1', data }));
  await recordPathwayEvents(db.dataSource, { pathwayId, events: timeline, projection: projection({ version: 2, territory, ...state }) });
  return pathwayId;
}

const assessment = { performedAt: '2026-01-01T00:00:00Z', summary: 'home visit' };
const plan = (stage: string) => ({ version: 1, services: [], stage });

describe('activity failures', () => {
  const failure = (pathwayId: string, attempt: number) => ({
    pathwayId,
    activityType: 'recordPathwayEvents',
    workflowId: `pathway-${pathwayId}`,
    territory: 'MAIA-75-NORD',
    attempt,
    error: 'connection refused',
    firstScheduledAt: new Date('2026-03-01T10:00:00Z'),
  });

  it('are recorded once the attempts reach the threshold, counted afterwards, and cleared by a success', async () => {
    const pathwayId = randomUUID();
    expect(await recordFailedActivityAttempt(db.dataSource, failure(pathwayId, 1), 3)).toBe(false);
    expect(await recordFailedActivityAttempt(db.dataSource, failure(pathwayId, 2), 3)).toBe(false);
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);

    expect(await recordFailedActivityAttempt(db.dataSource, failure(pathwayId, 3), 3)).toBe(true);
    // The workflow retries on its own timer: a new execution, attempt 1 again, still counted.
    expect(await recordFailedActivityAttempt(db.dataSource, { ...failure(pathwayId, 1), error: 'x'.repeat(2000) }, 3)).toBe(true);
    const [recorded] = await listActivityFailures(db.dataSource, { pathwayId });
    expect(recorded).toMatchObject({ activityType: 'recordPathwayEvents', territory: 'MAIA-75-NORD', attempts: 4, failingSince: new Date('2026-03-01T10:00:00Z') });
    expect(recorded.lastError).toHaveLength(500);

    expect(await clearActivityFailure(db.dataSource, pathwayId, 'recordPathwayEvents')).toBe(true);
    expect(await clearActivityFailure(db.dataSource, pathwayId, 'recordPathwayEvents')).toBe(false);
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
  });
});

describe('the stuck reasons of a territory', () => {
  it('merges the projection, deadlines the workflow has not processed and failing activities, oldest first', async () => {
    const territory = newTerritory();
    const overdue = await pathwayWith(territory, '2026-01-05T09:00:00Z', [], {
      stage: 'ASSESSMENT',
      caseManagerId: null,
      stuckReason: 'assessmentDue',
      overdueSince: '2026-03-01T00:00:00Z',
    });
    const unprocessed = await pathwayWith(territory, '2026-01-05T09:00:00Z', [], {
      stage: 'PLANNING',
      nextDeadlineAt: '2026-02-01T00:00:00Z',
      summary: { deadlines: [{ kind: 'planDue', dueAt: '2026-02-01T00:00:00.000Z' }] },
    });
    await pathwayWith(territory, '2026-01-05T09:00:00Z', [], { stage: 'PLANNING', nextDeadlineAt: '2026-06-01T00:00:00Z' });
    const failing = await pathwayWith(territory, '2026-01-05T09:00:00Z', [], { stage: 'FOLLOW_UP' });
    const neverWritten = randomUUID();
    const closed = await pathwayWith(territory, '2026-01-05T09:00:00Z', [], { stuckReason: 'assessmentDue', overdueSince: '2026-01-01T00:00:00Z' });
    await closePathway(db.dataSource, closed, 3, territory);
    await pathwayWith(newTerritory(), '2026-01-05T09:00:00Z', [], { stuckReason: 'assessmentDue', overdueSince: '2026-01-01T00:00:00Z' });
    const fail = (pathwayId: string, since: string, activityType = 'enqueueNotifications') =>
      recordFailedActivityAttempt(
        db.dataSource,
        { pathwayId, activityType, workflowId: `pathway-${pathwayId}`, territory, attempt: 5, error: 'boom', firstScheduledAt: since },
        5,
      );
    await fail(failing, '2026-01-15T00:00:00Z');
    await fail(neverWritten, '2026-01-10T00:00:00Z', 'openPathwayRecord');
    await fail(closed, '2026-01-01T00:00:00Z');

    const rows = await listStuckReasons(db.dataSource, { territory, deadlinesPassedBefore: '2026-05-01T00:00:00Z' });
    expect(rows).toEqual([
      expect.objectContaining({ pathwayId: neverWritten, stage: null, source: 'activity', activityType: 'openPathwayRecord', attempts: 5, since: new Date('2026-01-10T00:00:00Z') }),
      expect.objectContaining({ pathwayId: failing, stage: 'FOLLOW_UP', source: 'activity', activityType: 'enqueueNotifications' }),
      expect.objectContaining({ pathwayId: unprocessed, stage: 'PLANNING', source: 'unprocessedDeadline', deadlineKind: 'planDue', since: new Date('2026-02-01T00:00:00Z') }),
      expect.objectContaining({ pathwayId: overdue, stage: 'ASSESSMENT', source: 'projection', reason: 'assessmentDue', since: new Date('2026-03-01T00:00:00Z') }),
    ]);
  });
});

describe('the indicators of a territory over a period', () => {
  it('counts and measures from the timeline and the outbox, within the period and the territory only', async () => {
    const territory = newTerritory();
    const from = '2026-03-01T00:00:00Z';
    const to = '2026-04-01T00:00:00Z';
    // Referred before the period; assessed 10 days after the referral, plan 2 days later, acknowledged in time.
    const acknowledged = await pathwayWith(
      territory,
      '2026-02-20T00:00:00Z',
      [
        ['2026-02-20T00:00:00Z', 'REFERRAL_RECEIVED'],
        ['2026-03-02T00:00:00Z', 'ASSESSMENT_RECORDED', assessment],
        ['2026-03-04T00:00:00Z', 'PLAN_RECORDED', plan('PLAN_VALIDATION')],
        ['2026-03-05T00:00:00Z', 'PLAN_ACKNOWLEDGED'],
      ],
      { stage: 'FOLLOW_UP', stuckReason: 'contactDue', overdueSince: '2026-03-20T00:00:00Z' },
    );
    // Opened in the period; assessed after 20 days, plan 4 days later; the window ends, acknowledged after the period.
    const windowEnded = await pathwayWith(
      territory,
      '2026-03-01T00:00:00Z',
      [
        ['2026-03-01T00:00:00Z', 'REFERRAL_RECEIVED'],
        ['2026-03-21T00:00:00Z', 'ASSESSMENT_RECORDED', assessment],
        ['2026-03-25T00:00:00Z', 'PLAN_RECORDED', plan('PLAN_VALIDATION')],
        ['2026-03-31T23:00:00Z', 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED'],
        ['2026-04-02T00:00:00Z', 'PLAN_ACKNOWLEDGED'],
      ],
      { stage: 'FOLLOW_UP', stuckReason: 'activityFailing', overdueSince: '2026-03-30T00:00:00Z' },
    );
    // Opened and reoriented in the period.
    await pathwayWith(territory, '2026-03-10T00:00:00Z', [
      ['2026-03-10T00:00:00Z', 'REFERRAL_RECEIVED'],
      ['2026-03-11T00:00:00Z', 'PATHWAY_CLOSED', { reason: 'REORIENTED' }],
    ]);
    // A second cycle: its reassessment is not a first assessment; its plan 5 days later is a cycle plan.
    const secondCycle = await pathwayWith(
      territory,
      '2026-01-01T00:00:00Z',
      [
        ['2026-01-01T00:00:00Z', 'REFERRAL_RECEIVED'],
        ['2026-01-20T00:00:00Z', 'ASSESSMENT_RECORDED', assessment],
        ['2026-03-12T00:00:00Z', 'DEADLINE_PASSED', { clock: 'contactDue' }],
        ['2026-03-15T00:00:00Z', 'ASSESSMENT_RECORDED', assessment],
        ['2026-03-20T00:00:00Z', 'PLAN_RECORDED', plan('PLAN_VALIDATION')],
        ['2026-03-30T00:00:00Z', 'PATHWAY_CLOSED', { reason: 'DECEASED' }],
      ],
      { stage: 'CLOSED', closedAt: '2026-03-30T00:00:00Z', stuckReason: 'assessmentDue', overdueSince: '2026-03-01T00:00:00Z' },
    );
    // A plan revised in follow-up has no window: its acknowledgement is not "in time".
    await pathwayWith(territory, '2025-12-01T00:00:00Z', [
      ['2025-12-01T00:00:00Z', 'REFERRAL_RECEIVED'],
      ['2026-03-10T00:00:00Z', 'PLAN_RECORDED', { ...plan('FOLLOW_UP'), version: 2 }],
      ['2026-03-11T00:00:00Z', 'PLAN_ACKNOWLEDGED'],
    ]);
    // Another territory, same kinds of events in the period: not counted.
    const elsewhere = await pathwayWith(newTerritory(), '2026-03-01T00:00:00Z', [
      ['2026-03-01T00:00:00Z', 'REFERRAL_RECEIVED'],
      ['2026-03-02T00:00:00Z', 'ASSESSMENT_RECORDED', assessment],
      ['2026-03-03T00:00:00Z', 'PATHWAY_CLOSED', { reason: 'MOVED' }],
    ]);
    const reminder = (pathwayId: string, status: string, sentAt: string | null, role = 'physician') =>
      sql(
        db.dataSource,
        `INSERT INTO reminders (dedupe_key, pathway_id, kind, recipient_role, channel, due_at, status, sent_at)
         VALUES ($1, $2, 'planToValidate', $3, 'email', '2026-03-10T00:00:00Z', $4, $5)`,
        [randomUUID(), pathwayId, role, status, sentAt],
      );
    await reminder(acknowledged, 'sent', '2026-03-04T00:00:01Z');
    await reminder(windowEnded, 'sent', '2026-03-25T00:00:01Z');
    await reminder(windowEnded, 'sent', '2026-03-28T00:00:00Z', 'case_manager');
    await reminder(windowEnded, 'sent', '2026-04-01T00:00:00Z');
    await reminder(secondCycle, 'scheduled', null);
    await reminder(elsewhere, 'sent', '2026-03-02T00:00:00Z');

    const indicators = await territoryIndicators(db.dataSource, {
      territory,
      from,
      to,
      overdueCodes: ['assessmentDue', 'contactDue'],
    });
    expect(indicators).toEqual({
      opened: 2,
      closedByReason: { REORIENTED: 1, DECEASED: 1 },
      // 10 and 20 days: median 15, p90 = 10 + 0.9 × 10 = 19 days.
      referralToFirstAssessment: { count: 2, medianSeconds: 15 * DAY, p90Seconds: 19 * DAY },
      // 2, 4 and 5 days: median 4, p90 = 4 + 0.8 × 1 = 4.8 days.
      assessmentToPlan: { count: 3, medianSeconds: 4 * DAY, p90Seconds: expect.closeTo(4.8 * DAY, 6) },
      planAcknowledgement: { acknowledgedInTime: 1, windowEnded: 1, acknowledgedLate: 1 },
      remindersSent: 3,
      remindersSentByRecipient: { physician: 2, case_manager: 1 },
      deadlinesPassedByKind: { contactDue: 1 },
      pathwaysOverdueNow: 1,
    });

    const empty = await territoryIndicators(db.dataSource, { territory, from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z', overdueCodes: [] });
    expect(empty).toMatchObject({
      opened: 0,
      closedByReason: {},
      referralToFirstAssessment: { count: 0, medianSeconds: null, p90Seconds: null },
      planAcknowledgement: { acknowledgedInTime: 0, windowEnded: 0, acknowledgedLate: 0 },
      remindersSent: 0,
    });
  });
});
