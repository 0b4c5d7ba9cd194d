/**
 * The reminder dispatcher: runs beside the Temporal worker, in the same process, and empties the
 * outboxes the workflows fill. Each round: recover deliveries whose worker died (expired leases), write
 * the supervisors' digests that are due, claim due reminders and digests, and deliver them one by one.
 *
 * Per message: read who the pathway is about (names are read now, from the database), drop it if it is
 * moot (pathway closed, step done), find the recipient, write it from its template, and hand it to its
 * channel, which records the handover (`handOver`) at the last instant before the message becomes
 * irrevocable. Then record the outcome: sent, or failed with the next attempt (exponential backoff), or
 * "outcome unknown" (never resent on e-mail). The guarantee is spelled out in
 * libs/persistence/src/reminder-delivery.ts.
 */
import type { DataSource } from 'typeorm';
import { reminderStillWanted } from '@pathway/domain';
import {
  cancelClaimed,
  claimDueDigests,
  claimDueReminders,
  DeliveryClaim,
  findTerritoryContacts,
  handOver,
  HandoverCheck,
  HandoverResult,
  readDigestLines,
  readReminderDeliveryContext,
  recordDelivered,
  recordFailedAttempt,
  recoverExpiredLeases,
  releaseClaim,
  ReminderRecord,
  SupervisorDigestRecord,
} from '@pathway/persistence';
import { ChannelRouter, DeliveryChannel, DeliveryError, OutgoingMessage } from './channels';
import { DigestScheduler } from './digest-schedule';
import { digestValues, messageIdFor, reminderValues, resolveRecipient } from './message';
import { planLinkValues } from './plan-link';
import { retryDelayMs, ReminderSettings } from './settings';
import { TemplateSet } from './templates';

/** `commit()` refused: the message was not let go (cancelled, or the claim was lost). */
class HandoverRefused extends Error {
  constructor(readonly result: Exclude<HandoverResult, { status: 'HANDED_OVER' }>) {
    super(result.status === 'CANCELLED' ? `cancelled: ${result.reason}` : `claim lost (row is now ${result.currentStatus ?? 'gone'})`);
  }
}

export interface DispatcherDeps {
  db: DataSource;
  settings: ReminderSettings;
  templates: TemplateSet;
  /** Absent: delivery is off (no SMTP_URL); the outbox is left alone. */
  channels?: ChannelRouter;
  /** Domain of the Message-IDs (the sender's). */
  messageIdDomain: string;
  log?: (line: string) => void;
  now?: () => Date;
}

export interface RoundResult {
  claimed: number;
  sent: number;
  failed: number;
  cancelled: number;
  recovered: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ReminderDispatcher {
  private readonly log: (line: string) => void;
  private readonly now: () => Date;
  private readonly digests: DigestScheduler;
  private loop?: Promise<void>;
  private stopping = false;
  private wake?: () => void;
  private lastErrorLogAt = 0;

  constructor(private readonly deps: DispatcherDeps) {
    this.log = deps.log ?? ((line) => console.log(line));
    this.now = deps.now ?? (() => new Date());
    this.digests = new DigestScheduler(deps.db, { hour: deps.settings.digestHour, timeZone: deps.settings.timeZone, log: this.log });
  }

  get deliveryEnabled(): boolean {
    return this.deps.channels !== undefined;
  }

  start(): void {
    if (this.loop) return;
    if (!this.deps.channels) {
      this.log(
        '[reminders] delivery is OFF: SMTP_URL is not set. Reminders are still written to the outbox and stay ' +
          '"scheduled" (nothing is lost); they go out once a worker runs with SMTP_URL.',
      );
      return;
    }
    this.log(`[reminders] delivering ${this.deps.channels.describe()}; templates from ${this.deps.templates.dir}`);
    this.loop = this.run();
  }

  /** Stops claiming, finishes the message in hand (at most `graceMs`), releases the rest. Idempotent. */
  async stop(graceMs = 15_000): Promise<void> {
    this.stopping = true;
    this.wake?.();
    if (this.loop) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        this.loop.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      clearTimeout(timer);
      if (!finished) this.log(`[reminders] a delivery was still running after ${graceMs} ms; its lease will hand it to the next worker`);
    }
    await this.deps.channels?.close();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let busy = false;
      try {
        const round = await this.runOnce();
        busy = round.claimed >= this.deps.settings.batchSize;
      } catch (err) {
        // Typically the database is unreachable: nothing was lost (the outbox is the database), try later.
        if (Date.now() - this.lastErrorLogAt > 30_000) {
          this.lastErrorLogAt = Date.now();
          this.log(`[reminders] delivery round failed, will retry: ${(err as Error).message}`);
        }
      }
      if (!busy && !this.stopping) await this.pause(this.deps.settings.pollMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  /** One round; exposed for tests. */
  async runOnce(): Promise<RoundResult> {
    const router = this.deps.channels;
    const result: RoundResult = { claimed: 0, sent: 0, failed: 0, cancelled: 0, recovered: 0 };
    if (!router) return result;
    const { db, settings } = this.deps;
    result.recovered = await this.recover(router);
    await this.digests.tick(this.now());

    const claim = { now: this.now(), limit: settings.batchSize, leaseMs: settings.leaseMs, claimedBy: settings.workerId };
    const reminders = await claimDueReminders(db, claim);
    const digests = await claimDueDigests(db, { ...claim, limit: Math.max(1, settings.batchSize - reminders.length) });
    result.claimed = reminders.length + digests.length;
    const work: (() => Promise<Outcome>)[] = [
      ...reminders.map((r) => () => this.deliverReminder(router, r)),
      ...digests.map((d) => () => this.deliverDigest(router, d)),
    ];
    const claims: DeliveryClaim[] = [
      ...reminders.map((r) => ({ table: 'reminders' as const, id: r.id, claimToken: r.claimToken ?? '' })),
      ...digests.map((d) => ({ table: 'supervisor_digests' as const, id: d.id, claimToken: d.claimToken ?? '' })),
    ];
    for (let i = 0; i < work.length; i += 1) {
      if (this.stopping) {
        // Not started: back to the outbox now rather than after the lease.
        for (const rest of claims.slice(i)) await releaseClaim(db, rest);
        break;
      }
      const outcome = await work[i]();
      result[outcome] += 1;
    }
    return result;
  }

  private async recover(router: ChannelRouter): Promise<number> {
    let count = 0;
    for (const table of ['reminders', 'supervisor_digests'] as const) {
      for (const row of await recoverExpiredLeases(this.deps.db, table, { idempotentChannels: router.idempotentChannels() })) {
        count += 1;
        this.log(`[reminders] recovered ${table} ${row.id} from a stopped worker: ${row.lastError}`);
      }
    }
    return count;
  }

  private async deliverReminder(router: ChannelRouter, reminder: ReminderRecord): Promise<Outcome> {
    const { db, templates, settings } = this.deps;
    const claim: DeliveryClaim = { table: 'reminders', id: reminder.id, claimToken: reminder.claimToken ?? '' };
    const label = `${reminder.kind} for the ${reminder.recipientRole} (reminder ${reminder.id}, pathway ${reminder.pathwayId})`;
    const ctx = await readReminderDeliveryContext(db, reminder.pathwayId);
    if (!ctx) return this.fail(claim, reminder.attempts, label, `pathway ${reminder.pathwayId} not found`, true);
    const wanted = reminderStillWanted(reminder.kind, reminder.payload, ctx.pathway.summary);
    if (!wanted.send) {
      await cancelClaimed(db, claim, wanted.reason);
      this.log(`[reminders] cancelled ${label}: ${wanted.reason}`);
      return 'cancelled';
    }
    const who = resolveRecipient(reminder, ctx);
    if (!who.ok) return this.fail(claim, reminder.attempts, label, who.error, who.permanent);
    let channel: DeliveryChannel;
    let subject: string;
    let text: string;
    try {
      channel = router.for(reminder.recipientRole);
      const values = { ...reminderValues(reminder, ctx, templates.labels, settings.timeZone), ...planLinkValues(reminder, ctx, settings.planLinks, this.now()) };
      ({ subject, text } = templates.render(reminder.kind, reminder.recipientRole, values));
    } catch (err) {
      return this.fail(claim, reminder.attempts, label, (err as Error).message, false);
    }
    const message: OutgoingMessage = {
      messageId: messageIdFor(reminder.dedupeKey, this.deps.messageIdDomain),
      idempotencyKey: reminder.dedupeKey,
      to: who.recipient.address,
      replyTo: who.recipient.replyTo,
      subject,
      text,
      kind: reminder.kind,
      recipientRole: reminder.recipientRole,
      pathwayId: reminder.pathwayId,
    };
    // Asked again under the pathway's lock at the handover: a step recorded meanwhile still cancels it.
    const check: HandoverCheck = (state) => reminderStillWanted(state.kind, state.payload, state.pathwaySummary);
    return this.send(claim, reminder.attempts, label, channel, message, check);
  }

  private async deliverDigest(router: ChannelRouter, digest: SupervisorDigestRecord): Promise<Outcome> {
    const { db, templates, settings } = this.deps;
    const claim: DeliveryClaim = { table: 'supervisor_digests', id: digest.id, claimToken: digest.claimToken ?? '' };
    const label = `daily digest of ${digest.territory} up to ${digest.periodEnd.toISOString()} (digest ${digest.id})`;
    const contacts = await findTerritoryContacts(db, digest.territory);
    const address = contacts.supervisor?.email ?? digest.recipientAddress;
    if (!address) return this.fail(claim, digest.attempts, label, `no supervisor contact for territory ${digest.territory}`, false);
    let channel: DeliveryChannel;
    let subject: string;
    let text: string;
    try {
      channel = router.for('supervisor');
      const lines = await readDigestLines(db, digest);
      ({ subject, text } = templates.render('supervisorDigest', 'supervisor', digestValues(digest, lines, contacts.supervisor ?? null, templates.labels, settings.timeZone)));
    } catch (err) {
      return this.fail(claim, digest.attempts, label, (err as Error).message, false);
    }
    const key = `supervisorDigest:${digest.territory}:${digest.periodEnd.toISOString()}`;
    const message: OutgoingMessage = {
      messageId: messageIdFor(key, this.deps.messageIdDomain),
      idempotencyKey: key,
      to: address,
      subject,
      text,
      kind: 'supervisorDigest',
      recipientRole: 'supervisor',
    };
    return this.send(claim, digest.attempts, label, channel, message);
  }

  private async send(
    claim: DeliveryClaim,
    attempts: number,
    label: string,
    channel: DeliveryChannel,
    message: OutgoingMessage,
    check?: HandoverCheck,
  ): Promise<Outcome> {
    let response: string;
    try {
      ({ response } = await channel.deliver(message, async () => {
        const handover = await handOver(this.deps.db, claim, { channel: channel.name, recipientAddress: message.to, messageId: message.messageId }, check);
        if (handover.status !== 'HANDED_OVER') throw new HandoverRefused(handover);
      }));
    } catch (err) {
      if (err instanceof HandoverRefused) {
        this.log(`[reminders] not sent: ${label}: ${err.message}`);
        return 'cancelled';
      }
      const error = (err as Error).message;
      if (err instanceof DeliveryError && err.outcome === 'unknown' && !channel.idempotentResend) {
        // The server may have it: sending it again could make two. Left for a person to check.
        await recordFailedAttempt(this.deps.db, claim, {
          error: `delivery outcome unknown: ${error} after message ${message.messageId} was handed over; not sent again so that it is never sent twice (check the mail server log for that Message-ID)`,
          nextAttemptAt: null,
        });
        this.log(`[reminders] outcome unknown for ${label} (${message.messageId}): ${error}; not retried`);
        return 'failed';
      }
      return this.fail(claim, attempts, label, error, false);
    }
    await this.recordDelivered(claim, label);
    this.log(`[reminders] sent ${label} via ${channel.name} ${message.messageId}: ${response}`);
    return 'sent';
  }

  /** The message is out: recording it is retried through a short database outage. */
  private async recordDelivered(claim: DeliveryClaim, label: string): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (!(await recordDelivered(this.deps.db, claim, this.now()))) {
          this.log(`[reminders] ${label} was delivered, but its claim had been taken over meanwhile; the row says what the recovery decided`);
        }
        return;
      } catch (err) {
        if (attempt >= 6) {
          this.log(`[reminders] ${label} was delivered but could not be recorded (${(err as Error).message}); the lease recovery will mark its outcome unknown, it will not be sent again`);
          return;
        }
        await sleep(500 * 2 ** attempt);
      }
    }
  }

  private async fail(claim: DeliveryClaim, attempts: number, label: string, error: string, permanent: boolean): Promise<Outcome> {
    const { retry } = this.deps.settings;
    const giveUp = permanent || attempts >= retry.maxAttempts;
    const nextAttemptAt = giveUp ? null : new Date(this.now().getTime() + retryDelayMs(attempts, retry));
    const recorded = giveUp && !permanent ? `${error} (no more attempts after ${attempts})` : error;
    await recordFailedAttempt(this.deps.db, claim, { error: recorded, nextAttemptAt });
    this.log(
      `[reminders] failed ${label} (attempt ${attempts}): ${error}; ${nextAttemptAt ? `next attempt at ${nextAttemptAt.toISOString()}` : 'not retried'}`,
    );
    return 'failed';
  }
}

type Outcome = 'sent' | 'failed' | 'cancelled';
