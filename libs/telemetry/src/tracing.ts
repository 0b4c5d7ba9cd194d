/**
 * Traces over OTLP/HTTP (JSON) when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is installed and
 * the global tracer stays OpenTelemetry's no-op one. One provider per process, registered globally with
 * the AsyncLocalStorage context manager and W3C trace-context propagation, so the Temporal interceptors
 * (client, activity) and the API's request span see the same active span.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export interface Tracing {
  resource: Resource;
  /** Also what the worker hands the workflow sandbox's spans to (its `exporter` sink). */
  spanProcessor: SpanProcessor;
  /** Exports what is buffered, then stops. */
  shutdown(): Promise<void>;
}

export function startTracing(serviceName: string, otlpEndpoint: string | undefined): Tracing | undefined {
  if (!otlpEndpoint) return undefined;
  const resource = new Resource({ 'service.name': serviceName });
  const exporter = new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/+$/, '')}/v1/traces` });
  // Exported every second in batches: a span costs the request nothing but a buffer slot.
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  return { resource, spanProcessor, shutdown: () => provider.shutdown() };
}
