/**
 * How a message leaves: one interface, two channels (e-mail over SMTP, a secure-messaging webhook).
 *
 * `deliver` must call `commit()` at the last instant before the message becomes irrevocable, and must
 * not let it go if `commit()` rejects. The dispatcher records the handover in `commit()`, so a worker
 * killed before it leaves nothing delivered, and one killed after it leaves a row that says so.
 */
import type { RecipientRole } from '@pathway/domain';
import type { ChannelName, ReminderSettings } from './settings';

export interface OutgoingMessage {
  /** `<...@domain>`, the same for every attempt at one outbox row. */
  messageId: string;
  /** The outbox row's dedupe key: the webhook's Idempotency-Key. */
  idempotencyKey: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  /** What it is (for the gateway and the logs). */
  kind: string;
  recipientRole: string;
  pathwayId?: string;
}

export interface DeliveryReceipt {
  /** The receiver's answer, e.g. "250 OK: message queued". */
  response: string;
}

/**
 * A failed delivery. `outcome` says what is known: `not-delivered` when the receiver surely does not
 * have it (it answered with a refusal, or the message was never finished), `unknown` when it was
 * handed over and no answer came (a timeout, a connection reset after the end of data).
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly outcome: 'not-delivered' | 'unknown',
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface DeliveryChannel {
  readonly name: ChannelName;
  /**
   * True when the receiver drops a second copy carrying the same idempotency key: then a message
   * whose outcome is unknown may be sent again. False for SMTP: a second copy would be a second e-mail.
   */
  readonly idempotentResend: boolean;
  /** Where it delivers, for the start-up line (no credentials). */
  readonly description: string;
  deliver(message: OutgoingMessage, commit: () => Promise<void>): Promise<DeliveryReceipt>;
  close?(): Promise<void>;
}

/** The channel of each recipient role, as configured (REMINDER_CHANNELS). */
export class ChannelRouter {
  constructor(
    private readonly channels: Partial<Record<ChannelName, DeliveryChannel>>,
    private readonly byRole: ReminderSettings['channelByRole'],
  ) {}

  for(role: string): DeliveryChannel {
    const name = this.byRole[role as RecipientRole] ?? 'email';
    const channel = this.channels[name];
    if (!channel) throw new Error(`no ${name} channel is configured (for ${role})`);
    return channel;
  }

  /** Channels whose receiver deduplicates: recovery may resend a message of unknown outcome on them. */
  idempotentChannels(): ChannelName[] {
    return Object.values(this.channels)
      .filter((c): c is DeliveryChannel => Boolean(c?.idempotentResend))
      .map((c) => c.name);
  }

  describe(): string {
    const routes = Object.entries(this.byRole).map(([role, name]) => `${role} → ${name}`);
    const channels = Object.values(this.channels).flatMap((c) => (c ? [c.description] : []));
    return `${channels.join('; ')}${routes.length ? ` (${routes.join(', ')}; others → email)` : ''}`;
  }

  async close(): Promise<void> {
    await Promise.allSettled(Object.values(this.channels).map((c) => c?.close?.()));
  }
}
