import { ClockKind } from './clocks';
import { PathwayCommand, PathwayCommandType } from './commands';
import { ALLOWED_STAGES, decide, openPathway } from './decide';
import { AssessmentInput } from './input-types';
import { validateReferral } from './step-fields';
import { notificationsFor } from './notifications';
import { DEFAULT_POLICY } from './policy';
import { Decision, PathwayState, Rejection } from './state';
import { summarize } from './summary';
import { nextWakeUp } from './timers';
import {
  ALL_CRITERIA_MET,
  context,
  DAY,
  JOURNEY,
  pathwayIn,
  PathwayStory,
  referralOf,
  sampleCommand,
  shiftIso,
  storyUpTo,
} from './testing/pathway-fixtures';

function rejection(decision: Decision): Rejection {
  if (decision.ok) throw new Error(`expected a rejection, got events ${decision.events.map((e) => e.type).join(', ')}`);
  return decision.rejection;
}

function accepted(decision: Decision) {
  if (!decision.ok) throw new Error(`rejected in ${decision.rejection.stage}: ${decision.rejection.reason}`);
  return decision;
}

function clock(state: PathwayState, kind: ClockKind) {
  return state.clocks.find((c) => c.kind === kind);
}

function dueOf(state: PathwayState, kind: ClockKind): string | undefined {
  return clock(state, kind)?.dueAt;
}

/** Tries `command` on `state` at `at` and checks the rejection left the state untouched. */
function refused(state: PathwayState, command: PathwayCommand, at: string): Rejection {
  const before = structuredClone(state);
  const result = rejection(decide(state, command, context(at)));
  expect(state).toEqual(before);
  return result;
}

const assessment = (over: Partial<AssessmentInput> = {}): PathwayCommand => ({
  type: 'recordAssessment',
  assessment: { performedAt: JOURNEY.assessedAt, mmse: 18, gir: 5, zarit: 35, summary: 'lives alone, daughter 300 km away', ...over },
});

describe('a referral', () => {
  it('opens a pathway in REFERRED with the eligibility decision due 7 days after the referral, intake reminded 2 days before', () => {
    const { state, events } = openPathway('pw-1', referralOf(JOURNEY.referredAt), context(JOURNEY.referredAt, DEFAULT_POLICY, 'intake-1'));
    expect(state.stage).toBe('REFERRED');
    expect(events.map((e) => e.type)).toEqual(['REFERRAL_RECEIVED']);
    expect(clock(state, 'eligibilityDue')).toMatchObject({
      dueAt: '2025-03-10T09:00:00.000Z',
      reminders: [{ at: '2025-03-08T09:00:00.000Z', to: ['intake'] }],
    });
  });

  it('recorded days after it was received still runs the eligibility clock from the referral date', () => {
    const { state } = openPathway('pw-1', referralOf('2025-03-03T09:00:00Z'), context('2025-03-05T09:00:00Z'));
    expect(dueOf(state, 'eligibilityDue')).toBe('2025-03-10T09:00:00.000Z');
  });

  it("may give the referrer's e-mail (optional, at most 320 characters) and the summary shows it with the referral", () => {
    const referral = (referrerEmail?: unknown) =>
      referralOf(JOURNEY.referredAt, { referral: { source: 'Dr Martin', referredAt: JOURNEY.referredAt, referrerEmail: referrerEmail as string } });
    const now = new Date(JOURNEY.referredAt);
    expect(validateReferral(referral(), now)).toEqual([]);
    expect(validateReferral(referral('secretariat@cabinet-martin.example'), now)).toEqual([]);
    expect(validateReferral(referral(`${'a'.repeat(320)}@x.example`), now)).toEqual([
      { field: 'referral.referrerEmail', message: 'referral.referrerEmail is longer than 320 characters' },
    ]);
    expect(validateReferral(referral(42), now)).toEqual([{ field: 'referral.referrerEmail', message: 'referral.referrerEmail must be text' }]);
    const { state } = openPathway('pw-1', referral('secretariat@cabinet-martin.example'), context(JOURNEY.referredAt));
    expect(summarize(state, now).referral).toEqual({ source: 'Dr Martin', referredAt: JOURNEY.referredAt, referrerEmail: 'secretariat@cabinet-martin.example' });
  });
});

describe('eligibility', () => {
  it('accepted with C1–C3 met: the pathway awaits a case manager, assignment due in 7 days', () => {
    const state = pathwayIn('AWAITING_ASSIGNMENT');
    expect(state.eligibility).toMatchObject({ decision: 'ACCEPTED', criteria: ALL_CRITERIA_MET });
    expect(clock(state, 'eligibilityDue')).toBeUndefined();
    expect(dueOf(state, 'assignmentDue')).toBe('2025-03-14T09:00:00.000Z');
  });

  it('refused: the failed criteria are named, the pathway closes REORIENTED and the referrer is told where to', () => {
    const story = storyUpTo('REFERRED');
    const events = story.step(
      {
        type: 'decideEligibility',
        decision: 'REFUSED',
        criteria: { unstableSituation: true, insufficientCare: false, noCoordinator: false },
        reorientedTo: 'SSIAD du secteur',
      },
      JOURNEY.eligibilityAt,
      'intake-1',
    );
    expect(events[0]).toMatchObject({
      type: 'ELIGIBILITY_DECIDED',
      data: { decision: 'REFUSED', failedCriteria: ['C2 (insufficient care and aid)', 'C3 (nobody close to coordinate)'] },
    });
    expect(story.state.stage).toBe('CLOSED');
    expect(story.state.closure).toMatchObject({ reason: 'REORIENTED', note: 'SSIAD du secteur' });
    const toReferrer = notificationsFor(story.state, events).filter((n) => n.recipientRole === 'referrer');
    expect(toReferrer).toEqual([
      expect.objectContaining({ kind: 'referralReoriented', data: expect.objectContaining({ reorientedTo: 'SSIAD du secteur' }) }),
    ]);
  });

  it('accepted with a criterion not met is rejected, naming the criterion', () => {
    const result = refused(
      pathwayIn('REFERRED'),
      { type: 'decideEligibility', decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA_MET, noCoordinator: false } },
      JOURNEY.eligibilityAt,
    );
    expect(result).toMatchObject({ stage: 'REFERRED', reason: 'an accepted referral needs all of C1–C3; not met: C3 (nobody close to coordinate)' });
  });

  it('a decision that does not record each criterion is rejected field by field', () => {
    const result = refused(pathwayIn('REFERRED'), { type: 'decideEligibility', decision: 'ACCEPTED' }, JOURNEY.eligibilityAt);
    expect(result.errors?.map((e) => e.field)).toEqual(['criteria.unstableSituation', 'criteria.insufficientCare', 'criteria.noCoordinator']);
  });
});

describe('assignment', () => {
  it('opens the first contact (7 days), first home visit (15 days) and assessment (30 days) deadlines from the assignment', () => {
    const state = pathwayIn('ASSESSMENT');
    expect(state).toMatchObject({ stage: 'ASSESSMENT', caseManagerId: 'cm-1', cycle: 1 });
    expect(clock(state, 'assignmentDue')).toBeUndefined();
    expect(dueOf(state, 'firstContactDue')).toBe('2025-03-14T14:00:00.000Z');
    expect(dueOf(state, 'firstHomeVisitDue')).toBe('2025-03-22T14:00:00.000Z');
    expect(dueOf(state, 'assessmentDue')).toBe('2025-04-06T14:00:00.000Z');
  });

  it('the assessment deadline follows a territory policy', () => {
    const policy = { ...DEFAULT_POLICY, assessmentDue: 'P21D', assessmentDueReminderBefore: 'P7D' };
    const state = pathwayIn('ASSESSMENT', policy);
    expect(clock(state, 'assessmentDue')).toMatchObject({
      dueAt: '2025-03-28T14:00:00.000Z',
      reminders: [{ at: '2025-03-21T14:00:00.000Z', to: ['case_manager'] }],
    });
  });

  it('reassignment changes the case manager and keeps every deadline where it was', () => {
    const state = pathwayIn('ASSESSMENT');
    const result = accepted(decide(state, { type: 'assignCaseManager', caseManagerId: 'cm-2' }, context('2025-03-10T09:00:00Z', DEFAULT_POLICY, 'supervisor-1')));
    expect(result.state.caseManagerId).toBe('cm-2');
    expect(result.state.stage).toBe('ASSESSMENT');
    const deadlines = (s: PathwayState) => s.clocks.filter((c) => c.kind !== 'inactivityStuckAfter');
    expect(deadlines(result.state)).toEqual(deadlines(state));
    expect(result.events).toEqual([
      expect.objectContaining({ type: 'CASE_MANAGER_REASSIGNED', data: { caseManagerId: 'cm-2', previousCaseManagerId: 'cm-1' } }),
    ]);
  });

  it('a conditional assignment applies only while the pathway is held by the case manager it expects', () => {
    const at = context('2025-03-10T09:00:00Z', DEFAULT_POLICY, 'system');
    expect(accepted(decide(pathwayIn('ASSESSMENT'), { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: 'cm-1' }, at)).state.caseManagerId).toBe('cm-2');
    expect(accepted(decide(pathwayIn('AWAITING_ASSIGNMENT'), { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: null }, at)).state.stage).toBe('ASSESSMENT');
    expect(refused(pathwayIn('ASSESSMENT'), { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: null }, '2025-03-10T09:00:00Z').reason).toBe(
      'the pathway no longer waits for a case manager: case manager cm-1 holds it',
    );
    expect(refused(pathwayIn('ASSESSMENT'), { type: 'assignCaseManager', caseManagerId: 'cm-2', expectedCaseManagerId: 'cm-3' }, '2025-03-10T09:00:00Z').reason).toBe(
      'the pathway is no longer held by case manager cm-3: case manager cm-1 holds it',
    );
  });

  it('assigning the case manager already in charge is rejected', () => {
    expect(refused(pathwayIn('ASSESSMENT'), { type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-03-10T09:00:00Z').reason).toBe(
      'the pathway is already assigned to case manager cm-1',
    );
  });
});

describe('consent and the first visits', () => {
  it('a refusal of consent closes the pathway REFUSED and tells the referrer and the physician', () => {
    const story = storyUpTo('ASSESSMENT');
    const events = story.step({ type: 'recordConsent', given: false, at: JOURNEY.firstVisitAt }, JOURNEY.firstVisitAt, 'cm-1');
    expect(story.state.stage).toBe('CLOSED');
    expect(story.state.closure?.reason).toBe('REFUSED');
    expect(notificationsFor(story.state, events).map((n) => [n.kind, n.recipientRole])).toEqual([
      ['pathwayClosed', 'referrer'],
      ['pathwayClosed', 'physician'],
    ]);
  });

  it('the first assessment without recorded consent is rejected', () => {
    const story = storyUpTo('ASSESSMENT');
    expect(refused(story.state, assessment(), JOURNEY.assessedAt).reason).toBe("the person's consent must be recorded before the first assessment");
  });

  it('a first home visit stops both the first contact and the first home visit deadlines', () => {
    const story = storyUpTo('ASSESSMENT');
    story.step({ type: 'logContact', at: JOURNEY.firstVisitAt, channel: 'HOME_VISIT' }, JOURNEY.firstVisitAt, 'cm-1');
    expect(story.state.clocks.map((c) => c.kind).sort()).toEqual(['assessmentDue', 'inactivityStuckAfter']);
    expect(story.state).toMatchObject({ firstContactAt: JOURNEY.firstVisitAt, firstHomeVisitAt: JOURNEY.firstVisitAt });
  });

  it('a phone call stops the first contact deadline but not the first home visit', () => {
    const story = storyUpTo('ASSESSMENT');
    story.step({ type: 'logContact', at: JOURNEY.firstVisitAt, channel: 'PHONE' }, JOURNEY.firstVisitAt, 'cm-1');
    expect(clock(story.state, 'firstContactDue')).toBeUndefined();
    expect(clock(story.state, 'firstHomeVisitDue')).toBeDefined();
  });

  it('a contact dated in the future is rejected with a field error', () => {
    const result = refused(pathwayIn('ASSESSMENT'), { type: 'logContact', at: '2025-03-20T10:00:00Z', channel: 'PHONE' }, '2025-03-12T10:00:00Z');
    expect(result.errors).toEqual([{ field: 'at', message: 'at (2025-03-20T10:00:00Z) is in the future' }]);
  });
});

describe('the assessment', () => {
  const consented = () => {
    const story = storyUpTo('ASSESSMENT');
    story.step({ type: 'recordConsent', given: true, at: JOURNEY.firstVisitAt }, JOURNEY.firstVisitAt, 'cm-1');
    return story;
  };

  it.each([
    ['an MMSE of 31', { mmse: 31 }, 'mmse', 'mmse must be a whole MMSE score from 0 to 30'],
    ['a GIR of 0', { gir: 0 }, 'gir', 'gir must be a whole AGGIR GIR score from 1 to 6'],
    ['a GIR of 7', { gir: 7 }, 'gir', 'gir must be a whole AGGIR GIR score from 1 to 6'],
    ['a Zarit of 89', { zarit: 89 }, 'zarit', 'zarit must be a whole Zarit score from 0 to 88'],
    ['a fractional MMSE', { mmse: 18.5 }, 'mmse', 'mmse must be a whole MMSE score from 0 to 30'],
    ['a date in the future', { performedAt: '2025-04-30T10:00:00Z' }, 'performedAt', 'performedAt (2025-04-30T10:00:00Z) is in the future'],
    ['no summary', { summary: ' ' }, 'summary', 'summary is required'],
  ])('with %s is rejected with a field error', (_label, over, field, message) => {
    const result = refused(consented().state, assessment(over), JOURNEY.assessedAt);
    expect(result).toMatchObject({ stage: 'ASSESSMENT', errors: [{ field, message }] });
  });

  it('recorded: the pathway moves to PLANNING with the plan due 15 days later, and the assessment deadline stops', () => {
    const story = consented();
    story.step(assessment(), JOURNEY.assessedAt, 'cm-1');
    expect(story.state.stage).toBe('PLANNING');
    expect(story.state.assessmentCount).toBe(1);
    expect(dueOf(story.state, 'planDue')).toBe('2025-04-12T10:00:00.000Z');
    expect(clock(story.state, 'assessmentDue')).toBeUndefined();
  });

  it('recorded at home, it is the first contact and the first home visit when none was logged', () => {
    const story = consented();
    story.step(assessment({ performedAt: '2025-03-13T10:00:00Z' }), '2025-03-13T12:00:00Z', 'cm-1');
    expect(clock(story.state, 'firstContactDue')).toBeUndefined();
    expect(clock(story.state, 'firstHomeVisitDue')).toBeUndefined();
    expect(story.state).toMatchObject({ firstContactAt: '2025-03-13T10:00:00Z', firstHomeVisitAt: '2025-03-13T10:00:00Z' });
  });

  it.each([1, 4])('a GIR of %i makes the patient APA-eligible: the APA file is proposed', (gir) => {
    const story = consented();
    const [event] = story.step(assessment({ gir }), JOURNEY.assessedAt, 'cm-1');
    expect(story.state.flags).toContain('APA_PROPOSED');
    expect(event.data.proposals).toContain('APA_PROPOSED');
  });

  it('a GIR of 5 proposes no APA file', () => {
    const story = consented();
    story.step(assessment({ gir: 5 }), JOURNEY.assessedAt, 'cm-1');
    expect(story.state.flags).not.toContain('APA_PROPOSED');
  });

  it('a Zarit above 60 proposes respite', () => {
    const story = consented();
    story.step(assessment({ zarit: 61 }), JOURNEY.assessedAt, 'cm-1');
    expect(story.state.flags).toContain('RESPITE_PROPOSED');
  });

  it('a Zarit of exactly 60 proposes no respite', () => {
    const story = consented();
    story.step(assessment({ zarit: 60 }), JOURNEY.assessedAt, 'cm-1');
    expect(story.state.flags).not.toContain('RESPITE_PROPOSED');
  });

  it('a Zarit rising by 15 between two assessments proposes respite, even below 60', () => {
    const story = storyUpTo('FOLLOW_UP'); // first assessment: Zarit 35
    story.step(assessment({ performedAt: '2025-05-02T10:00:00Z', zarit: 50 }), '2025-05-02T10:00:00Z', 'cm-1');
    expect(story.state.flags).toContain('RESPITE_PROPOSED');
  });

  it('a Zarit rising by 14 proposes no respite', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(assessment({ performedAt: '2025-05-02T10:00:00Z', zarit: 49 }), '2025-05-02T10:00:00Z', 'cm-1');
    expect(story.state.flags).not.toContain('RESPITE_PROPOSED');
  });

  it('an early reassessment in follow-up opens a new cycle', () => {
    const story = storyUpTo('FOLLOW_UP');
    const events = story.step(assessment({ performedAt: '2025-05-02T10:00:00Z' }), '2025-05-02T10:00:00Z', 'cm-1');
    expect(events.map((e) => e.type)).toEqual(['REASSESSMENT_CYCLE_STARTED', 'ASSESSMENT_RECORDED']);
    expect(story.state).toMatchObject({ stage: 'PLANNING', cycle: 2, assessmentCount: 2 });
    expect(clock(story.state, 'reassessmentDue')).toBeUndefined();
  });
});

describe('the plan (PSI)', () => {
  it('recorded: sent to the physician, acknowledgement due in 14 days, periodic reassessment due in 6 months', () => {
    const story = storyUpTo('PLANNING');
    const events = story.step(sampleCommand('recordPlan', JOURNEY.planAt), JOURNEY.planAt, 'cm-1');
    expect(story.state.stage).toBe('PLAN_VALIDATION');
    expect(story.state.plan).toMatchObject({ version: 1, recordedAt: JOURNEY.planAt, services: [{ type: 'SSIAD', status: 'PLANNED' }] });
    expect(dueOf(story.state, 'planAcknowledgementDue')).toBe('2025-04-25T10:00:00.000Z');
    expect(dueOf(story.state, 'reassessmentDue')).toBe('2025-10-11T10:00:00.000Z');
    expect(clock(story.state, 'planDue')).toBeUndefined();
    expect(notificationsFor(story.state, events).map((n) => [n.kind, n.recipientRole])).toEqual([['planToValidate', 'physician']]);
  });

  it('a plan without services is rejected', () => {
    expect(refused(pathwayIn('PLANNING'), { type: 'recordPlan', services: [] }, JOURNEY.planAt).errors).toEqual([
      { field: 'services', message: 'a plan needs at least one service' },
    ]);
  });

  it('revisions get increasing versions and each version stays in the timeline as it was recorded', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(
      { type: 'recordPlan', services: [{ type: 'DAY_CARE', provider: 'Accueil de jour Les Lilas', frequency: 'twice a week', startsAt: '2025-05-05' }] },
      '2025-05-02T10:00:00Z',
      'cm-1',
    );
    expect(story.state.plan?.version).toBe(2);
    const recorded = story.events.filter((e) => e.type === 'PLAN_RECORDED');
    expect(recorded.map((e) => e.data.version)).toEqual([1, 2]);
    expect((recorded[0].data.services as { type: string }[]).map((s) => s.type)).toEqual(['SSIAD']);
    expect((recorded[1].data.services as { type: string }[]).map((s) => s.type)).toEqual(['DAY_CARE']);
  });

  it('a revision needs its own acknowledgement', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('recordPlan', '2025-05-02T10:00:00Z'), '2025-05-02T10:00:00Z', 'cm-1');
    expect(story.state.plan?.acknowledgedAt).toBeUndefined();
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-05-03T10:00:00Z' }, '2025-05-03T10:00:00Z', 'dr-martin');
    expect(story.state.plan).toMatchObject({ version: 2, acknowledgedAt: '2025-05-03T10:00:00Z' });
  });

  it('acknowledged by the physician: the pathway enters FOLLOW_UP, next contact due in 30 days', () => {
    const state = pathwayIn('FOLLOW_UP');
    expect(state.plan?.acknowledgedAt).toBe(JOURNEY.acknowledgedAt);
    expect(clock(state, 'planAcknowledgementDue')).toBeUndefined();
    expect(dueOf(state, 'contactDue')).toBe('2025-05-15T10:00:00.000Z');
    expect(dueOf(state, 'reassessmentDue')).toBe('2025-10-11T10:00:00.000Z');
  });

  it('an acknowledgement dated before the plan was recorded is rejected', () => {
    const result = refused(pathwayIn('PLAN_VALIDATION'), { type: 'acknowledgePlan', acknowledgedAt: '2025-04-10T10:00:00Z' }, '2025-04-12T10:00:00Z');
    expect(result).toMatchObject({ stage: 'PLAN_VALIDATION', reason: `acknowledgedAt (2025-04-10T10:00:00Z) is before the plan was recorded (${JOURNEY.planAt})` });
  });

  it('the same plan version cannot be acknowledged twice', () => {
    expect(refused(pathwayIn('FOLLOW_UP'), { type: 'acknowledgePlan', acknowledgedAt: '2025-04-16T10:00:00Z' }, '2025-04-16T10:00:00Z').reason).toBe(
      'plan version 1 is already acknowledged',
    );
  });
});

describe('follow-up contacts', () => {
  it('each contact moves the next-contact deadline to 30 days after it', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'logContact', at: '2025-05-01T09:00:00Z', channel: 'PHONE' }, '2025-05-01T11:00:00Z', 'cm-1');
    expect(story.state.clocks.filter((c) => c.kind === 'contactDue')).toEqual([
      expect.objectContaining({ startedAt: '2025-05-01T09:00:00Z', dueAt: '2025-05-31T09:00:00.000Z' }),
    ]);
  });
});

describe('hospitalization', () => {
  const hospitalized = () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'admitToHospital', admittedAt: '2025-07-02T08:00:00Z', facility: 'CHU Bichat', reason: 'fall' }, '2025-07-02T10:00:00Z', 'cm-1');
    return story;
  };

  it('an admission suspends the planned home services; the stage and the reassessment clock go on', () => {
    const story = hospitalized();
    expect(story.state.stage).toBe('FOLLOW_UP');
    expect(story.state.flags).toContain('HOSPITALIZED');
    expect(story.state.plan?.services.map((s) => s.status)).toEqual(['SUSPENDED']);
    expect(dueOf(story.state, 'reassessmentDue')).toBe('2025-10-11T10:00:00.000Z');
  });

  it('a second admission during a stay is rejected', () => {
    expect(refused(hospitalized().state, sampleCommand('admitToHospital', '2025-07-03T10:00:00Z'), '2025-07-03T10:00:00Z').reason).toMatch(
      /already in hospital since 2025-07-02T08:00:00Z/,
    );
  });

  it('a discharge without a stay is rejected', () => {
    expect(refused(pathwayIn('FOLLOW_UP'), sampleCommand('dischargeFromHospital', '2025-05-01T10:00:00Z'), '2025-05-01T10:00:00Z').reason).toBe(
      'the patient is not in hospital',
    );
  });

  it('a discharge dated before the admission is rejected', () => {
    const result = refused(hospitalized().state, { type: 'dischargeFromHospital', dischargedAt: '2025-07-01T10:00:00Z', destination: 'HOME' }, '2025-07-05T10:00:00Z');
    expect(result.reason).toMatch(/is before the admission/);
  });

  it('a discharge home restarts the services within 48 hours, with the discharge letter due that day', () => {
    const story = hospitalized();
    const [event] = story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-08-05T11:00:00Z', destination: 'HOME' }, '2025-08-05T15:00:00Z', 'cm-1');
    expect(story.state.plan?.services.map((s) => s.status)).toEqual(['STARTED']);
    expect(story.state.flags).not.toContain('HOSPITALIZED');
    // "Due on the day of discharge": by the end of that day, not at the hour of discharge (which a discharge
    // recorded in the afternoon would already have passed).
    expect(event.data).toMatchObject({ servicesRestartDueAt: '2025-08-07T11:00:00.000Z', dischargeLetterDueAt: '2025-08-05T23:59:59.999Z' });
    expect(clock(story.state, 'servicesRestartDue')?.dueAt).toBe('2025-08-07T11:00:00.000Z');
    expect(clock(story.state, 'dischargeLetterDue')?.dueAt).toBe('2025-08-05T23:59:59.999Z');
  });

  it('a discharge home replaces the routine reassessment with a post-discharge reassessment due 7 days after discharge', () => {
    const story = hospitalized();
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-08-05T11:00:00Z', destination: 'HOME' }, '2025-08-05T15:00:00Z', 'cm-1');
    expect(story.state).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });
    expect(clock(story.state, 'reassessmentDue')).toBeUndefined();
    expect(clock(story.state, 'contactDue')).toBeUndefined();
    expect(clock(story.state, 'postDischargeReassessmentDue')).toMatchObject({
      dueAt: '2025-08-12T11:00:00.000Z',
      reminders: [{ at: '2025-08-05T11:00:00.000Z', to: ['case_manager', 'physician'] }],
    });
  });

  it('a discharge elsewhere than home keeps the services suspended and the routine reassessment', () => {
    const story = hospitalized();
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-08-05T11:00:00Z', destination: 'OTHER' }, '2025-08-05T15:00:00Z', 'cm-1');
    expect(story.state.plan?.services.map((s) => s.status)).toEqual(['SUSPENDED']);
    expect(story.state.stage).toBe('FOLLOW_UP');
    expect(clock(story.state, 'postDischargeReassessmentDue')).toBeUndefined();
    expect(dueOf(story.state, 'reassessmentDue')).toBe('2025-10-11T10:00:00.000Z');
  });
});

describe('institutional admission', () => {
  it('moves the pathway to INSTITUTIONALIZED with the post-admission follow-up due 30 days after admission', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'admitToInstitution', admittedAt: '2025-05-02T08:00:00Z', facility: 'EHPAD Les Tilleuls' }, '2025-05-02T10:00:00Z', 'cm-1');
    expect(story.state.stage).toBe('INSTITUTIONALIZED');
    expect(story.state.plan?.services.map((s) => s.status)).toEqual(['STOPPED']);
    expect(story.state.clocks.map((c) => c.kind).sort()).toEqual(['inactivityStuckAfter', 'postAdmissionFollowUpDue']);
    expect(dueOf(story.state, 'postAdmissionFollowUpDue')).toBe('2025-06-01T08:00:00.000Z');
  });

  it('ends a hospital stay that led to it', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('admitToHospital', '2025-05-01T08:00:00Z'), '2025-05-01T10:00:00Z', 'cm-1');
    story.step(sampleCommand('admitToInstitution', '2025-05-20T08:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(story.state.hospitalization).toBeUndefined();
    expect(story.state.flags).not.toContain('HOSPITALIZED');
  });

  it('a closure for reason INSTITUTIONALIZED without an admission is rejected', () => {
    expect(refused(pathwayIn('FOLLOW_UP'), { type: 'closePathway', reason: 'INSTITUTIONALIZED' }, '2025-05-01T10:00:00Z').reason).toBe(
      'closure reason INSTITUTIONALIZED needs a recorded institutional admission first',
    );
  });

  it('closes INSTITUTIONALIZED once stable', () => {
    expect(pathwayIn('CLOSED').closure).toMatchObject({ reason: 'INSTITUTIONALIZED', at: JOURNEY.closedAt });
  });
});

describe('closure', () => {
  it('for reason OTHER without a note is rejected with a field error', () => {
    expect(refused(pathwayIn('FOLLOW_UP'), { type: 'closePathway', reason: 'OTHER', note: '  ' }, '2025-05-01T10:00:00Z').errors).toEqual([
      { field: 'note', message: 'a closure for reason OTHER needs a note' },
    ]);
  });

  it('for an unknown reason is rejected', () => {
    const command = { type: 'closePathway', reason: 'BORED' } as unknown as PathwayCommand;
    expect(refused(pathwayIn('FOLLOW_UP'), command, '2025-05-01T10:00:00Z').errors?.[0].field).toBe('reason');
  });

  it('cancels every clock and every pending reminder, the hospital-stay alert included', () => {
    const story = storyUpTo('ASSESSMENT');
    story.step(sampleCommand('admitToHospital', '2025-03-09T08:00:00Z'), '2025-03-09T10:00:00Z', 'cm-1');
    expect(story.state.clocks.length).toBeGreaterThan(3);
    story.step({ type: 'closePathway', reason: 'DECEASED' }, '2025-03-10T10:00:00Z', 'cm-1');
    expect(story.state.clocks).toEqual([]);
    expect(nextWakeUp(story.state, DEFAULT_POLICY)).toBeUndefined();
    expect(story.advanceTo(shiftIso('2025-03-10T10:00:00Z', 400 * DAY))).toEqual([]);
  });

  it('a closed pathway rejects every step, naming its closure reason, and keeps its history readable', () => {
    const closed = pathwayIn('CLOSED');
    for (const type of Object.keys(ALLOWED_STAGES) as PathwayCommandType[]) {
      expect(refused(closed, sampleCommand(type, '2025-06-01T10:00:00Z'), '2025-06-01T10:00:00Z')).toEqual({
        stage: 'CLOSED',
        reason: 'the pathway is closed (INSTITUTIONALIZED); it accepts no more steps',
      });
    }
    expect(closed.plan?.version).toBe(1);
    expect(closed.latestAssessment?.mmse).toBe(18);
  });

  it('a new referral for the same patient after a closure opens a new pathway', () => {
    const again = PathwayStory.referred('2025-09-01T09:00:00Z');
    expect(again.state).toMatchObject({ stage: 'REFERRED', cycle: 0, assessmentCount: 0 });
    expect(again.state.closure).toBeUndefined();
  });
});

describe('every accepted step', () => {
  it('is the last activity: the inactivity watch restarts 45 days from it', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step({ type: 'logContact', at: '2025-05-01T09:00:00Z', channel: 'PHONE' }, '2025-05-01T11:00:00Z', 'cm-1');
    expect(story.state.lastActivityAt).toBe('2025-05-01T11:00:00.000Z');
    expect(dueOf(story.state, 'inactivityStuckAfter')).toBe('2025-06-15T11:00:00.000Z');
  });

  it('numbers its timeline events in order, after the ones before', () => {
    const story = storyUpTo('FOLLOW_UP');
    expect(story.events.map((e) => e.seq)).toEqual(story.events.map((_, i) => i + 1));
    expect(story.state.seq).toBe(story.events.length);
  });
});

