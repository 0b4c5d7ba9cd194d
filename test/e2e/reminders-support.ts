// What the reminder suites share: a stack whose worker e-mails a real SMTP server (the infra/ catcher,
// started by the test so it can refuse mail, go down, or hold a delivery), a short plan-validation
// policy, a pathway walked to plan validation through the API, and a look at the outbox rows.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource, listReminders, ReminderRecord } from '@pathway/persistence';
import { startSmtpCatcher } from '../../infra/smtp-catcher.cjs';
import type { CaughtMessage, SmtpCatcher } from '../../infra/smtp-catcher.cjs';
import { eventuallyValue } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Api, awaitingAssignment, createCaseManager, expectStatus, isoAgo, people, referral } from './api-support';

export type { CaughtMessage, SmtpCatcher };

export interface ReminderStack {
  stack: Stack;
  api: Api;
  catcher: SmtpCatcher;
  db: DataSource;
  stop(): Promise<void>;
}

/**
 * The stack, a catcher, and a database connection to read the outbox. `policy` overrides the pathway
 * policy (PATHWAY_POLICY_FILE); the worker polls the outbox every 200 ms and retries after 0.5–2 s.
 */
export async function startReminderStack(options: { policy: Record<string, unknown>; env?: Record<string, string> }): Promise<ReminderStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reminders-e2e-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(options.policy));
  const catcher = await startSmtpCatcher({ port: 0, dir: path.join(dir, 'mail') });
  let stack: Stack | undefined;
  let db: DataSource | undefined;
  const stop = async () => {
    await db?.destroy().catch(() => undefined);
    await stack?.stop();
    await catcher.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    stack = await startStack({
      smtpUrl: catcher.url,
      env: {
        PATHWAY_POLICY_FILE: policyFile,
        SMTP_FROM: 'Dispositif MAIA <rappels@maia.example>',
        REMINDER_POLL_MS: '200',
        REMINDER_LEASE_MS: '3000',
        REMINDER_RETRY_INITIAL_MS: '500',
        REMINDER_RETRY_MAX_MS: '2000',
        ...options.env,
      },
    });
    db = await createDataSource(stack.databaseUrl, { poolSize: 2 }).initialize();
    return { stack, api: new Api(stack.apiUrl), catcher, db, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Polls until `predicate` holds (`@pathway/testing`); fails naming `what` and the last value seen. */
export function eventually<T>(probe: () => T | Promise<T>, predicate: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return eventuallyValue(probe, predicate, { timeoutMs, message: what });
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the dispatcher has nothing left to do now for this pathway: no row being sent, none due and
 * waiting for a round. After it, the mail caught is all the mail the rows written so far will give.
 */
export function settledOutbox(db: DataSource, pathwayId: string, what = 'the outbox to settle'): Promise<ReminderRecord[]> {
  const settled = (row: ReminderRecord) =>
    row.status !== 'sending' && !((row.status === 'scheduled' || row.status === 'failed') && row.nextAttemptAt !== null && row.nextAttemptAt.getTime() <= Date.now());
  return eventually(() => outbox(db, pathwayId), (rows) => rows.every(settled), what);
}

/**
 * Proof that the dispatcher has run a whole round since this call: a new pathway's assignment notice,
 * written after it, sent. A row a round would claim (again) is claimed by that round too, so after this
 * and settledOutbox nothing more can come of the rows written before.
 */
export async function aLaterRound(r: ReminderStack): Promise<void> {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(r.api, caseManagerId);
  const id = await awaitingAssignment(r.api, referral({ physicianEmail: uniquePhysician(), referredAt: isoAgo(10) }));
  expectStatus(await r.api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  await eventually(() => outbox(r.db, id, 'caseManagerAssigned'), (rows) => rows.some((row) => row.status === 'sent'), 'a later notice to be sent (a later dispatcher round)');
}

/** A physician address no other test uses, so each test reads only its own mail. */
export const uniquePhysician = () => `dr.${randomUUID().slice(0, 8)}@cabinet.example`;

export const mailTo = (catcher: SmtpCatcher, address: string): CaughtMessage[] => catcher.messages().filter((m) => m.to.includes(address));

export async function outbox(db: DataSource, pathwayId: string, kind?: string): Promise<ReminderRecord[]> {
  return (await listReminders(db, { pathwayId })).filter((r) => kind === undefined || r.kind === kind);
}

/** Referral → eligibility → assignment → consent → assessment; returns the pathway and its case manager. */
export async function inAssessmentFor(api: Api, physicianEmail: string): Promise<{ id: string; caseManagerId: string }> {
  const caseManagerId = `cm-${randomUUID().slice(0, 8)}`;
  await createCaseManager(api, caseManagerId);
  const referred = await api.post('/api/v1/pathways', people.intake, referral({ physicianEmail, referredAt: isoAgo(10) }));
  expectStatus(referred, 201);
  const id = referred.body.id as string;
  const cm = people.caseManager(caseManagerId);
  expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, cm, { given: true, at: isoAgo(5) }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assessments`, cm, { performedAt: isoAgo(4), mmse: 18, gir: 4, zarit: 35, summary: 'déclin modéré, risque de chute' }), 200);
  return { id, caseManagerId };
}

/** Records the plan: the physician is sent it at once (planToValidate), and reminded before the deadline. */
export async function recordPlan(api: Api, pathway: { id: string; caseManagerId: string }): Promise<void> {
  const cm = people.caseManager(pathway.caseManagerId);
  const plan = { services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] };
  expectStatus(await api.post(`/api/v1/pathways/${pathway.id}/plans`, cm, plan), 200);
}

/** Walks a new pathway to plan validation for this physician. */
export async function inPlanValidationFor(api: Api, physicianEmail: string): Promise<{ id: string; caseManagerId: string }> {
  const pathway = await inAssessmentFor(api, physicianEmail);
  await recordPlan(api, pathway);
  return pathway;
}
