/**
 * The sink the workflow bundle's OpenTelemetry interceptors export their spans through (they are always
 * in the bundle: infra/workflow-bundle.cjs). Every worker running that bundle registers it, the tests'
 * included: without it, each workflow task logs an unregistered-sink error.
 */
import { makeWorkflowExporter, OpenTelemetrySinks } from '@temporalio/interceptors-opentelemetry';
import type { InjectedSinks } from '@temporalio/worker';
import type { Tracing } from './tracing';

/** To the OTLP exporter while tracing is on; dropped otherwise. */
export function workflowSpanSinks(tracing?: Tracing): InjectedSinks<OpenTelemetrySinks> {
  if (tracing) return { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return { exporter: { export: { fn: () => undefined } } };
}
