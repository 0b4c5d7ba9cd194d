// Structured logs (issue 17): a story runs on the real stack (a referral of a patient with a distinctive name,
// an assessment with scores and a distinctive summary, a plan), and every line the API and the worker wrote,
// at debug level, is one JSON object; a step request's line carries the request id the client sent (and got
// back) and the pathway id, the worker's lines name each activity and its outcome; no line holds the
// patient's name, the assessment's text or its scores, a failed activity's lines included.
import { randomUUID } from 'node:crypto';
import { eventually } from '@pathway/testing';
import { ALL_CRITERIA, createCaseManager, expectStatus, isoAgo, token } from './api-support';
import { ReminderStack, startReminderStack } from './reminders-support';

const TERRITORY = 'T75-LOGS';
const intake = token({ sub: 'intake-logs', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'sup-logs', roles: ['supervisor'], territory: TERRITORY });
const caseManager = token({ sub: 'cm-logs', roles: ['case_manager'], territory: TERRITORY });

// Values nobody could find in a log line by chance.
const patient = { externalId: 'NIR-1939-LOGS-0001', firstName: 'Anaximandre', lastName: 'Pelletier-Vauquelin', birthDate: '1939-02-28', territory: TERRITORY };
const caregiver = { name: 'Gwendoline Vauquelin', email: 'gwendoline.v@example.org', relationship: 'daughter' };
const assessment = {
  mmse: 19,
  gir: 4,
  zarit: 37,
  livingSituation: 'lives alone above the Quincaillerie Brocéliande',
  summary: 'Désorientation temporo-spatiale marquée, chutes répétées rue Vauquelin',
};
const SECRETS = [
  patient.firstName,
  patient.lastName,
  patient.externalId,
  patient.birthDate,
  caregiver.name,
  caregiver.email,
  assessment.livingSituation,
  assessment.summary,
  'Brocéliande',
  'Désorientation',
  'SSIAD Vauquelin',
  '"mmse"',
  '"zarit"',
  '"gir"',
];

type Line = Record<string, unknown>;
let rs: ReminderStack;
let pathwayId: string;
const stepRequestId = `logs-${randomUUID()}`;

const parsed = (lines: string[]): Line[] => lines.map((line) => JSON.parse(line) as Line);

beforeAll(async () => {
  // Debug: the health probes, Nest's start-up and the Temporal SDK's own activity lines are searched too.
  // The first attempt of the referral's notices fails on purpose (retried by Temporal): a failure is logged too.
  rs = await startReminderStack({ policy: {}, env: { LOG_LEVEL: 'debug', WORKER_FAULTS: 'enqueueNotifications:1' } });
  await createCaseManager(rs.api, 'cm-logs', undefined, TERRITORY);
  const referred = await rs.api.post('/api/v1/pathways', intake, {
    patient,
    referral: { source: 'Dr Ouvrard (GP)', referredAt: isoAgo(60), diagnosis: 'Alzheimer disease, moderate' },
    physician: { name: 'Dr Ouvrard', email: 'ouvrard@cabinet.example' },
    caregiver,
  });
  expectStatus(referred, 201);
  pathwayId = referred.body.id;
  const at = (step: string) => `/api/v1/pathways/${pathwayId}/${step}`;
  expectStatus(await rs.api.post(at('eligibility'), intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  expectStatus(await rs.api.post(at('assignment'), supervisor, { caseManagerId: 'cm-logs' }), 200);
  expectStatus(await rs.api.post(at('consent'), caseManager, { given: true, at: isoAgo(10) }), 200);
  const assessed = await rs.api.post(at('assessments'), caseManager, { performedAt: isoAgo(5), ...assessment }, { headers: { 'x-request-id': stepRequestId } });
  expectStatus(assessed, 200);
  expect(assessed.headers.get('x-request-id')).toBe(stepRequestId);
  // Refused steps too: a 409 from the workflow's validator, a 400 whose field values echo the input.
  expect((await rs.api.post(at('hospitalizations/current/discharge'), caseManager, { dischargedAt: isoAgo(1), destination: 'HOME' })).status).toBe(409);
  expect((await rs.api.post(at('assessments'), caseManager, { ...assessment, performedAt: patient.lastName })).status).toBe(400);
  expectStatus(await rs.api.post(at('plans'), caseManager, { services: [{ type: 'SSIAD', provider: 'SSIAD Vauquelin', frequency: 'daily', startsAt: isoAgo(0).slice(0, 10) }] }), 200);
  expectStatus(await rs.api.get(`/api/v1/pathways/${pathwayId}`, caseManager), 200);
  expectStatus(await rs.api.get(`/api/v1/pathways?territory=${TERRITORY}`, supervisor), 200);
}, 180_000);
afterAll(() => rs?.stop());

it("logs a step request with the client's request id, the pathway, the route, the status and the duration", async () => {
  const line = await eventually(
    () => {
      const found = parsed(rs.stack.logs.api).find((l) => l.requestId === stepRequestId);
      expect(found).toBeDefined();
      return found as Line;
    },
    { timeoutMs: 10_000, message: 'the log line of the assessment step' },
  );
  expect(line).toMatchObject({ service: 'api', level: 'info', msg: 'request', method: 'POST', route: '/api/v1/pathways/:id/assessments', pathwayId, status: 200 });
  expect(typeof line.durationMs).toBe('number');
  expect(typeof line.time).toBe('string');
  // The referral's line names the pathway it opened.
  expect(parsed(rs.stack.logs.api)).toContainEqual(expect.objectContaining({ msg: 'request', method: 'POST', route: '/api/v1/pathways', status: 201, pathwayId }));
});

it("logs each of the pathway's activities in the worker: workflow, activity, attempt, duration, outcome", async () => {
  const activities = await eventually(
    () => {
      const mine = parsed(rs.stack.logs.worker).filter((l) => l.msg === 'activity' && l.pathwayId === pathwayId);
      expect(mine.map((l) => l.activityType)).toEqual(expect.arrayContaining(['openPathwayRecord', 'recordPathwayEvents']));
      return mine;
    },
    { timeoutMs: 20_000, message: "the worker's activity lines of the pathway" },
  );
  for (const line of activities) {
    expect(line).toMatchObject({ service: 'worker', workflowType: 'pathwayWorkflow', workflowId: `pathway-${pathwayId}`, outcome: expect.stringMatching(/^(completed|failed)$/) });
    expect(line.attempt).toBeGreaterThanOrEqual(1);
    expect(typeof line.durationMs).toBe('number');
  }
  // Without a trace endpoint the worker loads the workflows without the tracing interceptors (~2 MB less per cached workflow).
  expect(parsed(rs.stack.logs.worker)).toContainEqual(expect.objectContaining({ workflowBundle: 'workflows.js', taskQueue: expect.any(String) }));
  // The workflow's start, from the SDK, at info.
  expect(parsed(rs.stack.logs.worker)).toContainEqual(
    expect.objectContaining({ level: 'info', msg: 'Workflow started', workflowType: 'pathwayWorkflow', workflowId: `pathway-${pathwayId}`, runId: expect.any(String) }),
  );
  // The injected failure of the first attempt, then its retry.
  const notices = await eventually(
    () => {
      const mine = parsed(rs.stack.logs.worker).filter((l) => l.msg === 'activity' && l.pathwayId === pathwayId && l.activityType === 'enqueueNotifications');
      expect(mine.map((l) => `${l.attempt} ${l.outcome}`)).toEqual(expect.arrayContaining(['1 failed', '2 completed']));
      return mine;
    },
    { timeoutMs: 20_000, message: 'the failed first attempt of enqueueNotifications and its retry' },
  );
  expect(notices.find((l) => l.outcome === 'failed')).toMatchObject({ level: 'warn', errorType: 'InjectedFault' });
});

it('writes every line of the API, the worker and the migrations as one JSON object, with a level, a time and a message', () => {
  for (const service of ['api', 'worker', 'migrate'] as const) {
    const lines = rs.stack.logs[service];
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      let entry: Line;
      try {
        entry = JSON.parse(line) as Line;
      } catch {
        throw new Error(`a ${service} line is not JSON: ${line}`);
      }
      expect(entry).toMatchObject({ service, level: expect.any(String), time: expect.any(String), msg: expect.any(String) });
    }
  }
});

it("holds neither the patient's name nor the assessment's text or scores", () => {
  const lines = [...rs.stack.logs.api, ...rs.stack.logs.worker, ...rs.stack.logs.migrate];
  const leaks = lines.flatMap((line) => SECRETS.filter((secret) => line.includes(secret)).map((secret) => `${secret}: ${line.slice(0, 300)}`));
  expect(leaks).toEqual([]);
});
