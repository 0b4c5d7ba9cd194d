/**
 * SCENARIOS.md's dated stories at the domain level: the pure stage machine and timers, driven the way the
 * workflow drives them (steps at their dates, `nextWakeUp`/`passTime` in between), with the default policy.
 */
import { ASSESSMENT_CLOCKS } from './clocks';
import { openPathway } from './decide';
import { stuckReasons } from './summary';
import { nextWakeUp, passTime } from './timers';
import { ALL_CRITERIA_MET, context, PathwayStory, referralOf, sampleCommand } from './testing/pathway-fixtures';
import { DEFAULT_POLICY } from './policy';

describe('story 1, nominal: Mme A., 82, lives alone, daughter 300 km away', () => {
  function nominal(): PathwayStory {
    const story = PathwayStory.referred('2025-03-03T09:00:00.000Z');
    story.step({ type: 'decideEligibility', decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA_MET } }, '2025-03-07T09:00:00.000Z', 'intake-1');
    // Assigned to a case manager at 37 active pathways (the caseload is counted outside the domain).
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-03-07T14:00:00.000Z', 'supervisor-1');
    story.step({ type: 'recordConsent', given: true, at: '2025-03-12T10:00:00.000Z' }, '2025-03-12T11:00:00.000Z', 'cm-1');
    story.step({ type: 'logContact', at: '2025-03-12T10:00:00.000Z', channel: 'HOME_VISIT' }, '2025-03-12T11:00:00.000Z', 'cm-1');
    story.step(
      { type: 'recordAssessment', assessment: { performedAt: '2025-03-28T10:00:00.000Z', mmse: 18, gir: 4, zarit: 35, summary: 'lives alone' } },
      '2025-03-28T10:00:00.000Z',
      'cm-1',
    );
    story.step(sampleCommand('recordPlan', '2025-04-11T10:00:00.000Z'), '2025-04-11T10:00:00.000Z', 'cm-1');
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-04-15T10:00:00.000Z' }, '2025-04-15T10:00:00.000Z', 'dr-martin');
    // Monthly follow-up calls with the daughter.
    for (const day of ['2025-05-12', '2025-06-10', '2025-07-08', '2025-08-05', '2025-09-02']) {
      story.step({ type: 'logContact', at: `${day}T09:00:00.000Z`, channel: 'PHONE' }, `${day}T09:00:00.000Z`, 'cm-1');
    }
    return story;
  }

  it('is in FOLLOW_UP after the acknowledgement, with the periodic reassessment due 2025-10-11', () => {
    const story = nominal();
    story.advanceTo('2025-09-26T23:59:59.000Z');
    expect(story.state.stage).toBe('FOLLOW_UP');
    expect(story.state.clocks.find((c) => c.kind === 'reassessmentDue')?.dueAt.slice(0, 10)).toBe('2025-10-11');
  });

  it('reminds the case manager and tells the caregiver of the visit on 2025-09-27, 14 days before', () => {
    const story = nominal();
    story.advanceTo('2025-10-10T00:00:00.000Z');
    const reassessment = story.notifications.filter((n) => n.dueAt?.startsWith('2025-10-11'));
    expect(reassessment.map((n) => [n.sendAt.slice(0, 10), n.recipientRole, n.kind])).toEqual([
      ['2025-09-27', 'case_manager', 'reassessmentDueReminder'],
      ['2025-09-27', 'caregiver', 'reassessmentVisit'],
    ]);
  });

  it('sends the physician the plan to validate and no reminder after the acknowledgement', () => {
    const story = nominal();
    story.advanceTo('2025-10-10T00:00:00.000Z');
    expect(story.notifications.filter((n) => n.recipientRole === 'physician').map((n) => n.kind)).toEqual(['planToValidate']);
  });

  it('proposes the APA file (GIR 4) and no respite (Zarit 35)', () => {
    const story = nominal();
    expect(story.state.flags).toContain('APA_PROPOSED');
    expect(story.state.flags).not.toContain('RESPITE_PROPOSED');
  });

  it('runs to the reassessment without a passed deadline or a word to the supervisor', () => {
    const story = nominal();
    story.advanceTo('2025-10-10T00:00:00.000Z');
    expect(story.events.filter((e) => e.type === 'DEADLINE_PASSED')).toEqual([]);
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
    expect(stuckReasons(story.state)).toEqual([]);
  });
});

describe('story 2, missed first contact', () => {
  function assignedAndForgotten(): PathwayStory {
    const story = PathwayStory.referred('2025-04-28T09:00:00.000Z');
    story.step(sampleCommand('decideEligibility', '2025-05-02T09:00:00.000Z'), '2025-05-02T09:00:00.000Z', 'intake-1');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-7' }, '2025-05-05T09:00:00.000Z', 'supervisor-1');
    return story;
  }

  it('the case manager is reminded at the first-contact deadline, 2025-05-12', () => {
    const story = assignedAndForgotten();
    expect(nextWakeUp(story.state, DEFAULT_POLICY)).toBe('2025-05-12T09:00:00.000Z');
    const { events, state } = passTime(story.state, context('2025-05-12T09:00:00.000Z'));
    const reminder = events.find((e) => e.type === 'REMINDER_DUE');
    expect(reminder?.data).toMatchObject({ clock: 'firstContactDue', to: ['case_manager'] });
    expect(state.caseManagerId).toBe('cm-7');
  });

  it('the stuck list shows "first contact overdue" from 2025-05-12, and not before', () => {
    const story = assignedAndForgotten();
    story.advanceTo('2025-05-12T08:59:59.999Z');
    expect(stuckReasons(story.state)).toEqual([]);
    story.advanceTo('2025-05-12T09:00:00.000Z');
    expect(stuckReasons(story.state)).toEqual([{ code: 'firstContactDue', reason: 'first contact overdue', since: '2025-05-12T09:00:00.000Z', clock: 'firstContactDue' }]);
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor').map((n) => n.kind)).toEqual(['firstContactDueOverdue']);
  });

  it('a contact logged 2025-05-16 clears it', () => {
    const story = assignedAndForgotten();
    story.step({ type: 'logContact', at: '2025-05-16T10:00:00.000Z', channel: 'PHONE' }, '2025-05-16T10:00:00.000Z', 'cm-7');
    expect(stuckReasons(story.state)).toEqual([]);
    expect(story.state.firstContactAt).toBe('2025-05-16T10:00:00.000Z');
  });

  it('after the contact of 2025-05-16, nothing more is sent about the first contact', () => {
    const story = assignedAndForgotten();
    story.step({ type: 'logContact', at: '2025-05-16T10:00:00.000Z', channel: 'PHONE' }, '2025-05-16T10:00:00.000Z', 'cm-7');
    const sentBefore = story.notifications.length;
    story.advanceTo('2025-07-01T00:00:00.000Z');
    expect(story.notifications.slice(sentBefore).filter((n) => n.kind.startsWith('firstContactDue'))).toEqual([]);
    expect(story.notifications.filter((n) => n.kind.startsWith('firstContactDue')).map((n) => [n.kind, n.recipientRole])).toEqual([
      ['firstContactDueReminder', 'case_manager'],
      ['firstContactDueOverdue', 'supervisor'],
    ]);
  });
});

describe('story 3, refusal at the first visit', () => {
  function refusedAtFirstVisit(): PathwayStory {
    const story = PathwayStory.referred('2025-01-31T09:00:00.000Z');
    story.step(sampleCommand('decideEligibility', '2025-02-06T09:00:00.000Z'), '2025-02-06T09:00:00.000Z', 'intake-1');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-02-10T09:00:00.000Z', 'supervisor-1');
    story.step({ type: 'recordConsent', given: false, at: '2025-02-14T10:00:00.000Z' }, '2025-02-14T11:00:00.000Z', 'cm-1');
    return story;
  }

  it('closes REFUSED and tells the referrer and the physician', () => {
    const story = refusedAtFirstVisit();
    expect(story.state).toMatchObject({ stage: 'CLOSED', closure: { reason: 'REFUSED' } });
    expect(story.notifications.filter((n) => n.kind === 'pathwayClosed').map((n) => n.recipientRole)).toEqual(['referrer', 'physician']);
  });

  it('cancels every timer', () => {
    const story = refusedAtFirstVisit();
    expect(story.state.clocks).toEqual([]);
    expect(nextWakeUp(story.state, DEFAULT_POLICY)).toBeUndefined();
    expect(story.advanceTo('2026-02-14T00:00:00.000Z')).toEqual([]);
  });

  it('a referral on 2025-09-01 opens a new pathway', () => {
    const { state } = openPathway('pw-2', referralOf('2025-09-01T09:00:00.000Z'), context('2025-09-01T09:00:00.000Z'));
    expect(state).toMatchObject({ pathwayId: 'pw-2', stage: 'REFERRED' });
    expect(state.clocks.find((c) => c.kind === 'eligibilityDue')?.dueAt).toBe('2025-09-08T09:00:00.000Z');
  });
});

describe('story 4, hospitalization after a fall', () => {
  /** In FOLLOW_UP with the reassessment due 2025-08-15 (plan of 2025-02-15); admitted 2025-07-02. */
  function admittedAfterFall(): PathwayStory {
    const story = PathwayStory.referred('2025-01-06T09:00:00.000Z');
    story.step(sampleCommand('decideEligibility', '2025-01-10T09:00:00.000Z'), '2025-01-10T09:00:00.000Z', 'intake-1');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-01-13T09:00:00.000Z', 'supervisor-1');
    story.step({ type: 'recordConsent', given: true, at: '2025-01-20T10:00:00.000Z' }, '2025-01-20T10:00:00.000Z', 'cm-1');
    story.step(sampleCommand('recordAssessment', '2025-02-03T10:00:00.000Z'), '2025-02-03T10:00:00.000Z', 'cm-1');
    story.step(sampleCommand('recordPlan', '2025-02-15T10:00:00.000Z'), '2025-02-15T10:00:00.000Z', 'cm-1');
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-02-20T10:00:00.000Z' }, '2025-02-20T10:00:00.000Z', 'dr-martin');
    for (const day of ['2025-03-18', '2025-04-15', '2025-05-13', '2025-06-10']) {
      story.step(sampleCommand('logContact', `${day}T09:00:00.000Z`), `${day}T09:00:00.000Z`, 'cm-1');
    }
    story.step({ type: 'admitToHospital', admittedAt: '2025-07-02T06:00:00.000Z', facility: 'CHU Bichat', reason: 'fall' }, '2025-07-02T09:00:00.000Z', 'cm-1');
    story.step({ type: 'logContact', at: '2025-07-08T09:00:00.000Z', channel: 'PHONE', note: 'with the daughter' }, '2025-07-08T09:00:00.000Z', 'cm-1');
    return story;
  }

  it('suspends the home services and keeps the reassessment clock running (due 2025-08-15)', () => {
    const story = admittedAfterFall();
    expect(story.state.plan?.services.every((s) => s.status === 'SUSPENDED')).toBe(true);
    expect(story.state.clocks.find((c) => c.kind === 'reassessmentDue')?.dueAt.slice(0, 10)).toBe('2025-08-15');
  });

  it('alerts the case manager and the family on day 31, 2025-08-01 (home APA stops)', () => {
    const story = admittedAfterFall();
    story.advanceTo('2025-08-04T00:00:00.000Z');
    expect(story.notifications.filter((n) => n.kind === 'hospitalDay31').map((n) => [n.sendAt.slice(0, 10), n.recipientRole])).toEqual([
      ['2025-08-01', 'case_manager'],
      ['2025-08-01', 'caregiver'],
    ]);
  });

  it('discharged home 2025-08-05: discharge letter due that day, services restarted by 2025-08-07', () => {
    const story = admittedAfterFall();
    const events = story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-08-05T10:00:00.000Z', destination: 'HOME' }, '2025-08-05T12:00:00.000Z', 'cm-1');
    const discharge = events.find((e) => e.type === 'HOSPITAL_DISCHARGE');
    expect((discharge?.data.dischargeLetterDueAt as string).slice(0, 10)).toBe('2025-08-05');
    expect((discharge?.data.servicesRestartDueAt as string).slice(0, 10)).toBe('2025-08-07');
    expect(story.state.plan?.services.every((s) => s.status === 'STARTED')).toBe(true);
    // Both are clocks of their own, stopped by recordDischargeLetter and confirmServicesRestarted.
    const clocks = story.state.clocks.filter((c) => c.kind === 'dischargeLetterDue' || c.kind === 'servicesRestartDue');
    expect(clocks.map((c) => [c.kind, c.dueAt])).toEqual([
      ['servicesRestartDue', '2025-08-07T10:00:00.000Z'],
      ['dischargeLetterDue', '2025-08-05T23:59:59.999Z'],
    ]);
  });

  it('the return assessment due 2025-08-12 replaces the routine one', () => {
    const story = admittedAfterFall();
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-08-05T10:00:00.000Z', destination: 'HOME' }, '2025-08-05T12:00:00.000Z', 'cm-1');
    const assessmentClocks = story.state.clocks.filter((c) => ASSESSMENT_CLOCKS.includes(c.kind) || c.kind === 'contactDue');
    expect(assessmentClocks.map((c) => [c.kind, c.dueAt.slice(0, 10)])).toEqual([['postDischargeReassessmentDue', '2025-08-12']]);
    expect(story.state).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });
  });
});
