import {
  cancelPendingReminders,
  claimDueReminders,
  enqueueReminder,
  EnqueueReminderInput,
  listReminders,
  markReminderFailed,
  markReminderSent,
} from './reminders';
import { closePathway, openedPathway } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

// Reminders that a test does not claim are due far in the future, and each test that claims works in
// its own later day, so that one test's claims never take another test's reminders.
const dueAt = new Date('2099-03-01T08:00:00Z');
let window = 0;
function nextWindow(): { dueAt: Date; now: Date } {
  window += 1;
  const due = new Date(Date.UTC(2030, 0, window, 8));
  return { dueAt: due, now: new Date(due.getTime() + 1000) };
}

function physicianReminder(pathwayId: string, overrides: Partial<EnqueueReminderInput> = {}): EnqueueReminderInput {
  return {
    pathwayId,
    kind: 'planAcknowledgementDue',
    recipientRole: 'physician',
    recipientAddress: 'dr.leroy@cabinet.example',
    channel: 'email',
    dueAt,
    payload: { patientInitials: 'J. M.' },
    ...overrides,
  };
}

async function claimAll(now: Date): Promise<string[]> {
  return (await claimDueReminders(db.dataSource, { now, limit: 1000 })).map((reminder) => reminder.id);
}

describe('the reminder outbox', () => {
  it('stores a reminder decided twice (a retried activity) once', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const first = await enqueueReminder(db.dataSource, physicianReminder(pathwayId));
    const again = await enqueueReminder(db.dataSource, physicianReminder(pathwayId));

    expect(again).toEqual(first);
    expect(first).toMatchObject({ status: 'scheduled', attempts: 0, dueAt, nextAttemptAt: dueAt });
    await expect(listReminders(db.dataSource, { pathwayId })).resolves.toHaveLength(1);
  });

  it('keeps one reminder per recipient when a due event reminds several people', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { kind: 'postDischargeReassessmentDue' }));
    await enqueueReminder(
      db.dataSource,
      physicianReminder(pathwayId, { kind: 'postDischargeReassessmentDue', recipientRole: 'case_manager' }),
    );
    const reminders = await listReminders(db.dataSource, { pathwayId });
    expect(reminders.map((r) => r.recipientRole).sort()).toEqual(['case_manager', 'physician']);
  });

  it('hands out a reminder only once it is due', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));

    expect(await claimAll(new Date(due.getTime() - 1))).toEqual([]);
    await expect(claimDueReminders(db.dataSource, { now, limit: 1000 })).resolves.toMatchObject([
      { id, status: 'sending', attempts: 1 },
    ]);
  });

  it('never hands the same reminder to two concurrent claimers', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathways = await Promise.all(Array.from({ length: 20 }, () => openedPathway(db.dataSource)));
    const enqueued = await Promise.all(
      pathways.flatMap((pathwayId) =>
        Array.from({ length: 10 }, (_, i) =>
          enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: new Date(due.getTime() - i * 1000) })),
        ),
      ),
    );

    // 8 workers claim small batches until nothing is left.
    const claimedByWorker = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const mine: string[] = [];
        for (;;) {
          const batch = await claimDueReminders(db.dataSource, { now, limit: 7 });
          if (batch.length === 0) return mine;
          mine.push(...batch.map((r) => r.id));
        }
      }),
    );

    const claimed = claimedByWorker.flat();
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.sort()).toEqual(enqueued.map((r) => r.id).sort());
    expect(claimedByWorker.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
  });

  it('claims a failed reminder again at its next attempt time, and a sent one never again', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));
    expect(await claimAll(now)).toEqual([id]);

    const retryAt = new Date(now.getTime() + 60_000);
    await expect(markReminderFailed(db.dataSource, id, 'SMTP 421 try later', retryAt)).resolves.toMatchObject({
      status: 'failed',
      lastError: 'SMTP 421 try later',
      nextAttemptAt: retryAt,
    });
    expect(await claimAll(new Date(retryAt.getTime() - 1))).toEqual([]);
    expect(await claimAll(retryAt)).toEqual([id]);

    const sentAt = new Date(retryAt.getTime() + 500);
    await expect(markReminderSent(db.dataSource, id, sentAt)).resolves.toMatchObject({
      status: 'sent',
      sentAt,
      attempts: 2,
      lastError: null,
    });
    expect(await claimAll(new Date(retryAt.getTime() + 3_600_000))).toEqual([]);
  });

  it('leaves a reminder failed for good when no next attempt is given, with its error visible', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));
    await claimAll(now);
    await markReminderFailed(db.dataSource, id, 'recipient address rejected', null);

    expect(await claimAll(new Date(now.getTime() + 86_400_000))).toEqual([]);
    await expect(listReminders(db.dataSource, { pathwayId })).resolves.toMatchObject([
      { id, status: 'failed', lastError: 'recipient address rejected' },
    ]);
  });

  it('records a delivery once: marking it sent again is harmless, marking a cancelled reminder sent is refused', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const delivered = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));
    const notDueYet = new Date(due.getTime() + 3_600_000);
    const cancelled = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: notDueYet, kind: 'contactDue' }));
    await claimAll(now);
    const first = await markReminderSent(db.dataSource, delivered.id, now);

    await expect(markReminderSent(db.dataSource, delivered.id, new Date(now.getTime() + 5000))).resolves.toEqual(first);
    await cancelPendingReminders(db.dataSource, pathwayId);
    await expect(markReminderSent(db.dataSource, cancelled.id)).rejects.toThrow(
      `reminder ${cancelled.id} is cancelled, not sending: cannot mark it sent`,
    );
  });

  it('cancels only the pending reminders of the kinds whose step has happened', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { kind: 'planAcknowledgementDue' }));
    await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { kind: 'reassessmentDue' }));

    const cancelled = await cancelPendingReminders(db.dataSource, pathwayId, { kinds: ['planAcknowledgementDue'] });

    expect(cancelled.map((r) => r.kind)).toEqual(['planAcknowledgementDue']);
    const byKind = Object.fromEntries((await listReminders(db.dataSource, { pathwayId })).map((r) => [r.kind, r.status]));
    expect(byKind).toEqual({ planAcknowledgementDue: 'cancelled', reassessmentDue: 'scheduled' });
  });

  it("withdraws one booking's reminder by its key (a visit moved), leaving the pathway's others", async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const caregiver = (dedupeKey: string, at: string) =>
      physicianReminder(pathwayId, { kind: 'appointmentReminder', recipientRole: 'caregiver', recipientAddress: 'claire@example.org', dueAt: new Date(at), dedupeKey });
    await enqueueReminder(db.dataSource, caregiver(`${pathwayId}:appointmentReminder:appointment-1:a:caregiver`, '2099-03-01T08:00:00Z'));
    await enqueueReminder(db.dataSource, caregiver(`${pathwayId}:appointmentReminder:appointment-1:b:caregiver`, '2099-03-02T08:00:00Z'));

    const withdrawn = await cancelPendingReminders(db.dataSource, pathwayId, { dedupeKeys: [`${pathwayId}:appointmentReminder:appointment-1:a:caregiver`] });

    expect(withdrawn.map((r) => r.dedupeKey)).toEqual([`${pathwayId}:appointmentReminder:appointment-1:a:caregiver`]);
    const byKey = Object.fromEntries((await listReminders(db.dataSource, { pathwayId })).map((r) => [r.dedupeKey.split(':')[3], [r.status, r.lastError]]));
    expect(byKey).toEqual({ a: ['cancelled', 'withdrawn: the appointment was moved, cancelled or settled'], b: ['scheduled', null] });
  });

  it('at closure cancels every pending reminder but keeps those already sent', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const sent = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));
    await claimAll(now);
    await markReminderSent(db.dataSource, sent.id, now);
    await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { kind: 'reassessmentDue' }));
    await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { kind: 'contactDue', recipientRole: 'caregiver' }));

    await cancelPendingReminders(db.dataSource, pathwayId);

    const statuses = (await listReminders(db.dataSource, { pathwayId })).map((r) => [r.kind, r.status]);
    expect(statuses.sort()).toEqual([
      ['contactDue', 'cancelled'],
      ['planAcknowledgementDue', 'sent'],
      ['reassessmentDue', 'cancelled'],
    ]);
  });

  it('sends nothing for a closed pathway: a due reminder missed by the closure is cancelled, not claimed', async () => {
    const { dueAt: due, now } = nextWindow();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, physicianReminder(pathwayId, { dueAt: due }));
    await closePathway(db.dataSource, pathwayId, 2);

    expect(await claimAll(now)).toEqual([]);
    await expect(listReminders(db.dataSource, { pathwayId })).resolves.toMatchObject([
      { id, status: 'cancelled', attempts: 0, lastError: 'pathway closed before delivery' },
    ]);
  });

  it('stores a reminder decided after closure (a late activity) as cancelled', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await closePathway(db.dataSource, pathwayId, 2);
    await expect(enqueueReminder(db.dataSource, physicianReminder(pathwayId))).resolves.toMatchObject({
      status: 'cancelled',
    });
  });
});
