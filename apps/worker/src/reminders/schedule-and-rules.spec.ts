import { SettingsError } from '@pathway/config';
import { latestDigestInstant, zonedInstant } from './digest-schedule';
// The rules live in libs/domain (reminder-relevance.ts); asserted here as the dispatcher uses them.
import { clockOfNotification as clockOfKind, reminderStillWanted as stillWanted } from '@pathway/domain';
import { reminderSettings, retryDelayMs } from './settings';

describe("the supervisors' digest hour", () => {
  it('is 07:00 in Paris, winter and summer alike', () => {
    expect(zonedInstant({ year: 2026, month: 1, day: 15 }, 7, 'Europe/Paris').toISOString()).toBe('2026-01-15T06:00:00.000Z');
    expect(zonedInstant({ year: 2026, month: 7, day: 15 }, 7, 'Europe/Paris').toISOString()).toBe('2026-07-15T05:00:00.000Z');
    // The night clocks go forward (29 March 2026) and back (25 October 2026).
    expect(zonedInstant({ year: 2026, month: 3, day: 29 }, 7, 'Europe/Paris').toISOString()).toBe('2026-03-29T05:00:00.000Z');
    expect(zonedInstant({ year: 2026, month: 10, day: 25 }, 7, 'Europe/Paris').toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it("is today's when it has passed, yesterday's before", () => {
    expect(latestDigestInstant(new Date('2026-07-15T05:00:00Z'), 7, 'Europe/Paris').toISOString()).toBe('2026-07-15T05:00:00.000Z');
    expect(latestDigestInstant(new Date('2026-07-15T04:59:59Z'), 7, 'Europe/Paris').toISOString()).toBe('2026-07-14T05:00:00.000Z');
    expect(latestDigestInstant(new Date('2026-01-01T05:00:00Z'), 7, 'Europe/Paris').toISOString()).toBe('2025-12-31T06:00:00.000Z');
  });
});

describe('whether a reminder is still wanted at delivery', () => {
  const summary = {
    deadlines: [{ kind: 'assessmentDue', dueAt: '2026-04-01T08:00:00.000Z' }],
    stuck: [{ clock: 'planDue', since: '2026-03-01T08:00:00.000Z' }],
    plan: { version: 2 },
    episodes: {},
  };
  const now = new Date('2026-03-20T00:00:00Z');

  it('knows the deadline of each kind', () => {
    expect(clockOfKind('assessmentDueReminder')).toEqual({ clock: 'assessmentDue', family: 'Reminder' });
    expect(clockOfKind('inactivityStuckAfterOverdue')).toEqual({ clock: 'inactivityStuckAfter', family: 'Overdue' });
    expect(clockOfKind('reassessmentVisit')).toEqual({ clock: 'reassessmentDue', family: 'Reminder' });
    expect(clockOfKind('planToValidate')).toBeUndefined();
  });

  it('sends a reminder whose deadline still runs, drops one whose step was taken before its deadline', () => {
    expect(stillWanted('assessmentDueReminder', { deadlineAt: '2026-04-01T08:00:00Z' }, summary, now)).toEqual({ send: true });
    expect(stillWanted('firstContactDueReminder', { deadlineAt: '2026-04-01T08:00:00Z' }, summary, now)).toEqual({
      send: false,
      reason: 'the step this reminder was about has happened (firstContactDue is no longer running)',
    });
  });

  it('sends an at-deadline reminder whose clock stopped at that deadline (an outcome: the respite begins)', () => {
    expect(stillWanted('respiteStartReminder', { deadlineAt: '2026-03-19T08:00:00Z', ref: 'r-1' }, summary, now)).toEqual({ send: true });
  });

  it('tells the supervisor only of what is still overdue', () => {
    expect(stillWanted('planDueOverdue', { deadlineAt: '2026-03-01T08:00:00Z' }, summary, now)).toEqual({ send: true });
    expect(stillWanted('assessmentDueOverdue', { deadlineAt: '2026-03-01T08:00:00Z' }, summary, now)).toMatchObject({ send: false });
  });

  it('does not ask a physician to validate a plan acknowledged or replaced since', () => {
    expect(stillWanted('planToValidate', { version: 1 }, summary, now)).toEqual({ send: false, reason: 'plan version 1 has been replaced by version 2' });
    expect(stillWanted('planAcknowledgementDueReminder', {}, { plan: { version: 2, acknowledgedAt: '2026-03-02T00:00:00Z' } }, now)).toMatchObject({ send: false });
  });

  it('tells the supervisor of a waiting-list offer only while the pathway still waits', () => {
    expect(stillWanted('waitingListOffer', { offerId: 'o-1' }, { stage: 'AWAITING_ASSIGNMENT' }, now)).toEqual({ send: true });
    expect(stillWanted('waitingListOffer', { offerId: 'o-1' }, { stage: 'ASSESSMENT', caseManagerId: 'cm-claire' }, now)).toEqual({
      send: false,
      reason: 'the pathway no longer waits for a case manager (stage ASSESSMENT)',
    });
  });
});

describe('reminder settings', () => {
  it('route roles to channels, and refuse what cannot work', () => {
    expect(reminderSettings({ SMTP_URL: 'smtp://127.0.0.1:1025', SECURE_MESSAGING_WEBHOOK_URL: 'https://gw.example/messages', REMINDER_CHANNELS: 'physician:webhook, caregiver:email' }).channelByRole).toEqual({
      physician: 'webhook',
      caregiver: 'email',
    });
    expect(() => reminderSettings({ REMINDER_CHANNELS: 'physician:webhook' })).toThrow(
      new SettingsError('REMINDER_CHANNELS sends physician messages to the webhook, but SECURE_MESSAGING_WEBHOOK_URL is not set'),
    );
    expect(() => reminderSettings({ REMINDER_CHANNELS: 'doctor:email' })).toThrow(/unknown role "doctor"/);
    expect(() => reminderSettings({ SMTP_URL: 'http://mail.example' })).toThrow('SMTP_URL must be a smtp:// or smtps:// URL, got "http://..."');
    expect(() => reminderSettings({ REMINDER_LEASE_MS: '10' })).toThrow(/REMINDER_LEASE_MS must be a whole number between 1000/);
  });

  it('turn delivery off without SMTP_URL', () => {
    expect(reminderSettings({}).smtp).toBeUndefined();
  });

  it('back off exponentially up to the cap', () => {
    const retry = { initialMs: 30_000, maxMs: 3_600_000, maxAttempts: 48 };
    expect([1, 2, 3, 8, 20].map((attempts) => retryDelayMs(attempts, retry, () => 0.5))).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });
});
