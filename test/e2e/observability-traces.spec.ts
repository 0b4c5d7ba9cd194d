// Traces of README "Operating it": with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an OTLP/HTTP receiver the
// test runs, one step's trace goes from the API's request span through the Temporal client's Update span
// to the workflow's Update handler and the activity that writes the step, all under one trace id, and no
// span carries the patient's name.
import { eventually, eventuallyValue } from '@pathway/testing';
import { OtlpReceiver, ReceivedSpan, startOtlpReceiver } from '../support/otlp-receiver';
import { getHeapStatistics } from 'node:v8';
import { startStack, Stack } from '../support/stack';
import { ALL_CRITERIA, Api, expectStatus, people, referral } from './api-support';

let receiver: OtlpReceiver;
let stack: Stack;
let api: Api;
const PATIENT = { firstName: 'Hortense', lastName: 'Vauquelin-Traces' };

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  stack = await startStack({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
});

/** The span ids above `span`, nearest first. */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): string[] {
  const above: string[] = [];
  for (let parent = span.parentSpanId; parent && !above.includes(parent); parent = spans.find((s) => s.spanId === parent)?.parentSpanId) above.push(parent);
  return above;
}

describe('one step, one trace', () => {
  it('the API span, the workflow Update handler and the activity share the trace id; no span names the patient', async () => {
    // Traces exported: the worker runs the bundle with the OpenTelemetry workflow interceptors.
    // The stack is up once the API answers; the worker may log its start-up line a moment later.
    const start = await eventuallyValue(
      () => stack.logs.worker
        .flatMap((line) => { try { return [JSON.parse(line) as { workflowBundle?: string; maxCachedWorkflows?: number }]; } catch { return []; } })
        .find((l) => l.workflowBundle),
      (line) => line !== undefined,
      { timeoutMs: 30_000, message: "the worker's start-up line" },
    );
    expect(start?.workflowBundle).toBe('workflows-traced.js');
    // And caches no more than its heap holds at ~2.7 MB per traced workflow (the SDK's default would not).
    expect((start?.maxCachedWorkflows ?? Infinity) * 2.7 + 500).toBeLessThanOrEqual(getHeapStatistics().heap_size_limit / 2 ** 20);
    const body = referral();
    body.patient = { ...body.patient, ...PATIENT };
    const referred = await api.post('/api/v1/pathways', people.intake, body);
    expectStatus(referred, 201);
    const pathwayId = referred.body.id as string;
    expectStatus(await api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);

    const trace = await eventually(
      () => {
        const spans = receiver.spans();
        const request = spans.find((s) => s.service === 'care-pathways-api' && s.name === 'POST /api/v1/pathways/:id/eligibility' && s.attributes['pathway.id'] === pathwayId);
        expect(request).toBeDefined();
        const inTrace = spans.filter((s) => s.traceId === request?.traceId);
        const named = (service: string, prefix: string) => inTrace.find((s) => s.service === service && s.name.startsWith(prefix));
        const found = {
          request: request as ReceivedSpan,
          update: named('care-pathways-api', 'StartWorkflowUpdate:decideEligibility'),
          handler: named('care-pathways-worker', 'HandleUpdate:decideEligibility'),
          activity: named('care-pathways-worker', 'RunActivity:'),
        };
        expect(Object.entries(found).filter(([, span]) => !span).map(([part]) => part)).toEqual([]);
        return found as Record<keyof typeof found, ReceivedSpan>;
      },
      { timeoutMs: 30_000, intervalMs: 250, message: "the eligibility step's API, Update, handler and activity spans in one trace" },
    );
    expect(new Set(Object.values(trace).map((s) => s.traceId)).size).toBe(1);
    // The Temporal spans name the workflow by its id (pathway-<id>), which is what a trace search uses.
    expect(trace.update.attributes.temporalWorkflowId).toBe(`pathway-${pathwayId}`);
    // The Update span is the request's child; the handler descends from it, the activity from the handler.
    expect(trace.update.parentSpanId).toBe(trace.request.spanId);
    const spans = receiver.spans();
    expect(ancestry(trace.handler, spans)).toContain(trace.update.spanId);
    expect(ancestry(trace.activity, spans)).toContain(trace.handler.spanId);

    const everything = JSON.stringify(receiver.spans().map((s) => s.raw));
    expect(everything).not.toContain(PATIENT.firstName);
    expect(everything).not.toContain(PATIENT.lastName);
  });
});
