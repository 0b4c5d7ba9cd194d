/**
 * What a database failure looks like when it leaves an activity, against a real PostgreSQL (connected as
 * the app's role care_app): a value PostgreSQL refuses (a lone surrogate in JSON, a CHECK the test adds
 * that the validators know nothing of) is a non-retryable DatabaseRefused carrying the SQLSTATE and none
 * of the statement's parameters (the patient's name, birth date, externalId); other database errors stay
 * retryable; a refused step's write is on the supervisors' record at once, a refused referral's is not.
 */
import { inspect } from 'node:util';
import { randomUUID } from 'node:crypto';
import { MockActivityEnvironment } from '@temporalio/testing';
import { ApplicationFailure } from '@temporalio/common';
import { DefaultLogger } from '@temporalio/worker';
import type { PathwayEvent, ReferralInput } from '@pathway/domain';
import type { PathwayProjection } from '@pathway/workflows';
import { listActivityFailures } from '@pathway/persistence';
import { startPostgresForTests, TestDatabase } from '../../../libs/persistence/src/testing/test-database';
import { activityFailureRecorder } from './activity-failures';
import { databaseFailure, databaseFailureInterceptor } from './database-failures';
import { createPathwayActivities } from './pathway-activities';

let db: TestDatabase;
beforeAll(async () => {
  db = await startPostgresForTests({ migrate: true });
}, 120_000);
afterAll(() => db?.stop());

const quiet = new DefaultLogger('ERROR');

function environment(activityType: string, pathwayId: string) {
  return new MockActivityEnvironment(
    {
      activityType,
      attempt: 1,
      workflowExecution: { workflowId: `pathway-${pathwayId}`, runId: randomUUID() },
      scheduledTimestampMs: Date.now(),
      retryPolicy: { maximumAttempts: 5, initialInterval: 1000 },
    },
    // As the worker orders them: the recorder outermost, the classifier innermost.
    { interceptors: [activityFailureRecorder({ db: db.dataSource, threshold: 5 }), databaseFailureInterceptor()], logger: quiet },
  );
}

const PATIENT = { firstName: 'Jeanne', lastName: 'Vauquelin', birthDate: '1941-03-12' };

function referral(overrides: Partial<ReferralInput['patient']> = {}): ReferralInput {
  return {
    patient: { externalId: `EXT-${randomUUID().slice(0, 8)}`, territory: 'T75-EST', ...PATIENT, ...overrides },
    referral: { source: 'Dr Durand', referredAt: '2026-11-20T09:00:00Z' },
    physician: { name: 'Dr Durand', email: 'durand@cabinet.example' },
  } as ReferralInput;
}

function projection(version: number, summary: Record<string, unknown> = {}): PathwayProjection {
  return { stage: 'REFERRED', territory: 'T75-EST', flags: [], lastEventAt: '2026-11-20T09:00:00Z', summary: summary as never, version };
}

function event(seq: number, data: Record<string, unknown>): PathwayEvent {
  return { seq, at: '2026-11-20T09:00:00Z', type: 'CONTACT_LOGGED', actor: 'cm-1', data } as PathwayEvent;
}

/** Everything the worker could log or keep of a failure: its message, stack, fields, details. */
function allOf(err: unknown): string {
  return `${inspect(err, { depth: 10 })} ${JSON.stringify(err)} ${(err as Error).stack ?? ''}`;
}

async function failureOf(work: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  return err as ApplicationFailure;
}

describe('a write PostgreSQL refuses', () => {
  const activities = () => createPathwayActivities(db.dataSource);

  it('a referral with a lone surrogate: non-retryable DatabaseRefused 22P02, no patient data, not put on the stuck list', async () => {
    const pathwayId = randomUUID();
    const input = referral({ firstName: '\ud800Jeanne' });
    const failure = await failureOf(
      environment('openPathwayRecord', pathwayId).run(activities().openPathwayRecord, {
        pathwayId,
        referral: input,
        events: [],
        projection: projection(1, { patient: input.patient }),
      }),
    );
    expect(failure.type).toBe('DatabaseRefused');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.details).toEqual([{ code: '22P02' }]);
    expect(failure.message).toBe('openPathwayRecord: the database refused the write (SQLSTATE 22P02)');
    expect(failure.cause).toBeUndefined();
    const everything = allOf(failure);
    for (const secret of [PATIENT.lastName, 'Jeanne', PATIENT.birthDate, input.patient.externalId]) expect(everything).not.toContain(secret);
    // Answered to the caller, and the workflow ends: nothing for a supervisor to chase.
    expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
    const { rowCount } = await db.dataSource.query(`SELECT 1 FROM pathways WHERE id = $1`, [pathwayId]).then((rows: unknown[]) => ({ rowCount: rows.length }));
    expect(rowCount).toBe(0);
  });

  it('a step refused by a CHECK the validators do not know: DatabaseRefused 23514 naming the constraint, on record at once, cleared by the next write', async () => {
    const pathwayId = randomUUID();
    const input = referral();
    await environment('openPathwayRecord', pathwayId).run(activities().openPathwayRecord, { pathwayId, referral: input, events: [], projection: projection(1) });
    // Installed as the owner: the app's role may not change the schema.
    await db.owner.query(`ALTER TABLE pathway_events ADD CONSTRAINT test_refuse_marker CHECK (data::text NOT LIKE '%REFUSE-ME%')`);
    try {
      const failure = await failureOf(
        environment('recordPathwayEvents', pathwayId).run(activities().recordPathwayEvents, {
          pathwayId,
          events: [event(2, { note: `${PATIENT.lastName} says REFUSE-ME` })],
          projection: projection(2),
        }),
      );
      expect(failure.type).toBe('DatabaseRefused');
      expect(failure.nonRetryable).toBe(true);
      expect(failure.details).toEqual([{ code: '23514' }]);
      expect(failure.message).toBe('recordPathwayEvents: the database refused the write (SQLSTATE 23514, constraint test_refuse_marker, table pathway_events)');
      expect(allOf(failure)).not.toContain(PATIENT.lastName);
      expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([
        expect.objectContaining({ activityType: 'recordPathwayEvents', attempts: 1, lastError: `ApplicationFailure: ${failure.message}` }),
      ]);

      await environment('recordPathwayEvents', pathwayId).run(activities().recordPathwayEvents, {
        pathwayId,
        events: [event(2, { note: 'a call' })],
        projection: projection(2),
      });
      expect(await listActivityFailures(db.dataSource, { pathwayId })).toEqual([]);
    } finally {
      await db.owner.query(`ALTER TABLE pathway_events DROP CONSTRAINT test_refuse_marker`);
    }
  });

  it('any other database error stays retryable, with the SQLSTATE and nothing else', () => {
    const serialization = Object.assign(new Error(`could not serialize access; key (last_name)=(${PATIENT.lastName})`), { code: '40001', severity: 'ERROR', parameters: [PATIENT.lastName] });
    const failure = databaseFailure('recordPathwayEvents', serialization) as ApplicationFailure;
    expect(failure).toMatchObject({ type: 'DatabaseError', nonRetryable: false, details: [{ code: '40001' }] });
    expect(allOf(failure)).not.toContain(PATIENT.lastName);
    // Not a database error (no SQLSTATE): left as it is.
    expect(databaseFailure('recordPathwayEvents', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBeUndefined();
    expect(databaseFailure('recordPathwayEvents', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBeUndefined();
  });
});
