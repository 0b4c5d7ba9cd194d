import { randomUUID } from 'node:crypto';
import { countStuckPathways, reminderOutboxCounts } from './operations-reads';
import { recordPathwayEvents } from './pathway-projection';
import { claimDueReminders, enqueueReminder, markReminderSent } from './reminders';
import { closePathway, openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

describe('the reminder outbox for the metrics', () => {
  it('counts reminders by state and gives the due time of the oldest waiting one', async () => {
    const before = await reminderOutboxCounts(db.dataSource, new Date());
    const pathwayId = await openedPathway(db.dataSource);
    const reminder = (kind: string, dueAt: Date) => enqueueReminder(db.dataSource, { pathwayId, kind, recipientRole: 'physician', channel: 'email', dueAt });
    // Delivered first, as the dispatcher does: claimed, then marked sent.
    await reminder('firstContactDue', minutesFromNow(-60));
    const [claimed] = await claimDueReminders(db.dataSource, { now: new Date(), limit: 1 });
    await markReminderSent(db.dataSource, claimed.id);
    const oldest = minutesFromNow(-30);
    await reminder('planAcknowledgementDue', oldest);
    await reminder('assessmentDue', minutesFromNow(-5));
    await reminder('reassessmentDue', minutesFromNow(60 * 24));

    const after = await reminderOutboxCounts(db.dataSource, new Date());
    expect(after.counts.waiting - before.counts.waiting).toBe(2);
    expect(after.counts.scheduled - before.counts.scheduled).toBe(1);
    expect(after.counts.sent - before.counts.sent).toBe(1);
    expect(after.oldestWaitingDueAt?.getTime()).toBeLessThanOrEqual(oldest.getTime());
  });
});

describe('the stuck pathways for the metrics', () => {
  it("counts open stuck pathways by territory and the projection's code, and deadlines passed unprocessed", async () => {
    const territory = `MAIA-${randomUUID().slice(0, 8)}`;
    const withProjection = async (state: Parameters<typeof projection>[0]) => {
      const pathwayId = await openedPathway(db.dataSource, { territory });
      await recordPathwayEvents(db.dataSource, { pathwayId, events: [], projection: projection({ territory, ...state }) });
      return pathwayId;
    };
    await withProjection({ version: 2, stage: 'ASSESSMENT', stuckReason: 'assessmentDue', overdueSince: minutesFromNow(-60) });
    await withProjection({ version: 2, stage: 'ASSESSMENT', stuckReason: 'assessmentDue', overdueSince: minutesFromNow(-10) });
    await withProjection({ version: 2, stage: 'FOLLOW_UP', nextDeadlineAt: minutesFromNow(-5) }); // its workflow is behind
    await withProjection({ version: 2, stage: 'FOLLOW_UP', nextDeadlineAt: new Date(Date.now() - 10_000) }); // within the grace
    const closed = await withProjection({ version: 2, stage: 'ASSESSMENT', stuckReason: 'assessmentDue' });
    await closePathway(db.dataSource, closed, 3, territory);

    const rows = (await countStuckPathways(db.dataSource, new Date())).filter((row) => row.territory === territory);
    expect(rows.sort((a, b) => a.code.localeCompare(b.code))).toEqual([
      { territory, code: 'assessmentDue', count: 2 },
      { territory, code: 'deadlinePassed', count: 1 },
    ]);
  });
});
