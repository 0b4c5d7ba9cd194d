/**
 * Test support for workflow tests: the official time-skipping test server (a real Temporal server,
 * from infra/tools.cjs), the workflow bundle built once per file with the TS path aliases resolved,
 * and recording activities for tests that are about the workflow's own logic.
 */
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { ApplicationFailure, SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { Notification, PathwayEvent, PathwaySummary } from '@pathway/domain';
import { FailureTypes } from '../messages';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { PATHWAY_SEARCH_ATTRIBUTES } from '../search-attributes';
import type { CaseloadReservation, OpenPathwayResult, PathwayActivities, PathwayProjection } from '../activities';

const tools = require('../../../../infra/tools.cjs') as { temporalTestServerPath(): string };

const ROOT = path.resolve(__dirname, '../../../..');

// Worker state changes at INFO drown the test output; warnings and errors still show.
Runtime.install({ logger: new DefaultLogger('WARN') });

/**
 * The production data converter (apps/worker/src/main.ts) with the local development key: payloads and
 * failure messages are encrypted in test histories as in production ones, so the histories recorded here
 * replay through the codec exactly as a production history would.
 */
export const testDataConverter = {
  payloadCodecs: [AesGcmPayloadCodec.fromEnv({})],
  failureConverterPath: path.join(ROOT, 'libs/workflows/src/failure-converter.ts'),
};

export async function startTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: tools.temporalTestServerPath() } },
    client: { dataConverter: testDataConverter },
  });
  // The test server knows only the standard search attributes: register ours, as the dev server does at start.
  const indexed: Record<string, temporal.api.enums.v1.IndexedValueType> = {
    [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
    [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
    [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(PATHWAY_SEARCH_ATTRIBUTES.map((key) => [key.name, indexed[key.type]])),
  });
  return env;
}

const quiet = (): void => undefined;

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: path.join(ROOT, 'libs/workflows/src/workflows.ts'),
    failureConverterPath: testDataConverter.failureConverterPath,
    webpackConfigHook: (config) => {
      config.resolve = config.resolve ?? {};
      config.resolve.alias = { ...(config.resolve.alias as object), '@pathway/domain': path.join(ROOT, 'libs/domain/src/index.ts') };
      return config;
    },
    // The bundler reports its progress at every level: only errors are worth a test's output.
    logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } as never,
  });
  return bundle;
}

/** In-memory stand-ins for the database and the outbox, recording what the workflow handed over. */
export class RecordingActivities {
  events: PathwayEvent[] = [];
  /** Every event as handed over, duplicates included (`events` keeps one per seq): for exactly-once checks. */
  received: PathwayEvent[] = [];
  /** How many times each activity was called, failed attempts included. */
  calls: Partial<Record<keyof PathwayActivities, number>> = {};
  /** As the workflow writes them: its projection always carries the pathway's summary. */
  projections: (PathwayProjection & { summary: PathwaySummary })[] = [];
  notifications: Notification[] = [];
  /**
   * "This pathway is now yours" notices to an assigned case manager (kind caseManagerAssigned, issue 6),
   * kept apart from `notifications`: the deadline table's "sends nothing" checks are about reminders
   * and escalations, which an assignment does not change.
   */
  assignmentNotices: Notification[] = [];
  cancelled: string[] = [];
  /** The outbox keys withdrawn one by one (a visit moved or settled), apart from the closures of `cancelled`. */
  withdrawn: string[] = [];
  openPatients = new Map<string, string>();
  caseloads = new Map<string, { capacity: number; pathways: Set<string> }>();
  failures: Partial<Record<keyof PathwayActivities, number>> = {};
  /**
   * A value the database refuses for good: a write whose input contains it fails as the worker's
   * classifier makes PostgreSQL's data errors fail (apps/worker/src/database-failures.ts): non-retryable
   * DatabaseRefused with SQLSTATE 22P02, nothing written.
   */
  refuseValue?: string;

  addCaseManager(id: string, capacity = 40, active = 0): void {
    const pathways = new Set<string>();
    for (let i = 0; i < active; i++) pathways.add(`other-${i}`);
    this.caseloads.set(id, { capacity, pathways });
  }

  private maybeFail(name: keyof PathwayActivities, input?: unknown): void {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
    if (this.refuseValue && input !== undefined && JSON.stringify(input).includes(this.refuseValue)) {
      throw ApplicationFailure.create({
        type: FailureTypes.DATABASE_REFUSED,
        message: `${name}: the database refused the write (SQLSTATE 22P02)`,
        details: [{ code: '22P02' }],
        nonRetryable: true,
      });
    }
    if ((this.failures[name] ?? 0) > 0) {
      this.failures[name]! -= 1;
      throw new Error(`${name} failed on purpose`);
    }
  }

  activities(): PathwayActivities {
    return {
      openPathwayRecord: async ({ pathwayId, referral, events, projection }): Promise<OpenPathwayResult> => {
        this.maybeFail('openPathwayRecord', { referral, events });
        const key = `${referral.patient.territory}/${referral.patient.externalId}`;
        const open = this.openPatients.get(key);
        if (open && open !== pathwayId) return { status: 'DUPLICATE', openPathwayId: open };
        this.openPatients.set(key, pathwayId);
        this.record(events, projection);
        return { status: 'OPENED' };
      },
      recordPathwayEvents: async ({ pathwayId, events, projection }) => {
        this.maybeFail('recordPathwayEvents', events);
        this.record(events, projection);
        // A closed pathway no longer counts as the patient's open one: a new referral may open another.
        if (projection.stage === 'CLOSED') {
          for (const [patient, open] of this.openPatients) if (open === pathwayId) this.openPatients.delete(patient);
        }
      },
      enqueueNotifications: async ({ notifications }) => {
        this.maybeFail('enqueueNotifications');
        for (const n of notifications) {
          const list = n.kind === 'caseManagerAssigned' ? this.assignmentNotices : this.notifications;
          if (!list.some((x) => x.dedupeKey === n.dedupeKey)) list.push(n);
        }
      },
      cancelPendingReminders: async ({ pathwayId, dedupeKeys }) => {
        this.maybeFail('cancelPendingReminders');
        if (dedupeKeys) this.withdrawn.push(...dedupeKeys.filter((k) => !this.withdrawn.includes(k)));
        else this.cancelled.push(pathwayId);
      },
      reserveCaseloadSlot: async ({ caseManagerId, pathwayId }): Promise<CaseloadReservation> => {
        this.maybeFail('reserveCaseloadSlot');
        const load = this.caseloads.get(caseManagerId);
        if (!load) return { status: 'UNKNOWN_CASE_MANAGER' };
        if (!load.pathways.has(pathwayId) && load.pathways.size >= load.capacity) {
          return { status: 'AT_CAPACITY', active: load.pathways.size, capacity: load.capacity };
        }
        for (const other of this.caseloads.values()) other.pathways.delete(pathwayId);
        load.pathways.add(pathwayId);
        return { status: 'RESERVED' };
      },
      releaseCaseloadSlot: async ({ pathwayId }) => {
        this.maybeFail('releaseCaseloadSlot');
        for (const load of this.caseloads.values()) load.pathways.delete(pathwayId);
      },
    };
  }

  private record(events: PathwayEvent[], projection: PathwayProjection): void {
    this.received.push(...events);
    for (const e of events) if (!this.events.some((x) => x.seq === e.seq)) this.events.push(e);
    this.events.sort((a, b) => a.seq - b.seq);
    this.projections.push(projection as PathwayProjection & { summary: PathwaySummary });
  }

  eventTypes(): string[] {
    return this.events.map((e) => e.type);
  }

  /** Notifications of one kind (e.g. `planDueReminder`, `planDueOverdue`), in the order they were enqueued. */
  sent(kind: Notification['kind']): Notification[] {
    return this.notifications.filter((n) => n.kind === kind);
  }

  /** Notifications about one deadline: its reminders and its escalations. */
  about(clock: string): Notification[] {
    const kinds = [`${clock}Reminder`, `${clock}Overdue`, ...(clock === 'reassessmentDue' ? ['reassessmentVisit'] : [])];
    return this.notifications.filter((n) => kinds.includes(n.kind));
  }
}

export async function createTestWorker(env: TestWorkflowEnvironment, activities: PathwayActivities, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    dataConverter: testDataConverter,
  });
}
