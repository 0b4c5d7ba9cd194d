import { decide } from './decide';
import { validateStepInput } from './step-fields';
import { context, JOURNEY, pathwayIn } from './testing/pathway-fixtures';
import type { PathwayCommand } from './commands';
import type { PathwayState } from './state';

// The API checks a step's dates against what the caller last read (StepInputContext); the workflow's
// validator checks them against the state. Both go through date-order.ts: same verdict, same words.
function both(state: PathwayState, command: PathwayCommand, now: string, ctx: { hospitalAdmittedAt?: string; planRecordedAt?: string }) {
  const api = validateStepInput(command, { now: new Date(now), referredAt: state.referral.referral.referredAt, ...ctx }).map((e) => e.message);
  const decision = decide(state, command, context(now));
  return { api, workflow: decision.ok ? undefined : decision.rejection.reason };
}

describe('date order: one rule for the API and the workflow', () => {
  it('an acknowledgement before the plan: the API and decide refuse it with the same message', () => {
    const state = pathwayIn('PLAN_VALIDATION');
    const command: PathwayCommand = { type: 'acknowledgePlan', acknowledgedAt: '2025-04-11T09:59:59Z' };
    const { api, workflow } = both(state, command, '2025-04-12T10:00:00Z', { planRecordedAt: state.plan?.recordedAt });
    expect(api).toEqual([`acknowledgedAt (2025-04-11T09:59:59Z) is before the plan was recorded (${JOURNEY.planAt})`]);
    expect(workflow).toBe(api[0]);
  });

  it('a discharge before the admission: the same message on both sides', () => {
    const state = decideOk(pathwayIn('FOLLOW_UP'), { type: 'admitToHospital', admittedAt: '2025-05-01T10:00:00Z', facility: 'CHU' }, '2025-05-01T12:00:00Z');
    const command: PathwayCommand = { type: 'dischargeFromHospital', dischargedAt: '2025-04-30T10:00:00Z', destination: 'HOME' };
    const { api, workflow } = both(state, command, '2025-05-02T10:00:00Z', { hospitalAdmittedAt: state.hospitalization?.admittedAt });
    expect(api).toEqual(['dischargedAt (2025-04-30T10:00:00Z) is before the admission (2025-05-01T10:00:00Z)']);
    expect(workflow).toBe(api[0]);
  });

  it('dates are compared as instants: 11:30+02:00 is before 10:00Z, though it reads later', () => {
    const state = decideOk(pathwayIn('FOLLOW_UP'), { type: 'admitToHospital', admittedAt: '2025-05-01T10:00:00Z', facility: 'CHU' }, '2025-05-01T12:00:00Z');
    const early: PathwayCommand = { type: 'dischargeFromHospital', dischargedAt: '2025-05-01T11:30:00+02:00', destination: 'HOME' };
    expect(both(state, early, '2025-05-02T10:00:00Z', { hospitalAdmittedAt: '2025-05-01T10:00:00Z' }).workflow).toMatch(/is before the admission/);
    const sameMoment: PathwayCommand = { type: 'dischargeFromHospital', dischargedAt: '2025-05-01T12:00:00+02:00', destination: 'HOME' };
    expect(both(state, sameMoment, '2025-05-02T10:00:00Z', { hospitalAdmittedAt: '2025-05-01T10:00:00Z' })).toEqual({ api: [], workflow: undefined });
  });
});

function decideOk(state: PathwayState, command: PathwayCommand, at: string): PathwayState {
  const decision = decide(state, command, context(at));
  if (!decision.ok) throw new Error(decision.rejection.reason);
  return decision.state;
}
