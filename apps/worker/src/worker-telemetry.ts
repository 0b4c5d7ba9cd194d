/**
 * The worker's side of metrics and traces that Temporal's SDK provides: its Runtime's Prometheus exporter
 * (workflow and activity task latencies, failures, poller and cache figures) and the OpenTelemetry
 * interceptors of activities (the workflow sandbox's spans: workflowSpanSinks, @pathway/telemetry).
 */
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import { ActivityInterceptorsFactory, Runtime } from '@temporalio/worker';
import type { Tracing } from '@pathway/telemetry';

/**
 * The SDK's metrics on their own listener (GET /metrics at `bindAddress`), durations in seconds. Before
 * the first connection: the Runtime is a process-wide singleton, created on first use otherwise.
 */
export function installTemporalRuntime(bindAddress: string | undefined): void {
  if (!bindAddress) return;
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress, useSecondsForDurations: true } } } });
}

/** While tracing is on, each activity runs in a span that continues the workflow's trace (its headers). */
export function tracingActivityInterceptors(tracing: Tracing | undefined): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}
