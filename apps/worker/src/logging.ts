/**
 * The worker's logs, through pino (@pathway/config createLogger): the Temporal SDK's own (its Runtime
 * logger, native core lines forwarded to it rather than printed), and one line per activity execution
 * with the activity and workflow names, the workflow id and pathway, the attempt, the duration and the
 * outcome. Never the activity's arguments or result: they carry the patients' data.
 */
import type { Context as ActivityContext } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure, LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import type { Logger } from '@pathway/config';
import { pathwayIdOfWorkflow } from './activity-failures';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** A workflow's start and end, which the SDK logs at debug (not during replay): an operator's events, so info. */
const WORKFLOW_EVENTS = new Set(['Workflow started', 'Workflow completed', 'Workflow completed as cancelled', 'Workflow continued as new']);

/** The SDK's logger interface over pino; an `error` in the metadata is serialized as pino's `err`. */
export function temporalLoggerOf(logger: Logger): TemporalLogger {
  const log = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const { error, ...rest } = meta ?? {};
    const effective = level === 'DEBUG' && WORKFLOW_EVENTS.has(message) ? 'info' : LEVELS[level];
    logger[effective]({ component: 'temporal', ...rest, ...(error !== undefined ? { err: error } : {}) }, message);
  };
  return {
    log,
    trace: (message, meta) => log('TRACE', message, meta),
    debug: (message, meta) => log('DEBUG', message, meta),
    info: (message, meta) => log('INFO', message, meta),
    warn: (message, meta) => log('WARN', message, meta),
    error: (message, meta) => log('ERROR', message, meta),
  };
}

/** What an activity failure was, without its message: a type (ApplicationFailure) or the error's name. */
function errorTypeOf(err: unknown): string {
  if (err instanceof ApplicationFailure && err.type) return err.type;
  return err instanceof Error ? err.name : typeof err;
}

class ActivityLog implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly ctx: ActivityContext,
    private readonly logger: Logger,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const info = this.ctx.info;
    const workflowId = info.workflowExecution?.workflowId;
    const pathwayId = pathwayIdOfWorkflow(workflowId);
    const fields = { activityType: info.activityType, workflowType: info.workflowType, workflowId, ...(pathwayId ? { pathwayId } : {}), attempt: info.attempt };
    const began = process.hrtime.bigint();
    const durationMs = () => Number((process.hrtime.bigint() - began) / 1000n) / 1000;
    try {
      const result = await next(input);
      this.logger.info({ ...fields, durationMs: durationMs(), outcome: 'completed' }, 'activity');
      return result;
    } catch (err) {
      const cancelled = err instanceof CancelledFailure;
      const level = cancelled ? 'info' : 'warn';
      this.logger[level]({ ...fields, durationMs: durationMs(), outcome: cancelled ? 'cancelled' : 'failed', ...(cancelled ? {} : { errorType: errorTypeOf(err) }) }, 'activity');
      throw err;
    }
  }
}

export function activityLog(logger: Logger): ActivityInterceptorsFactory {
  return (ctx) => ({ inbound: new ActivityLog(ctx, logger) });
}

/**
 * For the parts that log a sentence (`(line) => void`: the reminder dispatcher, the waiting list): each
 * line one event, its `[component]` prefix a field.
 */
export function lineLogger(logger: Logger, component: string): (line: string) => void {
  return (line) => logger.info({ component }, line.replace(/^\[[\w-]+\] /, ''));
}
