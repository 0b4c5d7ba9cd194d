/**
 * What leaves an activity when PostgreSQL fails it: the activity, the SQLSTATE and schema names
 * (constraint, table, column), never the statement's parameters nor the server's message.
 *
 * TypeORM's QueryFailedError carries the SQL and its parameters (a patient's name, birth date,
 * externalId), and PostgreSQL's own message and detail may quote the refused value ("invalid input
 * syntax for type json", "Key (external_id)=(…)"). Thrown as is, Temporal logs all of it at every retry
 * and keeps it in the failure, and activity_failures.last_error stores its message. So every activity
 * runs through this interceptor (innermost: the failure recorder and the SDK's log see only its answer),
 * which replaces a database error by an ApplicationFailure:
 *
 * - SQLSTATE class 22 (data exception: 22P02 invalid text, 22008 date out of range, 22021 bad
 *   encoding…) or 23 (integrity constraint: 23514 check, 23502 not null…): the same write fails the
 *   same way whatever the retry, so it is non-retryable (type DatabaseRefused): Temporal stops retrying
 *   and the workflow decides (libs/workflows pathway.workflow.ts, DURABLE_STEPS);
 * - any other SQLSTATE (connection lost, serialization failure, deadlock, the server shutting down…):
 *   retryable (type DatabaseError), as before.
 *
 * Other errors (a connection refused, an injected test fault) pass unchanged: they hold no row data.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@pathway/workflows';

export const DATABASE_ERROR = 'DatabaseError';

/** SQLSTATE classes whose errors no retry can cure: data exceptions and integrity constraint violations. */
const REFUSED_CLASSES = ['22', '23'];

interface PgErrorFields {
  code?: unknown;
  severity?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  driverError?: PgErrorFields;
}

/**
 * The SQLSTATE of a PostgreSQL error (pg's DatabaseError, or TypeORM's QueryFailedError around it): a
 * server's answer has a severity, which tells it from a Node system error with a five-letter code (EPIPE).
 */
export function sqlStateOf(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const fields = (err as PgErrorFields).driverError ?? (err as PgErrorFields);
  const { code, severity } = fields;
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** The failure an activity answers instead of a database error; undefined when `err` is not one. */
export function databaseFailure(activityType: string, err: unknown): ApplicationFailure | undefined {
  const code = sqlStateOf(err);
  if (!code) return undefined;
  const fields = ((err as PgErrorFields).driverError ?? err) as PgErrorFields;
  // Schema names only: they say where, never what.
  const where = (['constraint', 'table', 'column'] as const)
    .filter((k) => typeof fields[k] === 'string' && fields[k])
    .map((k) => `${k} ${String(fields[k])}`);
  const refused = REFUSED_CLASSES.includes(code.slice(0, 2));
  const suffix = where.length ? `, ${where.join(', ')}` : '';
  return ApplicationFailure.create({
    type: refused ? FailureTypes.DATABASE_REFUSED : DATABASE_ERROR,
    message: refused
      ? `${activityType}: the database refused the write (SQLSTATE ${code}${suffix})`
      : `${activityType}: database error (SQLSTATE ${code}${suffix})`,
    details: [{ code }],
    nonRetryable: refused,
  });
}

export function databaseFailureInterceptor(): ActivityInterceptorsFactory {
  return (ctx) => ({
    inbound: {
      async execute(input, next) {
        try {
          return await next(input);
        } catch (err) {
          // Not chained as its cause: the cause is exactly what must not travel.
          throw databaseFailure(ctx.info.activityType, err) ?? err;
        }
      },
    },
  });
}
