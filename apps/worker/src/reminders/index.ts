// The reminder dispatcher as the worker starts it: settings from the environment, templates loaded
// and checked, channels built (none without SMTP_URL: delivery is off, the outbox keeps everything).
import type { DataSource } from 'typeorm';
import { SettingsError } from '@pathway/config';
import { ChannelRouter } from './channels';
import { ReminderDispatcher } from './dispatcher';
import { reminderSettings } from './settings';
import { SmtpChannel } from './smtp-channel';
import { resolveTemplatesDir, TemplateError, TemplateSet } from './templates';
import { WebhookChannel } from './webhook-channel';

export { ReminderDispatcher } from './dispatcher';

export function createReminderDispatcher(
  db: DataSource,
  env: Record<string, string | undefined> = process.env,
  log: (line: string) => void = (line) => console.log(line),
): ReminderDispatcher {
  const settings = reminderSettings(env);
  let templates: TemplateSet;
  try {
    templates = TemplateSet.load(resolveTemplatesDir(settings.templatesDir));
  } catch (err) {
    if (err instanceof TemplateError) throw new SettingsError(err.message);
    throw err;
  }
  let channels: ChannelRouter | undefined;
  let messageIdDomain = 'maia.localhost';
  if (settings.smtp) {
    let email: SmtpChannel;
    try {
      email = new SmtpChannel({ url: settings.smtp.url, from: settings.smtp.from });
    } catch (err) {
      throw new SettingsError((err as Error).message);
    }
    messageIdDomain = email.domain;
    const webhook = settings.webhook ? new WebhookChannel({ url: settings.webhook.url }) : undefined;
    channels = new ChannelRouter({ email, webhook }, settings.channelByRole);
  }
  return new ReminderDispatcher({ db, settings, templates, channels, messageIdDomain, log });
}
