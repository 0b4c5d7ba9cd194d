/**
 * The dispatcher against a real PostgreSQL and a real SMTP server (the infra/ catcher): what arrives,
 * what the outbox says, and what happens when the server refuses, goes away, or never answers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  createCaseManager,
  createDataSource,
  enqueueReminder,
  listReminders,
  listSupervisorDigests,
  recordPathwayEvents,
  ReminderRecord,
  setTerritoryContact,
} from '@pathway/persistence';
import { openedPathway, projection } from '../../../../libs/persistence/src/testing/fixtures';
import { startPostgresForTests, TestDatabase } from '../../../../libs/persistence/src/testing/test-database';
import { ChannelRouter } from './channels';
import { DigestScheduler, latestDigestInstant } from './digest-schedule';
import { ReminderDispatcher } from './dispatcher';
import { reminderSettings } from './settings';
import { SmtpChannel } from './smtp-channel';
import { resolveTemplatesDir, TemplateSet } from './templates';
import { eventually, SmtpCatcher, startSmtpCatcher } from './testing/smtp-catcher';
import { WebhookChannel } from './webhook-channel';

jest.setTimeout(30_000);

let db: TestDatabase;
let catcher: SmtpCatcher;
let mailDir: string;
const templates = TemplateSet.load(resolveTemplatesDir());
const logs: string[] = [];
let clockOffsetMs = 0;

beforeAll(async () => {
  mailDir = mkdtempSync(path.join(tmpdir(), 'dispatcher-mail-'));
  [db, catcher] = await Promise.all([startPostgresForTests({ migrate: true }), startSmtpCatcher({ port: 0, dir: mailDir })]);
}, 120_000);
afterAll(async () => {
  await catcher?.stop();
  await db?.stop();
  rmSync(mailDir, { recursive: true, force: true });
});
afterEach(() => {
  catcher.refuse(false);
  catcher.release();
  clockOffsetMs = 0;
});

function dispatcher(
  options: { leaseMs?: number; channels?: ChannelRouter | null; env?: Record<string, string>; dataSource?: DataSource } = {},
): ReminderDispatcher {
  const settings = {
    ...reminderSettings({ SMTP_URL: catcher.url, REMINDER_RETRY_INITIAL_MS: '200', REMINDER_RETRY_MAX_MS: '400', REMINDER_MAX_ATTEMPTS: '4', ...options.env }),
    leaseMs: options.leaseMs ?? 60_000,
  };
  const email = new SmtpChannel({ url: catcher.url, from: 'Dispositif MAIA <rappels@maia.example>', socketTimeoutMs: 2_000 });
  const channels = options.channels === null ? undefined : (options.channels ?? new ChannelRouter({ email }, {}));
  return new ReminderDispatcher({
    db: options.dataSource ?? db.dataSource,
    settings,
    templates,
    channels,
    messageIdDomain: 'maia.example',
    log: (line) => logs.push(line),
    now: () => new Date(Date.now() + clockOffsetMs),
  });
}

const PLAN_DUE_AT = '2031-05-15T08:00:00.000Z';

/** A pathway in plan validation, its case manager assigned and the plan sent to the physician. */
async function pathwayAwaitingThePhysician(overrides: { summary?: Record<string, unknown>; territory?: string } = {}): Promise<string> {
  const territory = overrides.territory ?? 'MAIA-75-NORD';
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(db.dataSource, { id: caseManagerId, name: 'Julie Bernard', email: `${caseManagerId}@maia.example`, territory });
  const summary = {
    physician: { name: 'Dr Anne Leroy', email: 'unused@cabinet.example' },
    deadlines: [{ kind: 'planAcknowledgementDue', startedAt: '2031-05-01T08:00:00Z', dueAt: PLAN_DUE_AT, overdue: false }],
    plan: { version: 1, recordedAt: '2031-05-01T08:00:00Z', services: [] },
    latestAssessment: { mmse: 17, gir: 3, zarit: 61, summary: 'troubles cognitifs marqués' },
    stuck: [],
    ...overrides.summary,
  };
  const pathwayId = await openedPathway(db.dataSource, { territory, summary });
  await recordPathwayEvents(db.dataSource, {
    pathwayId,
    events: [],
    projection: projection({ version: 2, territory, stage: 'PLAN_VALIDATION', caseManagerId, summary }),
  });
  return pathwayId;
}

async function planReminder(pathwayId: string, physician: string, overrides: { kind?: string; dueAt?: Date } = {}): Promise<ReminderRecord> {
  return enqueueReminder(db.dataSource, {
    pathwayId,
    kind: overrides.kind ?? 'planAcknowledgementDueReminder',
    recipientRole: 'physician',
    recipientAddress: physician,
    channel: 'email',
    dueAt: overrides.dueAt ?? new Date(Date.now() - 1000),
    payload: { deadlineAt: PLAN_DUE_AT },
  });
}

const physicianAddress = () => `dr.${randomUUID().slice(0, 8)}@cabinet.example`;
const mailTo = (address: string) => catcher.messages().filter((m) => m.to.includes(address));
const rowOf = async (pathwayId: string) => (await listReminders(db.dataSource, { pathwayId }))[0];

describe('the reminder dispatcher', () => {
  it("delivers the physician's plan reminder: recipient, subject, body in French, reply to the case manager", async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    const { dedupeKey } = await planReminder(pathwayId, to);

    await dispatcher().runOnce();

    const [message] = mailTo(to);
    expect(message.subject).toBe('Rappel - plan d\'accompagnement de Jeanne Martin à valider avant le jeudi 15 mai 2031');
    expect(message.text).toContain('Bonjour Dr Anne Leroy,');
    expect(message.text).toContain('Jeanne Martin, né(e) le 12/03/1941');
    expect(message.text).toContain('Avant le : jeudi 15 mai 2031.');
    expect(message.text).not.toMatch(/MMSE|\bGIR\b|Zarit|troubles/);
    expect(message.from).toBe('Dispositif MAIA <rappels@maia.example>');
    expect(message.headers['reply-to']).toMatch(/^cm-.*@maia\.example$/);
    expect(message.headers['auto-submitted']).toBe('auto-generated');
    const row = await rowOf(pathwayId);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, recipientAddress: to, messageId: message.messageId });
    expect(row.messageId).toMatch(/^<[0-9a-f]{32}\.reminder@maia\.example>$/);
    expect(dedupeKey).toContain(pathwayId);
  });

  it('sends nothing for a closed pathway: its due reminder is cancelled', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    await recordPathwayEvents(db.dataSource, {
      pathwayId,
      events: [],
      projection: projection({ version: 3, stage: 'CLOSED', closedAt: new Date(), closureReason: 'MOVED' }),
    });

    await dispatcher().runOnce();

    expect(mailTo(to)).toEqual([]);
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'cancelled', lastError: 'pathway closed before delivery' });
  });

  it('drops a reminder whose step has happened since it was written', async () => {
    const pathwayId = await pathwayAwaitingThePhysician({ summary: { plan: { version: 1, recordedAt: '2031-05-01T08:00:00Z', acknowledgedAt: '2031-05-03T08:00:00Z', services: [] } } });
    const to = physicianAddress();
    await planReminder(pathwayId, to);

    await dispatcher().runOnce();

    expect(mailTo(to)).toEqual([]);
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'cancelled', lastError: 'the physician has acknowledged the plan since' });
  });

  it('keeps a refused reminder failed with the error visible, retries it with backoff, and sends it once accepted', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    catcher.refuse(451);

    const d = dispatcher();
    await d.runOnce();
    const failed = await rowOf(pathwayId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, handedOverAt: null, lastError: expect.stringMatching(/^SMTP 451 at MAIL FROM: 451 mail refused by the catcher/) });
    expect(failed.nextAttemptAt?.getTime()).toBeGreaterThan(Date.now());
    await d.runOnce(); // not due yet: nothing happens
    expect((await rowOf(pathwayId)).attempts).toBe(1);

    catcher.refuse(false);
    clockOffsetMs = 1_000;
    await d.runOnce();
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(mailTo(to)).toHaveLength(1);
  });

  it('retries through an outage of the mail server and delivers once it is back', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    await catcher.down();
    const d = dispatcher();
    try {
      await d.runOnce();
      expect(await rowOf(pathwayId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('ECONNREFUSED') });
    } finally {
      await catcher.up();
    }
    clockOffsetMs = 1_000;
    await d.runOnce();
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(mailTo(to)).toHaveLength(1);
  });

  it('gives up after the last attempt, leaving the error and the count for a person to see', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    await planReminder(pathwayId, physicianAddress());
    catcher.refuse({ code: 550, stage: 'rcpt' });
    const d = dispatcher();
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      clockOffsetMs = attempt * 1_000;
      await d.runOnce();
    }
    expect(await rowOf(pathwayId)).toMatchObject({
      status: 'failed',
      attempts: 4,
      nextAttemptAt: null,
      lastError: expect.stringMatching(/^SMTP 550 at RCPT TO.*\(no more attempts after 4\)$/),
    });
  });

  it('retries a message the server refused at the end of data: it surely does not have it', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    catcher.refuse({ code: 554, stage: 'data' });
    const d = dispatcher();
    await d.runOnce();
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'failed', lastError: expect.stringContaining('SMTP 554') });
    expect((await rowOf(pathwayId)).nextAttemptAt).not.toBeNull();

    catcher.refuse(false);
    clockOffsetMs = 1_000;
    await d.runOnce();
    expect(mailTo(to)).toHaveLength(1);
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent' });
  });

  it('does not resend an e-mail whose answer never came after the end of data (outcome unknown)', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    catcher.stall('data');
    const d = dispatcher();
    const round = d.runOnce();
    await eventually(() => catcher.stalled(), (n) => n === 1, 'the catcher to hold the message');
    await catcher.down(); // the server has the message, the sender never hears so
    await round;
    await catcher.up();

    expect(mailTo(to)).toHaveLength(1);
    const row = await rowOf(pathwayId);
    expect(row).toMatchObject({ status: 'failed', nextAttemptAt: null });
    expect(row.lastError).toMatch(/^delivery outcome unknown: .* not sent again so that it is never sent twice/);
    clockOffsetMs = 60_000;
    await d.runOnce();
    expect(mailTo(to)).toHaveLength(1);
  });

  it('recovers a delivery whose worker died before the end of data, and sends it exactly once', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    catcher.stall('rcpt');
    // A worker of its own, with its own connections, that "dies" in the middle of the SMTP exchange:
    // its database goes away first (it records nothing more), then its SMTP connection.
    const itsDatabase = await createDataSource(db.url, { poolSize: 2 }).initialize();
    const dying = dispatcher({ leaseMs: 1_000, dataSource: itsDatabase });
    const round = dying.runOnce().catch(() => undefined);
    await eventually(() => catcher.stalled(), (n) => n === 1, 'the catcher to hold the transaction');
    await itsDatabase.destroy();
    await catcher.down();
    catcher.stall(null);
    await catcher.up();
    await round;
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sending', handedOverAt: null });

    // The next worker's rounds, as its loop would run them: nothing is sent while the lease holds; once
    // it has expired, a round recovers the row and sends it.
    const next = dispatcher();
    await eventually(
      async () => {
        await next.runOnce();
        return mailTo(to).length;
      },
      (n) => n >= 1,
      'a round after the lease expired to recover the row and send it',
    );
    expect(mailTo(to)).toHaveLength(1);
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(logs.some((line) => line.includes('delivery interrupted before the message was handed over'))).toBe(true);
  });

  it('leaves everything scheduled when delivery is off (no SMTP_URL)', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    await planReminder(pathwayId, physicianAddress());
    const off = dispatcher({ channels: null });
    off.start();
    await off.stop();
    expect(logs).toContain(
      '[reminders] delivery is OFF: SMTP_URL is not set. Reminders are still written to the outbox and stay "scheduled" (nothing is lost); they go out once a worker runs with SMTP_URL.',
    );
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'scheduled', attempts: 0 });
    await dispatcher().runOnce(); // and the next worker with SMTP delivers it
    expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent' });
  });

  it('runs in the background until stopped; once stop() resolves its loop has ended and claims nothing more', async () => {
    const pathwayId = await pathwayAwaitingThePhysician();
    const to = physicianAddress();
    await planReminder(pathwayId, to);
    const d = dispatcher({ env: { REMINDER_POLL_MS: '50' } });
    d.start();
    await eventually(() => mailTo(to).length, (n) => n === 1, 'the reminder to arrive');
    await d.stop();
    // stop() waits for the loop (up to its grace) and says so when the loop had not ended: it had.
    expect(logs).not.toContainEqual(expect.stringContaining('was still running after'));
    // A reminder due after the stop is left for the next worker: the stopped one never claims it.
    const later = await pathwayAwaitingThePhysician();
    const laterTo = physicianAddress();
    await planReminder(later, laterTo);
    await dispatcher().runOnce();
    expect(await rowOf(later)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(mailTo(laterTo)).toHaveLength(1);
  });

  it('sends to the secure-messaging webhook when configured for the role, with the idempotency key', async () => {
    const received: { headers: http.IncomingHttpHeaders; body: Record<string, unknown> }[] = [];
    let answer = 503;
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(body) as Record<string, unknown> });
        res.statusCode = answer;
        res.end(answer === 202 ? 'accepted' : 'gateway busy');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
      const email = new SmtpChannel({ url: catcher.url, from: 'Dispositif MAIA <rappels@maia.example>' });
      const d = dispatcher({ channels: new ChannelRouter({ email, webhook: new WebhookChannel({ url }) }, { physician: 'webhook' }) });
      const pathwayId = await pathwayAwaitingThePhysician();
      const to = physicianAddress();
      const { dedupeKey } = await planReminder(pathwayId, to);

      await d.runOnce();
      expect(await rowOf(pathwayId)).toMatchObject({ status: 'failed', channel: 'webhook', lastError: 'webhook answered 503: gateway busy' });
      answer = 202;
      clockOffsetMs = 1_000;
      await d.runOnce();

      expect(await rowOf(pathwayId)).toMatchObject({ status: 'sent', channel: 'webhook' });
      expect(received).toHaveLength(2);
      expect(received[1].headers['idempotency-key']).toBe(dedupeKey);
      expect(received[1].body).toMatchObject({ to, kind: 'planAcknowledgementDueReminder', recipientRole: 'physician', subject: expect.stringContaining('Jeanne Martin') });
      expect(mailTo(to)).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("sends the supervisor a daily digest of what became overdue, once", async () => {
    const territory = `T-${randomUUID().slice(0, 8)}`;
    const supervisor = `pilote.${territory.toLowerCase()}@maia.example`;
    await setTerritoryContact(db.dataSource, { territory, role: 'supervisor', name: 'Paul Girard', email: supervisor });
    const pathwayId = await pathwayAwaitingThePhysician({
      territory,
      summary: { stuck: [{ clock: 'assessmentDue', since: '2031-05-10T08:00:00.000Z', reason: 'assessment overdue' }] },
    });
    await db.dataSource.query(`INSERT INTO pathway_events (pathway_id, seq, at, type, actor, data) VALUES ($1, 1, now(), 'DEADLINE_PASSED', 'system', $2)`, [
      pathwayId,
      JSON.stringify({ clock: 'assessmentDue', dueAt: '2031-05-10T08:00:00.000Z', escalate: ['supervisor'] }),
    ]);
    // An hour after the next digest hour (07:00 Paris): the digest whose day holds the event just recorded,
    // whatever the time of day the test runs (a fixed 26 h ahead missed it when run between 05:00 and 07:00).
    const scheduler = new DigestScheduler(db.dataSource, { hour: 7, timeZone: 'Europe/Paris', log: () => undefined, graceMs: 0 });
    const nextDigest = latestDigestInstant(new Date(Date.now() + 24 * 3_600_000), 7, 'Europe/Paris');
    const after = new Date(nextDigest.getTime() + 3_600_000);
    expect(await scheduler.tick(after)).toBeGreaterThanOrEqual(1);
    await scheduler.tick(after);

    clockOffsetMs = after.getTime() - Date.now();
    await dispatcher().runOnce();
    await dispatcher().runOnce();

    const digests = mailTo(supervisor);
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toMatch(/^Récapitulatif MAIA T-.* : 1 échéance\(s\) dépassée\(s\) depuis le /);
    expect(digests[0].text).toContain('- Jeanne Martin : évaluation multidimensionnelle (date limite samedi 10 mai 2031) ; gestionnaire de cas : Julie Bernard ; toujours en retard');
    const [digest] = (await listSupervisorDigests(db.dataSource, { territory })).filter((row) => row.items.length);
    expect(digest).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
