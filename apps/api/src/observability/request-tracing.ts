/**
 * One server span per request, active while the request is handled, so the Temporal client's spans
 * (StartWorkflowUpdate:<step>, UpdateWithStartWorkflow:referralRecorded) and, through the headers they
 * carry, the workflow's and the activities' spans are its children: one trace from the API to the
 * database write. Installed only while tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT). Attributes: method,
 * route template, status, request id and pathway id; never a body, a query string or a name.
 */
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import type { AuditedRequest } from '../common/audit/audit-context';

const HEALTH = /^\/health(\/|$)/;

/** After the body parsers: their callbacks run outside the request's async context, so the span is made active after them. */
export function traceRequests() {
  const tracer = trace.getTracer('care-pathways-api');
  return (req: Request, res: Response, next: NextFunction): void => {
    // Probes (a load balancer's, Kubernetes') would be most of the traces and tell nothing.
    if (HEALTH.test(req.path)) return next();
    const span = tracer.startSpan(`${req.method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } });
    // 'close' comes after 'finish', and also when the client went away before the answer.
    res.once('close', () => {
      const template = (req as Request & { route?: { path?: unknown } }).route?.path;
      if (typeof template === 'string') {
        span.updateName(`${req.method} ${template}`);
        span.setAttribute('http.route', template);
        if (template.startsWith('/api/v1/pathways/:id') && typeof req.params?.id === 'string') span.setAttribute('pathway.id', req.params.id);
      }
      const requestId = (req as AuditedRequest).audit?.requestId;
      if (requestId) span.setAttribute('request.id', requestId);
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(context.active(), span), next);
  };
}
