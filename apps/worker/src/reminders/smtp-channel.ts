/**
 * E-mail over SMTP, with nodemailer's own SMTP client (nodemailer/lib/smtp-connection) rather than its
 * transport, for one reason: the transport streams the message as soon as it is built, so it cannot
 * hold it back before the end-of-data. Here the message body is piped only after the server has said
 * 354, and the final "." is written only once `commit()` has recorded the handover. A server treats a
 * connection closed before that dot as an aborted transaction (RFC 5321 §3.8: as if RSET was sent), so
 * until the handover is recorded nothing has been delivered. After it, what can still go missing is the
 * server's answer: the duplicate-message window of RFC 1047, one round trip long.
 */
import { Readable } from 'node:stream';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { DeliveryChannel, DeliveryError, DeliveryReceipt, OutgoingMessage } from './channels';

export interface SmtpChannelOptions {
  /** smtp://[user:pass@]host:port, or smtps:// for implicit TLS. */
  url: string;
  /** The From header, e.g. "Dispositif MAIA <rappels@maia.example>". */
  from: string;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export class SmtpChannel implements DeliveryChannel {
  readonly name = 'email' as const;
  readonly idempotentResend = false;
  readonly description: string;
  private readonly url: URL;
  private readonly fromAddress: string;

  constructor(private readonly options: SmtpChannelOptions) {
    this.url = new URL(options.url);
    const [from] = addressparser(options.from, { flatten: true });
    if (!from?.address) throw new Error(`SMTP_FROM has no e-mail address: "${options.from}"`);
    this.fromAddress = from.address;
    this.description = `e-mail via ${this.url.protocol}//${this.url.hostname}:${this.port()} from ${options.from}`;
  }

  /** The domain of the sender, for Message-IDs. */
  get domain(): string {
    return this.fromAddress.split('@')[1] ?? 'localhost';
  }

  private port(): number {
    return Number(this.url.port) || (this.url.protocol === 'smtps:' ? 465 : 25);
  }

  async deliver(message: OutgoingMessage, commit: () => Promise<void>): Promise<DeliveryReceipt> {
    const raw = await new MailComposer({
      from: this.options.from,
      to: message.to,
      replyTo: message.replyTo,
      subject: message.subject,
      text: message.text,
      messageId: message.messageId,
      headers: {
        // RFC 3834: an automatic message; out-of-office replies must not answer it.
        'Auto-Submitted': 'auto-generated',
        'X-Maia-Notification': message.kind,
      },
    })
      .compile()
      .build();

    return new Promise<DeliveryReceipt>((resolve, reject) => {
      const connection = new SMTPConnection({
        host: this.url.hostname,
        port: this.port(),
        secure: this.url.protocol === 'smtps:',
        connectionTimeout: this.options.connectionTimeoutMs ?? 10_000,
        greetingTimeout: this.options.connectionTimeoutMs ?? 10_000,
        socketTimeout: this.options.socketTimeoutMs ?? 30_000,
        logger: false,
      });
      let committed = false;
      let commitError: unknown;
      let committing: Promise<void> | undefined;
      let settled = false;

      const fail = (err: unknown) => {
        if (settled) return;
        settled = true;
        connection.close();
        const smtp = err as SMTPConnection.SMTPError;
        const answered = typeof smtp.responseCode === 'number';
        const what = answered ? `SMTP ${smtp.responseCode}${smtp.command ? ` at ${smtp.command}` : ''}: ${smtp.response ?? smtp.message}` : `SMTP ${smtp.code ?? 'error'}: ${smtp.message}`;
        // A handover being recorded is let finish first, so the caller's next write to the row comes after it.
        void Promise.resolve(committing)
          .catch(() => undefined)
          .then(() => {
            if (commitError !== undefined) return reject(commitError);
            // Once the dot may have gone, silence is not a refusal: the server may well have the message.
            reject(new DeliveryError(what, committed && !answered ? 'unknown' : 'not-delivered'));
          });
      };

      let pushedBody = false;
      let commitStarted = false;
      const body = new Readable({
        read() {
          if (!pushedBody) {
            pushedBody = true;
            this.push(raw);
            return;
          }
          if (commitStarted) return;
          commitStarted = true;
          // A refused envelope (MAIL FROM, RCPT TO) makes the client drain the body without sending it:
          // nothing is being handed over then.
          if (settled) {
            this.push(null);
            return;
          }
          committing = commit().then(
            () => {
              committed = true;
              this.push(null); // now the end-of-data dot is written
            },
            (err: unknown) => {
              commitError = err;
              this.destroy(err instanceof Error ? err : new Error(String(err)));
            },
          );
        },
      });

      connection.once('error', fail);
      connection.once('end', () => {
        // The send callback comes first when there is one to come; otherwise the server hung up.
        setTimeout(() => fail(new Error('the SMTP server closed the connection')), 50).unref();
      });
      connection.connect(() => {
        const send = () =>
          connection.send({ from: this.fromAddress, to: [message.to] }, body, (err, info) => {
            if (err) return fail(err);
            settled = true;
            connection.quit();
            resolve({ response: info.response });
          });
        const user = decodeURIComponent(this.url.username);
        if (!user) return send();
        connection.login({ user, pass: decodeURIComponent(this.url.password) }, (err) => (err ? fail(err) : send()));
      });
    });
  }
}
