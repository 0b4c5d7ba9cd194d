/**
 * The reminder dispatcher's settings, from the environment, checked once at start-up (a broken one
 * stops the worker with one line naming it).
 *
 *   SMTP_URL                       smtp://[user:pass@]host:port or smtps://...; unset: delivery is off
 *   SMTP_FROM                      "Dispositif MAIA <rappels@maia.example>" (the sender, and the Message-ID domain)
 *   SECURE_MESSAGING_WEBHOOK_URL   http(s) endpoint of the secure-messaging gateway (POST JSON)
 *   REMINDER_CHANNELS              per role, e.g. "physician:webhook,caregiver:email" (default: e-mail for all)
 *   REMINDER_POLL_MS (5000)  REMINDER_BATCH_SIZE (10)  REMINDER_LEASE_MS (120000)
 *   REMINDER_RETRY_INITIAL_MS (30000)  REMINDER_RETRY_MAX_MS (3600000)  REMINDER_MAX_ATTEMPTS (48)
 *   REMINDER_TIME_ZONE (Europe/Paris)  REMINDER_DIGEST_HOUR (7)  REMINDER_TEMPLATES_DIR (the bundled ones)
 */
import { hostname } from 'node:os';
import { RECIPIENT_ROLES, RecipientRole } from '@pathway/domain';
import { planLinkSettings, SettingsError, type PlanLinkSettings } from '@pathway/config';

export type ChannelName = 'email' | 'webhook';

export interface ReminderSettings {
  smtp?: { url: string; from: string };
  webhook?: { url: string };
  /** Channel by recipient role; a role not listed gets e-mail. */
  channelByRole: Partial<Record<RecipientRole, ChannelName>>;
  pollMs: number;
  batchSize: number;
  /** How long a claimed delivery may take before another worker recovers it. */
  leaseMs: number;
  retry: { initialMs: number; maxMs: number; maxAttempts: number };
  timeZone: string;
  digestHour: number;
  templatesDir?: string;
  /** Who claims, for operators reading a `sending` row. */
  workerId: string;
  /** The one-click plan links' secret and address (plan-link.ts); none: the plan e-mail carries no link. */
  planLinks?: PlanLinkSettings;
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new SettingsError(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  return value;
}

function httpUrl(name: string, raw: string, protocols: string[]): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SettingsError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) throw new SettingsError(`${name} must be a ${protocols.map((p) => `${p}//`).join(' or ')} URL, got "${url.protocol}//..."`);
  return raw;
}

export function reminderSettings(env: Env = process.env): ReminderSettings {
  const smtpUrl = env.SMTP_URL?.trim();
  const webhookUrl = env.SECURE_MESSAGING_WEBHOOK_URL?.trim();
  const channelByRole: ReminderSettings['channelByRole'] = {};
  for (const entry of (env.REMINDER_CHANNELS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [role, channel] = entry.split(':').map((s) => s.trim());
    if (!(RECIPIENT_ROLES as readonly string[]).includes(role)) {
      throw new SettingsError(`REMINDER_CHANNELS: unknown role "${role}" (roles: ${RECIPIENT_ROLES.join(', ')})`);
    }
    if (channel !== 'email' && channel !== 'webhook') throw new SettingsError(`REMINDER_CHANNELS: unknown channel "${channel}" for ${role} (email or webhook)`);
    if (channel === 'webhook' && !webhookUrl) throw new SettingsError(`REMINDER_CHANNELS sends ${role} messages to the webhook, but SECURE_MESSAGING_WEBHOOK_URL is not set`);
    channelByRole[role as RecipientRole] = channel;
  }
  const timeZone = env.REMINDER_TIME_ZONE || 'Europe/Paris';
  try {
    new Intl.DateTimeFormat('fr-FR', { timeZone });
  } catch {
    throw new SettingsError(`REMINDER_TIME_ZONE is not a time zone: "${timeZone}"`);
  }
  const initialMs = integer(env, 'REMINDER_RETRY_INITIAL_MS', 30_000, 1);
  return {
    smtp: smtpUrl
      ? { url: httpUrl('SMTP_URL', smtpUrl, ['smtp:', 'smtps:']), from: env.SMTP_FROM?.trim() || 'Dispositif MAIA <rappels@maia.localhost>' }
      : undefined,
    webhook: webhookUrl ? { url: httpUrl('SECURE_MESSAGING_WEBHOOK_URL', webhookUrl, ['http:', 'https:']) } : undefined,
    channelByRole,
    pollMs: integer(env, 'REMINDER_POLL_MS', 5_000, 10),
    batchSize: integer(env, 'REMINDER_BATCH_SIZE', 10, 1, 1000),
    leaseMs: integer(env, 'REMINDER_LEASE_MS', 120_000, 1_000),
    retry: { initialMs, maxMs: integer(env, 'REMINDER_RETRY_MAX_MS', 3_600_000, initialMs), maxAttempts: integer(env, 'REMINDER_MAX_ATTEMPTS', 48, 1) },
    timeZone,
    digestHour: integer(env, 'REMINDER_DIGEST_HOUR', 7, 0, 23),
    templatesDir: env.REMINDER_TEMPLATES_DIR || undefined,
    workerId: `${hostname()}:${process.pid}`,
    planLinks: planLinkSettings(env),
  };
}

/** Exponential backoff with ±20 % jitter (workers that failed together do not retry together). */
export function retryDelayMs(attempts: number, retry: ReminderSettings['retry'], random = Math.random): number {
  const base = Math.min(retry.initialMs * 2 ** Math.max(0, attempts - 1), retry.maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}
