import { ClockKind } from './clocks';
import { PathwayCommand } from './commands';
import { notificationsFor } from './notifications';
import { DEFAULT_POLICY, parsePolicy } from './policy';
import { RecipientRole } from './stages';
import { PathwayEvent, PathwayState } from './state';
import { stuckReasons } from './summary';
import { nextWakeUp, passTime } from './timers';
import { context, DAY, JOURNEY, PathwayStory, sampleCommand, shiftIso, storyUpTo } from './testing/pathway-fixtures';

const MS = 1;

const ofClock = (events: PathwayEvent[], kind: ClockKind, dueAt?: string) =>
  events.filter((e) => e.data.clock === kind && (dueAt === undefined || e.data.dueAt === dueAt));

/** Lets the story run until just before `at`, then checks that the next wake-up is exactly `at`. */
function wakeUpAt(story: PathwayStory, at: string): PathwayState {
  story.advanceTo(shiftIso(at, -MS));
  expect(nextWakeUp(story.state, story.policy)).toBe(at);
  expect(passTime(story.state, context(shiftIso(at, -MS), story.policy, 'system')).events).toEqual([]);
  return story.state;
}

interface DeadlineRow {
  row: string;
  clock: ClockKind;
  /** The pathway just after the clock started. */
  start: () => PathwayStory;
  reminders: { at: string; to: RecipientRole[] }[];
  dueAt: string;
  stuckReason: string;
  inTime: { label: string; command: PathwayCommand; at: string };
}

/** The deadline table of PATHWAY.md, with the journey's dates (SCENARIOS.md story 1). */
const ROWS: DeadlineRow[] = [
  {
    row: 'referral received → eligibility decided (P7D)',
    clock: 'eligibilityDue',
    start: () => storyUpTo('REFERRED'),
    reminders: [{ at: '2025-03-08T09:00:00.000Z', to: ['intake'] }],
    dueAt: '2025-03-10T09:00:00.000Z',
    stuckReason: 'eligibility decision overdue',
    inTime: { label: 'the eligibility is decided', command: sampleCommand('decideEligibility', '2025-03-06T09:00:00Z'), at: '2025-03-06T09:00:00Z' },
  },
  {
    row: 'eligibility accepted → case manager assigned (P7D)',
    clock: 'assignmentDue',
    start: () => storyUpTo('AWAITING_ASSIGNMENT'),
    reminders: [],
    dueAt: '2025-03-14T09:00:00.000Z',
    stuckReason: 'case manager assignment overdue',
    inTime: { label: 'a case manager is assigned', command: { type: 'assignCaseManager', caseManagerId: 'cm-1' }, at: '2025-03-13T09:00:00Z' },
  },
  {
    row: 'assignment → first contact (P7D)',
    clock: 'firstContactDue',
    start: () => storyUpTo('ASSESSMENT'),
    reminders: [{ at: '2025-03-14T14:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-03-14T14:00:00.000Z',
    stuckReason: 'first contact overdue',
    inTime: { label: 'a contact is logged', command: sampleCommand('logContact', '2025-03-10T09:00:00Z'), at: '2025-03-10T09:00:00Z' },
  },
  {
    row: 'assignment → first home visit (P15D)',
    clock: 'firstHomeVisitDue',
    start: () => {
      const story = storyUpTo('ASSESSMENT');
      story.step(sampleCommand('logContact', '2025-03-08T09:00:00Z'), '2025-03-08T09:00:00Z', 'cm-1');
      return story;
    },
    reminders: [{ at: '2025-03-19T14:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-03-22T14:00:00.000Z',
    stuckReason: 'first home visit overdue',
    inTime: { label: 'a home visit is logged', command: { type: 'logContact', at: '2025-03-17T10:00:00Z', channel: 'HOME_VISIT' }, at: '2025-03-17T10:00:00Z' },
  },
  {
    // "case manager reminded 9 days before": day 21 after the assignment of 7 March.
    row: 'assignment → multidimensional assessment (P30D)',
    clock: 'assessmentDue',
    start: () => {
      const story = storyUpTo('ASSESSMENT');
      story.step({ type: 'recordConsent', given: true, at: JOURNEY.firstVisitAt }, JOURNEY.firstVisitAt, 'cm-1');
      story.step({ type: 'logContact', at: JOURNEY.firstVisitAt, channel: 'HOME_VISIT' }, JOURNEY.firstVisitAt, 'cm-1');
      return story;
    },
    reminders: [{ at: '2025-03-28T14:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-04-06T14:00:00.000Z',
    stuckReason: 'assessment overdue',
    inTime: { label: 'the assessment is recorded', command: sampleCommand('recordAssessment', '2025-03-25T10:00:00Z'), at: '2025-03-25T10:00:00Z' },
  },
  {
    row: 'assessment recorded → service plan (P15D)',
    clock: 'planDue',
    start: () => storyUpTo('PLANNING'),
    reminders: [{ at: '2025-04-07T10:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-04-12T10:00:00.000Z',
    stuckReason: 'service plan overdue',
    inTime: { label: 'the plan is recorded', command: sampleCommand('recordPlan', '2025-04-04T10:00:00Z'), at: '2025-04-04T10:00:00Z' },
  },
  {
    row: 'contact in follow-up → next contact (P30D)',
    clock: 'contactDue',
    start: () => storyUpTo('FOLLOW_UP'),
    reminders: [{ at: '2025-05-15T10:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-05-15T10:00:00.000Z',
    stuckReason: 'follow-up contact overdue',
    inTime: { label: 'a contact is logged', command: sampleCommand('logContact', '2025-05-10T10:00:00Z'), at: '2025-05-10T10:00:00Z' },
  },
  {
    row: 'plan recorded → periodic reassessment (P6M)',
    clock: 'reassessmentDue',
    start: () => {
      // Monthly calls keep the follow-up alive; the reassessment clock runs from the plan of 11 April.
      const story = storyUpTo('FOLLOW_UP');
      for (const at of ['2025-05-12', '2025-06-10', '2025-07-08', '2025-08-05', '2025-09-02']) {
        story.step(sampleCommand('logContact', `${at}T09:00:00Z`), `${at}T09:00:00Z`, 'cm-1');
      }
      return story;
    },
    reminders: [{ at: '2025-09-27T10:00:00.000Z', to: ['case_manager', 'caregiver'] }],
    dueAt: '2025-10-11T10:00:00.000Z',
    stuckReason: 'periodic reassessment overdue',
    inTime: { label: 'an early reassessment is recorded', command: sampleCommand('recordAssessment', '2025-09-15T10:00:00Z'), at: '2025-09-15T10:00:00Z' },
  },
  {
    row: 'hospital discharge home → post-discharge reassessment (P7D)',
    clock: 'postDischargeReassessmentDue',
    start: () => {
      const story = storyUpTo('FOLLOW_UP');
      story.step(sampleCommand('logContact', '2025-05-12T09:00:00Z'), '2025-05-12T09:00:00Z', 'cm-1');
      story.step(sampleCommand('admitToHospital', '2025-06-02T08:00:00Z'), '2025-06-02T08:00:00Z', 'cm-1');
      story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-06-20T11:00:00Z', destination: 'HOME' }, '2025-06-20T11:00:00Z', 'cm-1');
      return story;
    },
    // "case manager and physician reminded at discharge".
    reminders: [{ at: '2025-06-20T11:00:00.000Z', to: ['case_manager', 'physician'] }],
    dueAt: '2025-06-27T11:00:00.000Z',
    stuckReason: 'post-discharge reassessment overdue',
    inTime: { label: 'the return assessment is recorded', command: sampleCommand('recordAssessment', '2025-06-24T10:00:00Z'), at: '2025-06-24T10:00:00Z' },
  },
  {
    row: 'institutional admission → post-admission follow-up (P30D)',
    clock: 'postAdmissionFollowUpDue',
    start: () => storyUpTo('INSTITUTIONALIZED'),
    // "case manager reminded to close or extend".
    reminders: [{ at: '2025-06-01T10:00:00.000Z', to: ['case_manager'] }],
    dueAt: '2025-06-01T10:00:00.000Z',
    stuckReason: 'post-admission follow-up overdue (close or extend)',
    inTime: { label: 'the pathway is closed', command: { type: 'closePathway', reason: 'INSTITUTIONALIZED' }, at: '2025-05-25T10:00:00Z' },
  },
];

describe.each(ROWS)('deadline $row', ({ clock, start, reminders, dueAt, stuckReason, inTime }) => {
  const started = () => {
    const story = start();
    expect(story.state.clocks.find((c) => c.kind === clock)?.dueAt).toBe(dueAt);
    return story;
  };

  if (reminders.length) {
    it.each(reminders)(`reminds $to at $at`, ({ at, to }) => {
      const story = started();
      expect(ofClock(story.events, clock)).toEqual([]);
      const state = wakeUpAt(story, at);
      const { events } = passTime(state, context(at, story.policy, 'system'));
      expect(ofClock(events, clock).filter((e) => e.type === 'REMINDER_DUE')).toEqual([
        expect.objectContaining({ at, actor: 'system', data: { clock, dueAt, remindAt: at, to } }),
      ]);
    });
  } else {
    it('reminds nobody before the deadline', () => {
      const story = started();
      story.advanceTo(dueAt);
      expect(ofClock(story.events, clock).filter((e) => e.type === 'REMINDER_DUE')).toEqual([]);
    });
  }

  it(`passing, escalates to the supervisor and marks the pathway stuck: "${stuckReason}"`, () => {
    const story = started();
    const before = wakeUpAt(story, dueAt);
    expect(stuckReasons(before).map((r) => r.reason)).not.toContain(stuckReason);
    const { state, events } = passTime(before, context(dueAt, story.policy, 'system'));
    expect(ofClock(events, clock).filter((e) => e.type === 'DEADLINE_PASSED')).toEqual([
      expect.objectContaining({ at: dueAt, data: { clock, dueAt, reason: stuckReason, escalate: ['supervisor'] } }),
    ]);
    expect(state.clocks.find((c) => c.kind === clock)?.overdueSince).toBe(dueAt);
    expect(stuckReasons(state)).toContainEqual({ code: clock, reason: stuckReason, since: dueAt, clock });
    expect(notificationsFor(state, events).filter((n) => n.kind === `${clock}Overdue`).map((n) => n.recipientRole)).toEqual(['supervisor']);
  });

  it(`once passed, is not announced again`, () => {
    const story = started();
    story.advanceTo(shiftIso(dueAt, 20 * DAY));
    expect(ofClock(story.events, clock, dueAt).filter((e) => e.type === 'DEADLINE_PASSED')).toHaveLength(1);
    expect(ofClock(story.events, clock, dueAt).filter((e) => e.type === 'REMINDER_DUE')).toHaveLength(reminders.length);
  });

  it(`fires nothing more when ${inTime.label} in time`, () => {
    const story = started();
    story.step(inTime.command, inTime.at, 'cm-1');
    const afterStep = story.events.length;
    story.advanceTo(shiftIso(dueAt, 10 * DAY));
    expect(ofClock(story.events.slice(afterStep), clock, dueAt)).toEqual([]);
    expect(ofClock(story.events, clock, dueAt).filter((e) => e.type === 'DEADLINE_PASSED')).toEqual([]);
    expect(story.state.clocks.find((c) => c.kind === clock && c.dueAt === dueAt)).toBeUndefined();
    expect(stuckReasons(story.state).map((r) => r.reason)).not.toContain(stuckReason);
  });
});

describe('the plan acknowledgement window (P14D)', () => {
  it('reminds the physician 7 days before the window ends', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    const state = wakeUpAt(story, '2025-04-18T10:00:00.000Z');
    const { events } = passTime(state, context('2025-04-18T10:00:00.000Z'));
    expect(events).toEqual([
      expect.objectContaining({ type: 'REMINDER_DUE', data: expect.objectContaining({ clock: 'planAcknowledgementDue', to: ['physician'] }) }),
    ]);
  });

  it('a plan not acknowledged within 14 days reminds the physician twice, then moves to follow-up flagged', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.advanceTo('2025-04-24T10:00:00.000Z');
    const state = wakeUpAt(story, '2025-04-25T10:00:00.000Z');
    const { state: after, events } = passTime(state, context('2025-04-25T10:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['REMINDER_DUE', 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED']);
    expect(events[0].data).toMatchObject({ clock: 'planAcknowledgementDue', to: ['physician'] });
    const physicianReminders = story.notifications.concat(notificationsFor(after, events)).filter((n) => n.kind === 'planAcknowledgementDueReminder');
    expect(physicianReminders.map((n) => [n.recipientRole, n.sendAt])).toEqual([
      ['physician', '2025-04-18T10:00:00.000Z'],
      ['physician', '2025-04-25T10:00:00.000Z'],
    ]);
    expect(after.stage).toBe('FOLLOW_UP');
    expect(after.flags).toContain('PLAN_NOT_ACKNOWLEDGED');
  });

  it('its end tells no supervisor and does not make the pathway stuck', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.advanceTo('2025-04-25T10:00:00.000Z');
    expect(story.events.filter((e) => e.type === 'DEADLINE_PASSED')).toEqual([]);
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor')).toEqual([]);
    expect(stuckReasons(story.state)).toEqual([]);
  });

  it('after it ends, follow-up expects the next contact 30 days later', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.advanceTo('2025-04-25T10:00:00.000Z');
    expect(story.state.clocks.find((c) => c.kind === 'contactDue')?.dueAt).toBe('2025-05-25T10:00:00.000Z');
  });

  it('a late acknowledgement clears the "not acknowledged" flag', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-04-28T10:00:00Z' }, '2025-04-28T10:00:00Z', 'dr-martin');
    expect(story.state.flags).not.toContain('PLAN_NOT_ACKNOWLEDGED');
    expect(story.state.stage).toBe('FOLLOW_UP');
  });

  it('acknowledged in time, the physician is reminded of nothing', () => {
    const story = storyUpTo('PLAN_VALIDATION');
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-04-15T10:00:00Z' }, '2025-04-15T10:00:00Z', 'dr-martin');
    story.advanceTo('2025-05-10T10:00:00Z');
    expect(story.notifications.filter((n) => n.recipientRole === 'physician' && n.kind !== 'planToValidate')).toEqual([]);
    expect(story.state.flags).not.toContain('PLAN_NOT_ACKNOWLEDGED');
  });
});

describe('the periodic reassessment (P6M after the plan)', () => {
  const reassessmentRow = ROWS.find((r) => r.clock === 'reassessmentDue') as DeadlineRow;

  it('opens a new cycle in ASSESSMENT when its reminder goes out', () => {
    const story = reassessmentRow.start();
    const state = wakeUpAt(story, '2025-09-27T10:00:00.000Z');
    const { state: after, events } = passTime(state, context('2025-09-27T10:00:00.000Z'));
    expect(events.map((e) => e.type)).toEqual(['REMINDER_DUE', 'REASSESSMENT_CYCLE_STARTED']);
    expect(after).toMatchObject({ stage: 'ASSESSMENT', cycle: 2 });
    expect(after.clocks.find((c) => c.kind === 'contactDue')).toBeUndefined();
  });

  it('the caregiver is told of the visit and the case manager reminded', () => {
    const story = reassessmentRow.start();
    story.advanceTo('2025-09-27T10:00:00.000Z');
    const sent = story.notifications.filter((n) => n.dueAt === '2025-10-11T10:00:00.000Z');
    expect(sent.map((n) => [n.kind, n.recipientRole])).toEqual([
      ['reassessmentDueReminder', 'case_manager'],
      ['reassessmentVisit', 'caregiver'],
    ]);
  });

  it('the new cycle ends with a new plan, which restarts the six-month clock from that plan', () => {
    const story = reassessmentRow.start();
    story.step(sampleCommand('recordAssessment', '2025-10-01T10:00:00Z'), '2025-10-01T10:00:00Z', 'cm-1');
    story.step(sampleCommand('recordPlan', '2025-10-08T10:00:00Z'), '2025-10-08T10:00:00Z', 'cm-1');
    expect(story.state).toMatchObject({ stage: 'PLAN_VALIDATION', cycle: 2 });
    expect(story.state.plan?.version).toBe(2);
    expect(story.state.clocks.find((c) => c.kind === 'reassessmentDue')?.dueAt).toBe('2026-04-08T10:00:00.000Z');
  });
});

describe('inactivity (P45D without a step)', () => {
  // Awaiting assignment from 7 March 09:00: its only other clock is the assignment deadline of 14 March.
  const idle = () => storyUpTo('AWAITING_ASSIGNMENT');

  it('45 days without a step flag the pathway INACTIVE and stuck, and tell the supervisor', () => {
    const story = idle();
    const state = wakeUpAt(story, '2025-04-21T09:00:00.000Z');
    expect(state.flags).not.toContain('INACTIVE');
    const { state: after, events } = passTime(state, context('2025-04-21T09:00:00.000Z'));
    expect(events).toEqual([
      expect.objectContaining({
        type: 'DEADLINE_PASSED',
        data: { clock: 'inactivityStuckAfter', dueAt: '2025-04-21T09:00:00.000Z', reason: 'no event for too long', escalate: ['supervisor'] },
      }),
    ]);
    expect(after.flags).toContain('INACTIVE');
    expect(stuckReasons(after)).toContainEqual({ code: 'inactivityStuckAfter', reason: 'no event for too long', since: '2025-04-21T09:00:00.000Z', clock: 'inactivityStuckAfter' });
  });

  it('timer events (reminders, passing deadlines) are not activity', () => {
    const story = idle();
    story.advanceTo('2025-04-20T09:00:00.000Z');
    expect(story.events.some((e) => e.type === 'DEADLINE_PASSED')).toBe(true);
    expect(story.state.lastActivityAt).toBe(JOURNEY.eligibilityAt);
  });

  it('a step after the pathway went inactive clears the flag and restarts the watch', () => {
    const story = idle();
    story.advanceTo('2025-04-22T09:00:00.000Z');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-04-22T09:00:00.000Z', 'supervisor-1');
    expect(story.state.flags).not.toContain('INACTIVE');
    expect(stuckReasons(story.state).map((r) => r.reason)).not.toContain('no event for too long');
    expect(story.state.clocks.find((c) => c.kind === 'inactivityStuckAfter')?.dueAt).toBe('2025-06-06T09:00:00.000Z');
  });

  it('a step on day 44 keeps the pathway from going inactive on day 45', () => {
    const story = idle();
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-04-20T09:00:00.000Z', 'supervisor-1');
    story.advanceTo('2025-04-22T09:00:00.000Z');
    expect(ofClock(story.events, 'inactivityStuckAfter')).toEqual([]);
  });
});

describe('escalations to the supervisor', () => {
  it('two deadlines passing together tell the supervisor once; the stuck list still shows both', () => {
    const policy = parsePolicy({ firstHomeVisitDue: 'P7D', firstHomeVisitDueReminderBefore: 'P0D' });
    const story = storyUpTo('ASSESSMENT', policy);
    story.advanceTo('2025-03-14T14:00:00.000Z');
    const passed = story.events.filter((e) => e.type === 'DEADLINE_PASSED');
    expect(passed.map((e) => [e.data.clock, e.data.escalate])).toEqual([
      ['firstContactDue', ['supervisor']],
      ['firstHomeVisitDue', undefined],
    ]);
    expect(story.notifications.filter((n) => n.recipientRole === 'supervisor')).toHaveLength(1);
    expect(stuckReasons(story.state).map((r) => r.reason)).toEqual(['first contact overdue', 'first home visit overdue']);
  });

  it('go out at most once per escalationRepeatAfter', () => {
    const policy = parsePolicy({ escalationRepeatAfter: 'P10D' });
    const story = storyUpTo('ASSESSMENT', policy);
    // Nothing done after the assignment of 7 March: first contact day 7, first home visit day 15, assessment day 30.
    story.advanceTo('2025-04-06T14:00:00.000Z');
    const passed = story.events.filter((e) => e.type === 'DEADLINE_PASSED');
    expect(passed.map((e) => [e.data.clock, e.at, e.data.escalate])).toEqual([
      ['firstContactDue', '2025-03-14T14:00:00.000Z', ['supervisor']],
      ['firstHomeVisitDue', '2025-03-22T14:00:00.000Z', undefined],
      ['assessmentDue', '2025-04-06T14:00:00.000Z', ['supervisor']],
    ]);
  });
});

describe('a hospital stay', () => {
  const admitted = () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('logContact', '2025-05-12T09:00:00Z'), '2025-05-12T09:00:00Z', 'cm-1');
    story.step(sampleCommand('admitToHospital', '2025-06-02T08:00:00Z'), '2025-06-02T08:00:00Z', 'cm-1');
    return story;
  };

  it('on day 31 alerts the case manager and the family (a home APA stops)', () => {
    const story = admitted();
    const state = wakeUpAt(story, '2025-07-02T08:00:00.000Z');
    const { state: after, events } = passTime(state, context('2025-07-02T08:00:00.000Z'));
    const alerts = events.filter((e) => e.type === 'HOSPITAL_DAY_31');
    expect(alerts).toEqual([expect.objectContaining({ data: expect.objectContaining({ admittedAt: '2025-06-02T08:00:00Z', to: ['case_manager', 'caregiver'] }) })]);
    expect(after.flags).toContain('HOSPITAL_DAY_31');
    expect(notificationsFor(after, alerts).map((n) => [n.kind, n.recipientRole])).toEqual([
      ['hospitalDay31', 'case_manager'],
      ['hospitalDay31', 'caregiver'],
    ]);
  });

  it('alerts on day 31 only once', () => {
    const story = admitted();
    story.advanceTo('2025-08-15T08:00:00.000Z');
    expect(story.events.filter((e) => e.type === 'HOSPITAL_DAY_31')).toHaveLength(1);
  });

  it('ended before day 31 raises no alert', () => {
    const story = admitted();
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-07-01T10:00:00Z', destination: 'OTHER' }, '2025-07-01T12:00:00Z', 'cm-1');
    story.advanceTo('2025-08-15T08:00:00.000Z');
    expect(story.events.filter((e) => e.type === 'HOSPITAL_DAY_31')).toEqual([]);
  });
});

describe('passing time', () => {
  it('does not change the state it is given', () => {
    const state = storyUpTo('ASSESSMENT').state;
    const before = structuredClone(state);
    passTime(state, context('2025-06-01T00:00:00Z'));
    expect(state).toEqual(before);
  });

  it('has nothing to do before the next wake-up', () => {
    const state = storyUpTo('ASSESSMENT').state;
    const wake = nextWakeUp(state, DEFAULT_POLICY) as string;
    expect(passTime(state, context(shiftIso(wake, -MS))).events).toEqual([]);
  });

  it('late by weeks, it catches up on everything due in one pass', () => {
    const state = storyUpTo('ASSESSMENT').state;
    const { events } = passTime(state, context('2025-04-10T00:00:00Z'));
    expect(events.filter((e) => e.type === 'DEADLINE_PASSED').map((e) => e.data.clock)).toEqual(['firstContactDue', 'firstHomeVisitDue', 'assessmentDue']);
    expect(events.filter((e) => e.type === 'REMINDER_DUE')).toHaveLength(3);
  });

  it('after a closure, wakes up for nothing and sends nothing, even for a hospital stay on record', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('admitToHospital', '2025-05-01T08:00:00Z'), '2025-05-01T08:00:00Z', 'cm-1');
    story.step({ type: 'closePathway', reason: 'MOVED' }, '2025-05-02T08:00:00Z', 'cm-1');
    expect(nextWakeUp(story.state, DEFAULT_POLICY)).toBeUndefined();
    expect(passTime(story.state, context('2026-01-01T00:00:00Z')).events).toEqual([]);
  });
});

