// The metrics of README "Operating it", scraped by a real Prometheus server (Debian's, installed once by
// infra/prometheus.cjs) from the API's, the worker's and the Temporal SDK's /metrics, and read back through
// Prometheus's HTTP API as a dashboard or an alert would. On a short policy (the assessment is due 10 s
// after the assignment, its reminder 5 s before) and with no SMTP server (the outbox keeps its reminders),
// one pathway walked to assessment makes every figure move: steps accepted and rejected, a waiting
// reminder that ages, a stuck pathway, the requests by route template.
import { freePort } from '../../infra/ports.cjs';
import { eventually } from '@pathway/testing';
import { Prometheus, startPrometheus } from '../support/prometheus';
import { ALL_CRITERIA, createCaseManager, expectStatus, inAssessment, people, TERRITORY } from './api-support';
import { startSupervisionStack, SupervisionStack } from './supervision-support';

let s: SupervisionStack;
let prometheus: Prometheus;
let pathwayId = '';

beforeAll(async () => {
  const [api, worker, sdk] = [await freePort(), await freePort(), await freePort()].map((port) => `127.0.0.1:${port}`);
  s = await startSupervisionStack(
    { assessmentDue: 'PT10S', assessmentDueReminderBefore: 'PT5S' },
    { METRICS_ADDRESS: api, WORKER_METRICS_ADDRESS: worker, WORKER_TEMPORAL_METRICS_ADDRESS: sdk },
  );
  prometheus = await startPrometheus({ api, worker, temporal_sdk: sdk });
  await createCaseManager(s.api, 'cm-metrics');
  pathwayId = await inAssessment(s.api, 'cm-metrics');
  // A step the workflow refuses: eligibility is decided already.
  expectStatus(await s.api.post(`/api/v1/pathways/${pathwayId}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 409);
}, 180_000);
afterAll(async () => {
  await prometheus?.stop();
  await s?.stop();
});

/** The single value of an instant query, once Prometheus has it and `done` holds. */
async function valueOf(promql: string, done: (value: number) => boolean, what: string, timeoutMs = 30_000): Promise<number> {
  return eventually(
    async () => {
      const samples = await prometheus.query(promql);
      expect(samples).toHaveLength(1);
      const [{ value }] = samples;
      if (!done(value)) throw new Error(`${promql} = ${value}`);
      return value;
    },
    { timeoutMs, intervalMs: 500, message: what },
  );
}

describe('Prometheus scrapes the three endpoints', () => {
  it('every target is up', async () => {
    for (const job of ['api', 'worker', 'temporal_sdk']) await valueOf(`up{job="${job}"}`, (v) => v === 1, `the ${job} target up`);
  });
});

describe('the API', () => {
  it('counts steps by type and outcome, a refusal with its code', async () => {
    await valueOf('sum(care_pathways_steps_total{type="decideEligibility",outcome="accepted"})', (v) => v >= 1, 'an accepted eligibility step');
    await valueOf('sum(care_pathways_steps_total{type="referral",outcome="accepted"})', (v) => v >= 1, 'an accepted referral');
    await valueOf('sum(care_pathways_steps_total{type="recordConsent",outcome="accepted"})', (v) => v >= 1, 'an accepted consent');
    await valueOf(
      'sum(care_pathways_steps_total{type="decideEligibility",outcome="rejected",code="step_not_allowed"})',
      (v) => v >= 1,
      'the refused second eligibility decision',
    );
  });

  it('times requests by route template and status, never by raw URL', async () => {
    await valueOf(
      'sum(care_pathways_http_request_duration_seconds_count{method="POST",route="/api/v1/pathways/:id/eligibility",status="200"})',
      (v) => v >= 1,
      'the eligibility request in the histogram',
    );
    await valueOf(
      'histogram_quantile(0.95, sum by (le) (care_pathways_http_request_duration_seconds_bucket{route="/api/v1/pathways/:id/eligibility"}))',
      (v) => v > 0,
      'a p95 latency for the eligibility route',
    );
    const series = await prometheus.series('{__name__=~"care_pathways_.+"}');
    const labelValues = series.flatMap((labels) => Object.values(labels));
    expect(labelValues.length).toBeGreaterThan(0);
    // No id, no name: the pathway's id, the patient's and the caregiver's names appear in no label.
    for (const value of labelValues) expect(value).not.toMatch(new RegExp(`${pathwayId}|Martin|Jeanne|Claire`));
  });
});

describe('the worker', () => {
  it('reports the waiting reminder and how long it has been due', async () => {
    await valueOf('max(care_pathways_reminders{state="waiting"})', (v) => v >= 1, 'a waiting reminder (no SMTP server: the outbox keeps it)');
    const age = await valueOf('max(care_pathways_oldest_waiting_reminder_age_seconds)', (v) => v > 0, 'the age of the oldest waiting reminder');
    expect(age).toBeLessThan(3600);
  });

  it('reports the pathway stuck on its overdue assessment, by code and territory', async () => {
    await valueOf(`max(care_pathways_stuck_pathways{code="assessmentDue",territory="${TERRITORY}"})`, (v) => v >= 1, 'the stuck pathway', 45_000);
  });

  it('runs with tracing off without a complaint about the bundled workflow interceptors', () => {
    expect(s.stack.logs.worker.filter((line) => /sink|opentelemetry/i.test(line))).toEqual([]);
  });

  it("exports the Temporal SDK's own metrics (workflow tasks, in seconds)", async () => {
    await valueOf('count({__name__=~"temporal_workflow_task_.+",job="temporal_sdk"})', (v) => v >= 1, 'temporal_workflow_task_* series');
    await valueOf('sum(temporal_workflow_task_schedule_to_start_latency_count{job="temporal_sdk"})', (v) => v >= 1, 'workflow task schedule-to-start latencies');
  });
});
