/**
 * A secure-messaging gateway (e.g. an MSSanté operator's API) reached by one HTTP POST of JSON per
 * message. The contract asked of the gateway: a 2xx answer means it has the message, and a second POST
 * with the same `Idempotency-Key` header is acknowledged without a second message. That is what makes
 * a message of unknown outcome safe to send again on this channel (idempotentResend).
 */
import { DeliveryChannel, DeliveryError, DeliveryReceipt, OutgoingMessage } from './channels';

export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook' as const;
  readonly idempotentResend = true;
  readonly description: string;

  constructor(private readonly options: { url: string; timeoutMs?: number }) {
    const url = new URL(options.url);
    this.description = `secure-messaging webhook ${url.origin}${url.pathname}`;
  }

  async deliver(message: OutgoingMessage, commit: () => Promise<void>): Promise<DeliveryReceipt> {
    const body = JSON.stringify({
      messageId: message.messageId,
      idempotencyKey: message.idempotencyKey,
      to: message.to,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      kind: message.kind,
      recipientRole: message.recipientRole,
      pathwayId: message.pathwayId,
    });
    await commit();
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      // The request may or may not have reached the gateway; resending with the same key is safe.
      throw new DeliveryError(`webhook: ${(err as Error).message}`, 'unknown');
    }
    const answer = (await response.text().catch(() => '')).slice(0, 500);
    if (!response.ok) throw new DeliveryError(`webhook answered ${response.status}${answer ? `: ${answer}` : ''}`, 'not-delivered');
    return { response: `${response.status}${answer ? ` ${answer}` : ''}` };
  }
}
