/**
 * The worker's side of metrics and traces that Temporal's SDK provides: its Runtime's Prometheus exporter
 * (workflow and activity task latencies, failures, poller and cache figures) and the OpenTelemetry
 * interceptors of activities and of the workflow sandbox.
 */
import { makeWorkflowExporter, OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor, OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import { ActivityInterceptorsFactory, InjectedSinks, Runtime } from '@temporalio/worker';
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

/**
 * The workflow bundle always carries the OpenTelemetry workflow interceptors (infra/workflow-bundle.cjs),
 * whose spans leave the sandbox through the `exporter` sink: to the OTLP exporter while tracing is on,
 * dropped otherwise (a sink must exist, or every workflow task logs an unregistered-sink error).
 */
export function tracingSinks(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined } } };
}
