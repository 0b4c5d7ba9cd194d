/**
 * The worker's side of metrics and traces that Temporal's SDK provides: its Runtime's Prometheus exporter
 * (workflow and activity task latencies, failures, poller and cache figures) and the OpenTelemetry
 * interceptors of activities (the workflow sandbox's spans: workflowSpanSinks, @pathway/telemetry).
 */
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import { ActivityInterceptorsFactory, Runtime } from '@temporalio/worker';
import type { Logger } from '@pathway/config';
import type { Tracing } from '@pathway/telemetry';
import { temporalLoggerOf } from './logging';

/**
 * The SDK's Runtime, installed once before the first connection (it is a process-wide singleton, created
 * on first use otherwise, and refuses a second install): its logger is ours (native core lines forwarded
 * to it rather than printed), and its metrics, when `metricsAddress` is set, are served on their own
 * listener (GET /metrics there), durations in seconds.
 */
export function installTemporalRuntime(logger: Logger, metricsAddress: string | undefined): void {
  Runtime.install({
    logger: temporalLoggerOf(logger),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(metricsAddress ? { metrics: { prometheus: { bindAddress: metricsAddress, useSecondsForDurations: true } } } : {}),
    },
  });
}

/** While tracing is on, each activity runs in a span that continues the workflow's trace (its headers). */
export function tracingActivityInterceptors(tracing: Tracing | undefined): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}
