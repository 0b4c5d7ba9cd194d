import { eventuallyValue } from '@pathway/testing';
import {
  cancelClaimed,
  DeliveryClaim,
  handOver,
  readReminderDeliveryContext,
  recordDelivered,
  recordFailedAttempt,
  recoverExpiredLeases,
  releaseClaim,
} from './reminder-delivery';
import { cancelPendingReminders, claimDueReminders, enqueueReminder, EnqueueReminderInput, listReminders, ReminderRecord } from './reminders';
import { sql } from './sql';
import {
  claimDueDigests,
  enqueueSupervisorDigest,
  lastSupervisorDigestEnd,
  listSupervisorDigests,
  readDigestLines,
} from './supervisor-digests';
import { setTerritoryContact } from './territory-contacts';
import { createCaseManager } from './case-managers';
import { recordPathwayEvents } from './pathway-projection';
import { closePathway, openedPathway, projection } from './testing/fixtures';
import { startPostgresForTests, TestDatabase } from './testing/test-database';

let db: TestDatabase;

/** Waits until the lease of reminder `id` has run out by the database's clock, the one the recovery reads. */
const leaseExpired = (id: string) =>
  eventuallyValue(
    async () => (await sql<{ expired: boolean }>(db.dataSource, 'SELECT lease_expires_at < clock_timestamp() AS expired FROM reminders WHERE id = $1', [id])).rows[0]?.expired,
    (expired) => expired === true,
    { timeoutMs: 10_000, intervalMs: 50, message: `the lease of reminder ${id} to expire` },
  );
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

// Each test claims in a day of its own, so that one test's claims never take another test's reminders.
let day = 0;
function nextDay(): { dueAt: Date; now: Date } {
  day += 1;
  const due = new Date(Date.UTC(2031, 0, day, 8));
  return { dueAt: due, now: new Date(due.getTime() + 1000) };
}

function reminder(pathwayId: string, dueAt: Date, overrides: Partial<EnqueueReminderInput> = {}): EnqueueReminderInput {
  return {
    pathwayId,
    kind: 'planAcknowledgementDueReminder',
    recipientRole: 'physician',
    recipientAddress: 'dr.leroy@cabinet.example',
    channel: 'email',
    dueAt,
    ...overrides,
  };
}

async function claimOne(now: Date, leaseMs = 60_000): Promise<{ row: ReminderRecord; claim: DeliveryClaim }> {
  const [row] = await claimDueReminders(db.dataSource, { now, limit: 1, leaseMs, claimedBy: 'test:1' });
  if (!row?.claimToken) throw new Error('nothing claimed');
  return { row, claim: { table: 'reminders', id: row.id, claimToken: row.claimToken } };
}

const delivery = { channel: 'email', recipientAddress: 'dr.leroy@cabinet.example', messageId: '<m1@maia.example>' };

async function statusOf(id: string): Promise<Pick<ReminderRecord, 'status' | 'lastError' | 'nextAttemptAt' | 'attempts' | 'handedOverAt'>> {
  const { rows } = await sql<{ status: ReminderRecord['status']; last_error: string | null; next_attempt_at: Date | null; attempts: number; handed_over_at: Date | null }>(
    db.dataSource,
    `SELECT status, last_error, next_attempt_at, attempts, handed_over_at FROM reminders WHERE id = $1`,
    [id],
  );
  const r = rows[0];
  return { status: r.status, lastError: r.last_error, nextAttemptAt: r.next_attempt_at, attempts: r.attempts, handedOverAt: r.handed_over_at };
}

describe('delivering the reminder outbox', () => {
  it('a claim carries a token and a lease; the handover and the delivery are recorded under that token', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource);
    await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const { row, claim } = await claimOne(now);
    expect(row).toMatchObject({ status: 'sending', attempts: 1, claimedBy: 'test:1' });
    expect(row.leaseExpiresAt?.getTime()).toBeGreaterThan(Date.now());

    await expect(handOver(db.dataSource, claim, delivery)).resolves.toMatchObject({ status: 'HANDED_OVER' });
    await expect(recordDelivered(db.dataSource, claim)).resolves.toBe(true);
    const [sent] = await listReminders(db.dataSource, { pathwayId });
    expect(sent).toMatchObject({ status: 'sent', messageId: '<m1@maia.example>', channel: 'email', leaseExpiresAt: null });
    expect(sent.handedOverAt).not.toBeNull();
  });

  it('refuses the handover to a claimant whose lease has expired, and recovery then delivers it again', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const { claim } = await claimOne(now, 1_000);
    await leaseExpired(id);

    await expect(handOver(db.dataSource, claim, delivery)).resolves.toEqual({ status: 'CLAIM_LOST', currentStatus: 'sending' });
    const recovered = await recoverExpiredLeases(db.dataSource, 'reminders', { idempotentChannels: [] });
    expect(recovered).toEqual([expect.objectContaining({ id, handedOver: false, retried: true })]);
    expect(await statusOf(id)).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('before the message was handed over') });
    // Claimable again at once, under a new token; the old claimant can record nothing.
    const again = await claimOne(new Date());
    expect(again.row.id).toBe(id);
    expect(again.claim.claimToken).not.toBe(claim.claimToken);
    await expect(recordFailedAttempt(db.dataSource, claim, { error: 'late', nextAttemptAt: null })).resolves.toBe(false);
    await expect(recordFailedAttempt(db.dataSource, again.claim, { error: 'done with it', nextAttemptAt: null })).resolves.toBe(true);
  });

  it('never resends an e-mail handed over by a worker that died: the outcome is unknown, visible, not retried', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const { claim } = await claimOne(now, 1_000);
    await handOver(db.dataSource, claim, delivery);
    await leaseExpired(id);

    const recovered = await recoverExpiredLeases(db.dataSource, 'reminders', { idempotentChannels: ['webhook'] });
    expect(recovered).toEqual([expect.objectContaining({ id, handedOver: true, retried: false })]);
    const after = await statusOf(id);
    expect(after).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(after.lastError).toMatch(/^delivery outcome unknown: message <m1@maia\.example> was handed to the email server at .* not sent again/);
    expect(await claimDueReminders(db.dataSource, { now: new Date(Date.now() + 86_400_000), limit: 100 })).not.toContainEqual(
      expect.objectContaining({ id }),
    );
    // The first worker was only slow: its late answer settles it.
    await expect(recordDelivered(db.dataSource, claim)).resolves.toBe(true);
    expect(await statusOf(id)).toMatchObject({ status: 'sent' });
  });

  it('resends a handed-over message of unknown outcome on a channel whose receiver drops duplicates', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const { claim } = await claimOne(now, 1_000);
    await handOver(db.dataSource, claim, { ...delivery, channel: 'webhook' });
    await leaseExpired(id);

    expect(await recoverExpiredLeases(db.dataSource, 'reminders', { idempotentChannels: ['webhook'] })).toEqual([
      expect.objectContaining({ id, handedOver: true, retried: true }),
    ]);
    expect((await statusOf(id)).lastError).toContain('same idempotency key');
    const again = await claimOne(new Date());
    expect(again.row.id).toBe(id);
    await recordFailedAttempt(db.dataSource, again.claim, { error: 'done with it', nextAttemptAt: null });
  });

  it('cancels at the handover a reminder whose pathway closed after the claim', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource);
    const { id } = await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const { row, claim } = await claimOne(now);
    expect(row.id).toBe(id);
    await closePathway(db.dataSource, pathwayId, 2);
    // Closure cancels what waits in the outbox; a reminder being sent is not waiting, the handover catches it.
    await cancelPendingReminders(db.dataSource, pathwayId);

    await expect(handOver(db.dataSource, claim, delivery)).resolves.toEqual({ status: 'CANCELLED', reason: 'pathway closed before delivery' });
    expect(await statusOf(id)).toMatchObject({ status: 'cancelled', handedOverAt: null });
  });

  it('cancels at the handover a reminder the check finds moot, and lets a claimed one be cancelled or released', async () => {
    const { dueAt, now } = nextDay();
    const pathwayId = await openedPathway(db.dataSource, { summary: { plan: { version: 1, acknowledgedAt: '2031-01-01T00:00:00Z' } } });
    const first = await enqueueReminder(db.dataSource, reminder(pathwayId, dueAt));
    const second = await enqueueReminder(db.dataSource, reminder(pathwayId, new Date(dueAt.getTime() + 1), { kind: 'contactDueReminder' }));
    const third = await enqueueReminder(db.dataSource, reminder(pathwayId, new Date(dueAt.getTime() + 2), { kind: 'planDueReminder' }));
    const claims = await claimDueReminders(db.dataSource, { now, limit: 3 });
    const claimOf = (id: string): DeliveryClaim => ({ table: 'reminders', id, claimToken: claims.find((c) => c.id === id)?.claimToken ?? '' });

    const check = (state: { pathwaySummary: unknown }) =>
      (state.pathwaySummary as { plan?: { acknowledgedAt?: string } }).plan?.acknowledgedAt ? { send: false as const, reason: 'acknowledged' } : { send: true as const };
    await expect(handOver(db.dataSource, claimOf(first.id), delivery, check)).resolves.toEqual({ status: 'CANCELLED', reason: 'acknowledged' });
    await expect(cancelClaimed(db.dataSource, claimOf(second.id), 'step done')).resolves.toBe(true);
    await expect(releaseClaim(db.dataSource, claimOf(third.id))).resolves.toBe(true);
    expect(await statusOf(third.id)).toMatchObject({ status: 'scheduled', attempts: 0 });
    expect(await statusOf(second.id)).toMatchObject({ status: 'cancelled', lastError: 'step done' });
  });

  it('keeps the notices about a closure through that closure, and cancels the rest', async () => {
    const pathwayId = await openedPathway(db.dataSource);
    await closePathway(db.dataSource, pathwayId, 2);
    const notice = await enqueueReminder(db.dataSource, reminder(pathwayId, new Date('2031-06-01T00:00:00Z'), { kind: 'pathwayClosed' }));
    const late = await enqueueReminder(db.dataSource, reminder(pathwayId, new Date('2031-06-01T00:00:00Z'), { kind: 'contactDueReminder' }));
    await cancelPendingReminders(db.dataSource, pathwayId);

    expect(notice.status).toBe('scheduled');
    expect(late.status).toBe('cancelled');
    expect(await statusOf(notice.id)).toMatchObject({ status: 'scheduled' });
  });

  it("keeps two reminders of one kind due at once when the decision's own keys tell them apart", async () => {
    const pathwayId = await openedPathway(db.dataSource);
    const at = new Date('2031-07-01T08:00:00Z');
    const medicalPart = (ref: string) => reminder(pathwayId, at, { kind: 'nursingHomeMedicalPartDueReminder', dedupeKey: `${pathwayId}:nursingHome:${ref}:physician` });
    await enqueueReminder(db.dataSource, medicalPart('ehpad-1'));
    await enqueueReminder(db.dataSource, medicalPart('ehpad-2'));
    await enqueueReminder(db.dataSource, medicalPart('ehpad-2'));
    expect((await listReminders(db.dataSource, { pathwayId })).map((r) => r.dedupeKey).sort()).toEqual([
      `${pathwayId}:nursingHome:ehpad-1:physician`,
      `${pathwayId}:nursingHome:ehpad-2:physician`,
    ]);
  });

  it('reads the names and contacts a message is written from', async () => {
    const territory = `T-CTX-${Date.now()}`;
    await createCaseManager(db.dataSource, { id: `cm-${territory}`, name: 'Claire Dubois', email: 'claire.dubois@maia.example', territory });
    await setTerritoryContact(db.dataSource, { territory, role: 'supervisor', name: 'Paul Girard', email: 'pilote@maia.example' });
    const pathwayId = await openedPathway(db.dataSource, { territory });
    await recordPathwayEvents(db.dataSource, { pathwayId, events: [], projection: projection({ version: 2, territory, stage: 'ASSESSMENT', caseManagerId: `cm-${territory}` }) });

    await expect(readReminderDeliveryContext(db.dataSource, pathwayId)).resolves.toMatchObject({
      pathway: { id: pathwayId, territory, stage: 'ASSESSMENT', closedAt: null },
      patient: { firstName: 'Jeanne', lastName: 'Martin', birthDate: '1941-03-12' },
      caseManager: { name: 'Claire Dubois', email: 'claire.dubois@maia.example' },
      supervisor: { name: 'Paul Girard', email: 'pilote@maia.example' },
      intake: null,
    });
  });
});

describe("the supervisors' daily digest", () => {
  it('lists once what became overdue in the period, per territory, and delivers like a reminder', async () => {
    const territory = `T-DIGEST-${Date.now()}`;
    const pathwayId = await openedPathway(db.dataSource, { territory });
    const passed = { seq: 1, at: new Date('2031-03-01T06:00:00Z'), type: 'DEADLINE_PASSED', actor: 'system', data: { clock: 'assessmentDue', dueAt: '2031-03-01T06:00:00.000Z' } };
    await recordPathwayEvents(db.dataSource, { pathwayId, events: [passed], projection: projection({ version: 1, territory }) });
    const end = new Date(Date.now() + 1000);

    const digest = await enqueueSupervisorDigest(db.dataSource, { territory, periodStart: new Date(end.getTime() - 86_400_000), periodEnd: end, recipientAddress: 'pilote@maia.example' });
    const again = await enqueueSupervisorDigest(db.dataSource, { territory, periodStart: new Date(end.getTime() - 86_400_000), periodEnd: end, recipientAddress: 'pilote@maia.example' });
    expect(again.id).toBe(digest.id);
    expect(digest).toMatchObject({ status: 'scheduled', items: [{ pathwayId, clock: 'assessmentDue', dueAt: '2031-03-01T06:00:00.000Z' }] });
    await expect(lastSupervisorDigestEnd(db.dataSource, territory)).resolves.toEqual(end);
    await expect(readDigestLines(db.dataSource, digest)).resolves.toMatchObject([{ patient: { firstName: 'Jeanne' }, stillOverdue: false, closed: false }]);

    const [claimed] = (await claimDueDigests(db.dataSource, { now: new Date(end.getTime() + 1), limit: 100 })).filter((d) => d.territory === territory);
    const claim: DeliveryClaim = { table: 'supervisor_digests', id: claimed.id, claimToken: claimed.claimToken ?? '' };
    await expect(handOver(db.dataSource, claim, delivery)).resolves.toMatchObject({ status: 'HANDED_OVER' });
    await expect(recordDelivered(db.dataSource, claim)).resolves.toBe(true);
    await expect(listSupervisorDigests(db.dataSource, { territory })).resolves.toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('writes an empty period as done with nothing to send', async () => {
    const territory = `T-EMPTY-${Date.now()}`;
    const end = new Date();
    const digest = await enqueueSupervisorDigest(db.dataSource, { territory, periodStart: new Date(end.getTime() - 86_400_000), periodEnd: end, recipientAddress: null });
    expect(digest).toMatchObject({ status: 'cancelled', items: [], lastError: 'nothing became overdue in the period', nextAttemptAt: null });
  });
});
