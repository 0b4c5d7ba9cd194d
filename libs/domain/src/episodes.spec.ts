/**
 * Episodes alongside the stage (PATHWAY.md "Episodes", "Rules from practice and law"): the end of a hospital
 * stay, respite, crises, an institutional admission and death, on the default policy, driven the way the
 * workflow drives them (steps at their dates, `nextWakeUp`/`passTime` in between).
 */
import { CLOCK_KINDS, CLOCK_RULES } from './clocks';
import { PathwayCommand } from './commands';
import { decide } from './decide';
import { notificationsFor } from './notifications';
import { DEFAULT_POLICY, parsePolicy } from './policy';
import { PathwayState, Rejection } from './state';
import { stuckReasons, summarize } from './summary';
import { DEADLINE_OUTCOMES, nextWakeUp, passTime } from './timers';
import { context, PathwayStory, referralOf, sampleCommand, storyUpTo } from './testing/pathway-fixtures';

/** FOLLOW_UP since 2025-04-15, a contact logged 2025-05-12 (next one due 2025-06-11). */
function inFollowUp(story = storyUpTo('FOLLOW_UP')): PathwayStory {
  story.step(sampleCommand('logContact', '2025-05-12T09:00:00Z'), '2025-05-12T09:00:00Z', 'cm-1');
  return story;
}

function refused(story: PathwayStory, command: PathwayCommand, at: string): Rejection {
  const decision = story.attempt(command, at, 'cm-1');
  if (decision.ok) throw new Error(`${command.type} at ${at} was accepted`);
  return decision.rejection;
}

const clockOf = (state: PathwayState, kind: string, ref?: string) => state.clocks.find((c) => c.kind === kind && (ref === undefined || c.ref === ref));
const sent = (story: PathwayStory, kind: string) => story.notifications.filter((n) => n.kind === kind).map((n) => [n.sendAt, n.recipientRole]);

describe('the clock table', () => {
  it('every deadline whose passing is an outcome has that outcome, and only those', () => {
    const withOutcome = CLOCK_KINDS.filter((kind) => CLOCK_RULES[kind].outcome !== undefined || kind === 'planAcknowledgementDue');
    expect(CLOCK_KINDS.filter((kind) => DEADLINE_OUTCOMES[kind] !== undefined)).toEqual(withOutcome);
    for (const kind of withOutcome) expect([kind, CLOCK_RULES[kind].escalates]).toEqual([kind, false]);
  });

  it("every reminder's lead time is a policy key", () => {
    for (const kind of CLOCK_KINDS) {
      const key = CLOCK_RULES[kind].reminderBefore;
      if (key) expect([kind, typeof DEFAULT_POLICY[key]]).toEqual([kind, 'string']);
    }
  });

  it('the new reminder lead times have defaults and can be overridden for a compressed demo', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      servicesRestartDueReminderBefore: 'PT24H',
      crisisActionDueReminderBefore: 'PT6H',
      apaProviderDeclarationDueReminderBefore: 'P7D',
      nursingHomeMedicalPartDueReminderBefore: 'P2D',
    });
    const demo = { servicesRestartDue: 'PT40S', servicesRestartDueReminderBefore: 'PT20S', crisisActionDue: 'PT30S', crisisActionDueReminderBefore: 'PT10S' };
    expect(parsePolicy(demo)).toMatchObject(demo);
    expect(() => parsePolicy({ crisisActionDue: 'PT1H' })).toThrow(/crisisActionDueReminderBefore \(PT6H\) is longer than crisisActionDue \(PT1H\)/);
  });
});

describe('hospitalization: discharge letter and home services', () => {
  /** Admitted 2025-05-02 after a fall, discharged home 2025-05-20 11:00 (recorded 15:00). */
  function dischargedHome(): PathwayStory {
    const story = inFollowUp();
    story.step({ type: 'admitToHospital', admittedAt: '2025-05-02T08:00:00Z', facility: 'CHU Bichat', reason: 'fall' }, '2025-05-02T10:00:00Z', 'cm-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-05-20T11:00:00Z', destination: 'HOME' }, '2025-05-20T15:00:00Z', 'cm-1');
    return story;
  }

  it('the discharge letter is due by the end of the discharge day; the case manager is reminded then, the supervisor is not told', () => {
    const story = dischargedHome();
    expect(clockOf(story.state, 'dischargeLetterDue')?.dueAt).toBe('2025-05-20T23:59:59.999Z');
    story.advanceTo('2025-05-20T23:59:59.998Z');
    expect(sent(story, 'dischargeLetterDueReminder')).toEqual([]);
    story.advanceTo('2025-05-21T08:00:00Z');
    expect(sent(story, 'dischargeLetterDueReminder')).toEqual([['2025-05-20T23:59:59.999Z', 'case_manager']]);
    expect(sent(story, 'dischargeLetterDueOverdue')).toEqual([]);
    // A third party's delay: overdue in the summary's deadlines, not in the stuck list.
    expect(summarize(story.state, new Date('2025-05-21T08:00:00Z')).deadlines.find((d) => d.kind === 'dischargeLetterDue')).toMatchObject({ overdue: true });
    expect(stuckReasons(story.state)).toEqual([]);
  });

  it('a discharge letter recorded that day stops its clock: nothing is sent', () => {
    const story = dischargedHome();
    story.step({ type: 'recordDischargeLetter', receivedAt: '2025-05-20T16:00:00Z' }, '2025-05-20T16:30:00Z', 'cm-1');
    story.advanceTo('2025-05-25T00:00:00Z');
    expect(clockOf(story.state, 'dischargeLetterDue')).toBeUndefined();
    expect(story.notifications.filter((n) => n.kind.startsWith('dischargeLetterDue'))).toEqual([]);
    expect(story.state.lastDischarge?.dischargeLetterReceivedAt).toBe('2025-05-20T16:00:00Z');
  });

  it('home services restart within 48 hours: the case manager is reminded a day before, the supervisor told when they have not', () => {
    const story = dischargedHome();
    expect(clockOf(story.state, 'servicesRestartDue')).toMatchObject({
      dueAt: '2025-05-22T11:00:00.000Z',
      reminders: [{ at: '2025-05-21T11:00:00.000Z', to: ['case_manager'] }],
    });
    story.step({ type: 'recordDischargeLetter', receivedAt: '2025-05-20T16:00:00Z' }, '2025-05-20T16:30:00Z', 'cm-1');
    story.advanceTo('2025-05-23T00:00:00Z');
    expect(sent(story, 'servicesRestartDueReminder')).toEqual([['2025-05-21T11:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'servicesRestartDueOverdue')).toEqual([['2025-05-22T11:00:00.000Z', 'supervisor']]);
    expect(stuckReasons(story.state)).toEqual([
      { code: 'servicesRestartDue', reason: 'home services not restarted after discharge', since: '2025-05-22T11:00:00.000Z', clock: 'servicesRestartDue' },
    ]);
  });

  it('services confirmed restarted in time: no reminder, no escalation', () => {
    const story = dischargedHome();
    story.step({ type: 'confirmServicesRestarted', at: '2025-05-21T09:00:00Z' }, '2025-05-21T09:30:00Z', 'cm-1');
    story.advanceTo('2025-05-25T00:00:00Z');
    expect(story.notifications.filter((n) => n.kind.startsWith('servicesRestartDue'))).toEqual([]);
    expect(story.state.lastDischarge?.servicesRestartedAt).toBe('2025-05-21T09:00:00Z');
  });

  it('a services restart dated before the discharge, or twice, is rejected', () => {
    const story = dischargedHome();
    expect(refused(story, { type: 'confirmServicesRestarted', at: '2025-05-19T09:00:00Z' }, '2025-05-21T09:00:00Z').reason).toBe(
      'at (2025-05-19T09:00:00Z) is before the discharge (2025-05-20T11:00:00Z)',
    );
    story.step({ type: 'confirmServicesRestarted', at: '2025-05-21T09:00:00Z' }, '2025-05-21T09:30:00Z', 'cm-1');
    expect(refused(story, { type: 'confirmServicesRestarted', at: '2025-05-21T10:00:00Z' }, '2025-05-21T10:00:00Z').reason).toMatch(/already confirmed/);
  });

  it('without a discharge on record, a discharge letter or a restart is rejected, naming the stage', () => {
    const story = inFollowUp();
    expect(refused(story, { type: 'recordDischargeLetter', receivedAt: '2025-05-13T09:00:00Z' }, '2025-05-13T09:00:00Z')).toEqual({
      stage: 'FOLLOW_UP',
      reason: 'there is no hospital discharge on record',
    });
    expect(refused(story, { type: 'confirmServicesRestarted', at: '2025-05-13T09:00:00Z' }, '2025-05-13T09:00:00Z').reason).toBe(
      'there is no discharge home whose services are to restart',
    );
  });

  it('a discharge elsewhere than home expects the letter but no services restart', () => {
    const story = inFollowUp();
    story.step(sampleCommand('admitToHospital', '2025-05-02T08:00:00Z'), '2025-05-02T10:00:00Z', 'cm-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-05-20T11:00:00Z', destination: 'OTHER' }, '2025-05-20T15:00:00Z', 'cm-1');
    expect(clockOf(story.state, 'dischargeLetterDue')).toBeDefined();
    expect(clockOf(story.state, 'servicesRestartDue')).toBeUndefined();
  });

  it('before any plan, a discharge home has no services to restart', () => {
    const story = storyUpTo('ASSESSMENT');
    story.step(sampleCommand('admitToHospital', '2025-03-10T08:00:00Z'), '2025-03-10T10:00:00Z', 'cm-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-03-14T11:00:00Z', destination: 'HOME' }, '2025-03-14T12:00:00Z', 'cm-1');
    expect(clockOf(story.state, 'servicesRestartDue')).toBeUndefined();
    expect(clockOf(story.state, 'dischargeLetterDue')?.dueAt).toBe('2025-03-14T23:59:59.999Z');
  });

  it('before a case manager is assigned, nobody is there to chase the letter: no clock', () => {
    const story = PathwayStory.referred('2025-03-03T09:00:00.000Z');
    story.step(sampleCommand('admitToHospital', '2025-03-04T08:00:00Z'), '2025-03-04T10:00:00Z', 'intake-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-03-05T11:00:00Z', destination: 'HOME' }, '2025-03-05T12:00:00Z', 'intake-1');
    expect(clockOf(story.state, 'dischargeLetterDue')).toBeUndefined();
  });

  it('the day-31 alert tells the case manager and the family, and says whether a home APA granted here stops', () => {
    const story = inFollowUp();
    story.step({ type: 'submitApaApplication', submittedAt: '2025-05-13T09:00:00Z' }, '2025-05-13T09:00:00Z', 'cm-1');
    story.step({ type: 'decideApaApplication', decidedAt: '2025-06-02T09:00:00Z', outcome: 'GRANTED', gir: 4 }, '2025-06-02T09:00:00Z', 'cm-1');
    story.step({ type: 'declareApaProvider', at: '2025-06-05T09:00:00Z', provider: 'SAAD Nord' }, '2025-06-05T09:00:00Z', 'cm-1');
    story.step(sampleCommand('admitToHospital', '2025-06-06T08:00:00Z'), '2025-06-06T10:00:00Z', 'cm-1');
    story.advanceTo('2025-07-08T00:00:00Z');
    const alerts = story.notifications.filter((n) => n.kind === 'hospitalDay31');
    expect(alerts.map((n) => [n.sendAt, n.recipientRole, n.data])).toEqual([
      ['2025-07-06T08:00:00.000Z', 'case_manager', { homeApaGranted: true }],
      ['2025-07-06T08:00:00.000Z', 'caregiver', { homeApaGranted: true }],
    ]);
  });

  it('without a caregiver on record, the day-31 alert goes to the case manager only', () => {
    const story = PathwayStory.referred('2025-03-03T09:00:00.000Z', DEFAULT_POLICY, { ...referralOf('2025-03-03T09:00:00.000Z'), caregiver: undefined });
    story.step(sampleCommand('admitToHospital', '2025-03-04T08:00:00Z'), '2025-03-04T10:00:00Z', 'intake-1');
    story.advanceTo('2025-04-05T00:00:00Z');
    expect(sent(story, 'hospitalDay31')).toEqual([['2025-04-03T08:00:00.000Z', 'case_manager']]);
  });
});

describe('respite', () => {
  const stay = (startsAt: string, endsAt: string, kind: 'DAY_CARE' | 'TEMPORARY_ACCOMMODATION' = 'TEMPORARY_ACCOMMODATION'): PathwayCommand => ({
    type: 'planRespite',
    kind,
    startsAt,
    endsAt,
    provider: 'EHPAD Les Tilleuls (hébergement temporaire)',
  });

  it('reminds the caregiver 2 days before the start and 2 days before the end, and nobody else', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    story.advanceTo('2025-06-20T00:00:00Z');
    expect(sent(story, 'respiteStartReminder')).toEqual([['2025-05-31T10:00:00.000Z', 'caregiver']]);
    expect(sent(story, 'respiteEndReminder')).toEqual([['2025-06-14T10:00:00.000Z', 'caregiver']]);
    expect(story.notifications.filter((n) => n.kind.startsWith('respite') && n.recipientRole !== 'caregiver')).toEqual([]);
  });

  it('begins and ends on its dates without anything being overdue', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    story.advanceTo('2025-06-03T00:00:00Z');
    expect(story.state.respites).toEqual([expect.objectContaining({ id: 'respite-1', status: 'ONGOING' })]);
    story.advanceTo('2025-06-20T00:00:00Z');
    expect(story.state.respites).toEqual([]);
    expect(story.events.filter((e) => e.type.startsWith('RESPITE_')).map((e) => [e.type, e.at])).toEqual([
      ['RESPITE_PLANNED', '2025-05-20T10:00:00.000Z'],
      ['RESPITE_STARTED', '2025-06-02T10:00:00.000Z'],
      ['RESPITE_ENDED', '2025-06-16T10:00:00.000Z'],
    ]);
    expect(story.events.filter((e) => e.type === 'DEADLINE_PASSED' && String(e.data.clock).startsWith('respite'))).toEqual([]);
  });

  it('temporary accommodation counts its calendar days against the year: the state keeps the days used per year', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(story.state.respiteDaysUsed).toEqual({ 2025: 15 });
    expect(story.events.at(-1)?.data).toMatchObject({ respiteId: 'respite-1', daysLeft: { 2025: 75 } });
    expect(summarize(story.state, new Date('2025-05-20T10:00:00Z')).episodes.respiteDaysLeft).toEqual({ 2025: 75 });
  });

  it('a request beyond what is left of the 90 days is refused with the remaining count', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-07-21T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1'); // 50 days
    story.step(stay('2025-08-01T10:00:00Z', '2025-08-30T10:00:00Z'), '2025-05-20T11:00:00Z', 'cm-1'); // 30 days
    const rejection = refused(story, stay('2025-09-01T10:00:00Z', '2025-09-15T10:00:00Z'), '2025-05-20T12:00:00Z');
    expect(rejection).toEqual({
      stage: 'FOLLOW_UP',
      reason: 'temporary accommodation is limited to 90 days per calendar year: 10 days left in 2025, this stay needs 15',
    });
    expect(story.state.respiteDaysUsed).toEqual({ 2025: 80 });
    story.step(stay('2025-09-01T10:00:00Z', '2025-09-10T10:00:00Z'), '2025-05-20T12:00:00Z', 'cm-1'); // exactly the 10 left
    expect(story.state.respiteDaysUsed).toEqual({ 2025: 90 });
  });

  it('a stay across the new year takes its days from each calendar year', () => {
    const story = inFollowUp();
    story.step(stay('2025-12-28T10:00:00Z', '2026-01-05T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(story.state.respiteDaysUsed).toEqual({ 2025: 4, 2026: 5 });
  });

  it('day care does not count against the temporary accommodation allowance', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T08:00:00Z', '2025-12-31T18:00:00Z', 'DAY_CARE'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(story.state.respiteDaysUsed).toBeUndefined();
  });

  it('a respite overlapping another of the same kind is rejected', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(refused(story, stay('2025-06-10T10:00:00Z', '2025-06-20T10:00:00Z'), '2025-05-20T11:00:00Z').reason).toBe(
      'a temporary accommodation (respite-1) is already planned from 2025-06-02T10:00:00.000Z to 2025-06-16T10:00:00.000Z',
    );
  });

  it('a stay of a day reminds the caregiver before the start only', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T08:00:00Z', '2025-06-02T18:00:00Z', 'DAY_CARE'), '2025-05-20T10:00:00Z', 'cm-1');
    story.advanceTo('2025-06-05T00:00:00Z');
    expect(sent(story, 'respiteStartReminder')).toEqual([['2025-05-31T08:00:00.000Z', 'caregiver']]);
    expect(sent(story, 'respiteEndReminder')).toEqual([]);
  });

  it('cancelled before it begins: its days go back to the year and nothing is sent', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'cancelRespite', respiteId: 'respite-1', note: 'place no longer available' }, '2025-05-25T10:00:00Z', 'cm-1');
    story.advanceTo('2025-06-20T00:00:00Z');
    expect(story.state.respiteDaysUsed).toEqual({});
    expect(story.state.clocks.filter((c) => c.kind.startsWith('respite'))).toEqual([]);
    expect(story.notifications.filter((n) => n.kind.startsWith('respite'))).toEqual([]);
  });

  it('a respite under way cannot be cancelled; an unknown one is named', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    expect(refused(story, { type: 'cancelRespite', respiteId: 'respite-1' }, '2025-06-05T10:00:00Z').reason).toBe(
      'respite respite-1 began on 2025-06-02T10:00:00.000Z; it can no longer be cancelled',
    );
    expect(refused(story, { type: 'cancelRespite', respiteId: 'respite-9' }, '2025-06-05T10:00:00Z').reason).toBe('there is no planned respite respite-9');
  });

  it('dates that do not make a respite are field errors', () => {
    const story = inFollowUp();
    const rejection = refused(story, stay('2025-06-16T10:00:00Z', '2025-06-02T10:00:00Z'), '2025-05-20T10:00:00Z');
    expect(rejection.errors).toEqual([{ field: 'endsAt', message: 'endsAt (2025-06-02T10:00:00Z) must be after startsAt (2025-06-16T10:00:00Z)' }]);
    expect(refused(story, { ...stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), kind: 'HOLIDAY' } as never, '2025-05-20T10:00:00Z').errors).toEqual([
      { field: 'kind', message: 'kind must be one of DAY_CARE, TEMPORARY_ACCOMMODATION' },
    ]);
  });

  it('a Zarit of 64 proposes respite; planning one answers the proposal', () => {
    const story = inFollowUp();
    story.step({ type: 'recordAssessment', assessment: { performedAt: '2025-05-20T10:00:00Z', zarit: 64, summary: 'exhausted daughter' } }, '2025-05-20T10:00:00Z', 'cm-1');
    expect(story.state.flags).toContain('RESPITE_PROPOSED');
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-21T10:00:00Z', 'cm-1');
    expect(story.state.flags).not.toContain('RESPITE_PROPOSED');
  });

  it('the summary shows the respites with their own deadlines, and the current one', () => {
    const story = inFollowUp();
    story.step(stay('2025-06-02T10:00:00Z', '2025-06-16T10:00:00Z'), '2025-05-20T10:00:00Z', 'cm-1');
    story.step(stay('2025-06-03T08:00:00Z', '2025-09-30T18:00:00Z', 'DAY_CARE'), '2025-05-20T11:00:00Z', 'cm-1');
    const { episodes, deadlines } = summarize(story.state, new Date('2025-05-21T00:00:00Z'));
    expect(episodes.respites.map((r) => [r.id, r.deadlines.map((d) => [d.kind, d.ref, d.dueAt])])).toEqual([
      ['respite-1', [['respiteStart', 'respite-1', '2025-06-02T10:00:00.000Z'], ['respiteEnd', 'respite-1', '2025-06-16T10:00:00.000Z']]],
      ['respite-2', [['respiteStart', 'respite-2', '2025-06-03T08:00:00.000Z'], ['respiteEnd', 'respite-2', '2025-09-30T18:00:00.000Z']]],
    ]);
    expect(episodes.respite?.id).toBe('respite-1');
    expect(deadlines.filter((d) => d.kind === 'respiteStart').map((d) => d.ref)).toEqual(['respite-1', 'respite-2']);
  });
});

describe('crisis (SCENARIOS.md story 5: the daughter hospitalised 2025-11-03 18:00)', () => {
  /** FOLLOW_UP in a cycle whose plan was recorded 2025-09-20: the routine reassessment is due 2026-03-20. */
  function inFollowUpInNovember(): PathwayStory {
    const story = PathwayStory.referred('2025-08-25T09:00:00.000Z');
    story.step(sampleCommand('decideEligibility', '2025-08-27T09:00:00Z'), '2025-08-27T09:00:00Z', 'intake-1');
    story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, '2025-08-28T09:00:00Z', 'supervisor-1');
    story.step({ type: 'recordConsent', given: true, at: '2025-09-01T10:00:00Z' }, '2025-09-01T10:00:00Z', 'cm-1');
    story.step(sampleCommand('recordAssessment', '2025-09-10T10:00:00Z'), '2025-09-10T10:00:00Z', 'cm-1');
    story.step(sampleCommand('recordPlan', '2025-09-20T10:00:00Z'), '2025-09-20T10:00:00Z', 'cm-1');
    story.step({ type: 'acknowledgePlan', acknowledgedAt: '2025-09-24T10:00:00Z' }, '2025-09-24T10:00:00Z', 'dr-martin');
    story.step(sampleCommand('logContact', '2025-10-20T09:00:00Z'), '2025-10-20T09:00:00Z', 'cm-1');
    return story;
  }
  const crisis: PathwayCommand = { type: 'openCrisis', at: '2025-11-03T18:00:00Z', kind: 'CAREGIVER_EXHAUSTION', note: 'daughter hospitalised; the person is alone' };

  it('notifies the supervisor at once and sets the action due 2025-11-04 18:00', () => {
    const story = inFollowUpInNovember();
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    expect(sent(story, 'crisisOpened')).toEqual([['2025-11-03T18:30:00.000Z', 'supervisor']]);
    expect(story.notifications.find((n) => n.kind === 'crisisOpened')?.data).toEqual({ kind: 'CAREGIVER_EXHAUSTION' });
    expect(clockOf(story.state, 'crisisActionDue')?.dueAt).toBe('2025-11-04T18:00:00.000Z');
    expect(story.state.flags).toContain('CRISIS_OPEN');
  });

  it('without an action within 24 hours: the case manager reminded 6 hours before, the supervisor told at the deadline', () => {
    const story = inFollowUpInNovember();
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    story.advanceTo('2025-11-05T00:00:00Z');
    expect(sent(story, 'crisisActionDueReminder')).toEqual([['2025-11-04T12:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'crisisActionDueOverdue')).toEqual([['2025-11-04T18:00:00.000Z', 'supervisor']]);
    expect(stuckReasons(story.state)).toContainEqual({ code: 'crisisActionDue', reason: 'crisis without action within 24 hours', since: '2025-11-04T18:00:00.000Z', clock: 'crisisActionDue' });
  });

  it('an action recorded in time stops the clock: no reminder, no escalation', () => {
    const story = inFollowUpInNovember();
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    story.step({ type: 'recordCrisisAction', at: '2025-11-03T21:00:00Z', note: 'emergency home help for the night' }, '2025-11-03T21:10:00Z', 'cm-1');
    story.advanceTo('2025-11-06T00:00:00Z');
    expect(story.notifications.filter((n) => n.kind.startsWith('crisisActionDue'))).toEqual([]);
    expect(story.state.crisis).toMatchObject({ firstActionAt: '2025-11-03T21:00:00Z', actionCount: 1 });
  });

  it('resolved 2025-11-10: a significant-change reassessment due 2025-11-25 replaces the routine one, in a new cycle', () => {
    const story = inFollowUpInNovember();
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    story.step({ type: 'recordCrisisAction', at: '2025-11-03T21:00:00Z' }, '2025-11-03T21:10:00Z', 'cm-1');
    const [resolved] = story.step({ type: 'resolveCrisis', at: '2025-11-10T10:00:00Z', note: 'daughter back home' }, '2025-11-10T11:00:00Z', 'cm-1');
    expect(story.state).toMatchObject({ stage: 'ASSESSMENT', cycle: 2, crisis: undefined, lastCrisis: { resolvedAt: '2025-11-10T10:00:00Z' } });
    expect(story.state.flags).not.toContain('CRISIS_OPEN');
    expect(clockOf(story.state, 'significantChangeReassessmentDue')?.dueAt).toBe('2025-11-25T10:00:00.000Z');
    expect(clockOf(story.state, 'reassessmentDue')).toBeUndefined();
    expect(clockOf(story.state, 'contactDue')).toBeUndefined();
    expect(resolved.data).toMatchObject({ reassessmentDueAt: '2025-11-25T10:00:00.000Z', cycle: 2, stage: 'ASSESSMENT' });
  });

  it('the significant-change reassessment reminds the case manager 5 days before and escalates when missed', () => {
    const story = inFollowUpInNovember();
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    story.step({ type: 'resolveCrisis', at: '2025-11-10T10:00:00Z' }, '2025-11-10T11:00:00Z', 'cm-1');
    story.advanceTo('2025-11-26T00:00:00Z');
    expect(sent(story, 'significantChangeReassessmentDueReminder')).toEqual([['2025-11-20T10:00:00.000Z', 'case_manager']]);
    expect(sent(story, 'significantChangeReassessmentDueOverdue')).toEqual([['2025-11-25T10:00:00.000Z', 'supervisor']]);
  });

  it('a second crisis while one is open, or an action without one, is rejected', () => {
    const story = inFollowUpInNovember();
    expect(refused(story, { type: 'recordCrisisAction', at: '2025-11-03T19:00:00Z' }, '2025-11-03T19:00:00Z').reason).toBe('there is no open crisis');
    story.step(crisis, '2025-11-03T18:30:00Z', 'cm-1');
    expect(refused(story, { ...crisis, at: '2025-11-04T08:00:00Z' }, '2025-11-04T08:00:00Z').reason).toBe(
      'a crisis (CAREGIVER_EXHAUSTION) is already open since 2025-11-03T18:00:00Z',
    );
    expect(refused(story, { type: 'resolveCrisis', at: '2025-11-02T10:00:00Z' }, '2025-11-04T08:00:00Z').reason).toBe(
      'at (2025-11-02T10:00:00Z) is before the crisis began (2025-11-03T18:00:00Z)',
    );
  });

  it('a crisis is opened by a case manager in charge: not before assignment', () => {
    const story = storyUpTo('AWAITING_ASSIGNMENT');
    expect(refused(story, { ...crisis, at: '2025-03-08T10:00:00Z' }, '2025-03-08T10:00:00Z').reason).toBe('a crisis is not allowed in stage AWAITING_ASSIGNMENT');
  });
});

describe('institutional admission with episodes running', () => {
  it('ends respites (their days back to the year) and keeps the legal and APA files running', () => {
    const story = inFollowUp();
    story.step({ type: 'planRespite', kind: 'TEMPORARY_ACCOMMODATION', startsAt: '2025-07-01T10:00:00Z', endsAt: '2025-07-10T10:00:00Z', provider: 'EHPAD' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'requestLegalProtection', kind: 'TUTELLE', certificateAt: '2025-05-20T10:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'fileLegalProtectionRequest', filedAt: '2025-05-21T10:00:00Z' }, '2025-05-21T10:00:00Z', 'cm-1');
    story.step({ type: 'submitApaApplication', submittedAt: '2025-05-21T10:00:00Z' }, '2025-05-21T10:00:00Z', 'cm-1');
    story.step(sampleCommand('admitToInstitution', '2025-06-01T10:00:00Z'), '2025-06-01T10:00:00Z', 'cm-1');
    expect(story.state.respites).toEqual([]);
    expect(story.state.respiteDaysUsed).toEqual({});
    expect(story.state.clocks.map((c) => c.kind).sort()).toEqual(
      ['apaAcknowledgementDue', 'apaDecisionDue', 'inactivityStuckAfter', 'legalRequestLapseAfter', 'postAdmissionFollowUpDue'].sort(),
    );
    expect(story.events.at(-1)?.data).toMatchObject({ cancelledRespites: ['respite-1'] });
  });
});

describe('death', () => {
  /** A pathway full of running episodes: respite, crisis, APA, legal request, EHPAD application, hospital stay. */
  function busy(): PathwayStory {
    const story = inFollowUp();
    story.step({ type: 'planRespite', kind: 'DAY_CARE', startsAt: '2025-06-10T08:00:00Z', endsAt: '2025-06-30T18:00:00Z', provider: 'Accueil de jour' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'openCrisis', at: '2025-05-20T10:00:00Z', kind: 'ACUTE_SITUATION' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'submitApaApplication', submittedAt: '2025-05-20T10:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: '2025-05-20T10:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'fileLegalProtectionRequest', filedAt: '2025-05-20T10:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step({ type: 'submitNursingHomeApplication', facility: 'EHPAD Les Tilleuls', submittedAt: '2025-05-20T10:00:00Z' }, '2025-05-20T10:00:00Z', 'cm-1');
    story.step(sampleCommand('admitToHospital', '2025-05-21T08:00:00Z'), '2025-05-21T10:00:00Z', 'cm-1');
    return story;
  }

  it('closes at once from any episode: every clock and flag gone, nothing ever wakes the pathway again', () => {
    const story = busy();
    story.step({ type: 'closePathway', reason: 'DECEASED' }, '2025-05-22T10:00:00Z', 'cm-1');
    expect(story.state).toMatchObject({ stage: 'CLOSED', closure: { reason: 'DECEASED' }, clocks: [], flags: [] });
    expect(nextWakeUp(story.state, DEFAULT_POLICY)).toBeUndefined();
    const before = story.notifications.length;
    expect(story.advanceTo('2031-01-01T00:00:00Z')).toEqual([]);
    expect(story.notifications.length).toBe(before);
  });

  it('nothing more is ever sent to the family, even for what fell due in the same hand-over', () => {
    const story = busy();
    // The respite reminder of 2025-06-08 falls due, then the death is recorded before the hand-over.
    const due = passTime(story.state, context('2025-06-08T08:00:00Z', DEFAULT_POLICY, 'system'));
    const reminder = due.events.filter((e) => e.type === 'REMINDER_DUE' && e.data.clock === 'respiteStart');
    expect(notificationsFor(due.state, reminder).map((n) => n.recipientRole)).toEqual(['caregiver']);
    const death = decide(due.state, { type: 'closePathway', reason: 'DECEASED' }, context('2025-06-08T09:00:00Z'));
    if (!death.ok) throw new Error(death.rejection.reason);
    const handedOver = notificationsFor(death.state, [...due.events, ...death.events]);
    expect(handedOver.filter((n) => n.recipientRole === 'caregiver')).toEqual([]);
  });

  it('a closed pathway accepts no episode step', () => {
    const story = busy();
    story.step({ type: 'closePathway', reason: 'DECEASED' }, '2025-05-22T10:00:00Z', 'cm-1');
    for (const command of [
      sampleCommand('resolveCrisis', '2025-05-23T10:00:00Z'),
      sampleCommand('decideApaApplication', '2025-05-23T10:00:00Z'),
      sampleCommand('planRespite', '2025-05-23T10:00:00Z'),
    ]) {
      expect(refused(story, command, '2025-05-23T10:00:00Z').reason).toBe('the pathway is closed (DECEASED); it accepts no more steps');
    }
  });
});

describe('the summary of episodes', () => {
  it('shows the hospital stay with the day its home-APA alert goes out', () => {
    const story = inFollowUp();
    story.step({ type: 'admitToHospital', admittedAt: '2025-07-02T06:00:00Z', facility: 'CHU Bichat' }, '2025-07-02T09:00:00Z', 'cm-1');
    expect(summarize(story.state, new Date('2025-07-03T00:00:00Z')).episodes.hospitalization).toEqual({
      admittedAt: '2025-07-02T06:00:00Z',
      facility: 'CHU Bichat',
      apaAlertAt: '2025-08-01T06:00:00.000Z',
    });
  });

  it('shows the discharge with its letter, restart and return-assessment deadlines', () => {
    const story = inFollowUp();
    story.step(sampleCommand('admitToHospital', '2025-05-02T08:00:00Z'), '2025-05-02T10:00:00Z', 'cm-1');
    story.step({ type: 'dischargeFromHospital', dischargedAt: '2025-05-20T11:00:00Z', destination: 'HOME' }, '2025-05-20T15:00:00Z', 'cm-1');
    const discharge = summarize(story.state, new Date('2025-05-20T16:00:00Z')).episodes.lastDischarge;
    expect(discharge?.deadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['dischargeLetterDue', '2025-05-20T23:59:59.999Z'],
      ['servicesRestartDue', '2025-05-22T11:00:00.000Z'],
      ['postDischargeReassessmentDue', '2025-05-27T11:00:00.000Z'],
    ]);
  });

  it('a state carried from a run older than episodes reads as "none yet"', () => {
    const story = inFollowUp();
    const old = { ...story.state } as Partial<PathwayState>;
    for (const key of ['respites', 'respiteDaysUsed', 'crisis', 'apa', 'legalProtection', 'nursingHomeApplications', 'idSeq'] as const) delete old[key];
    const episodes = summarize(old as PathwayState, new Date('2025-05-20T00:00:00Z')).episodes;
    expect(episodes).toMatchObject({ respites: [], nursingHomeApplications: [], respiteDaysLeft: { 2025: 90 } });
    const planned = decide(old as PathwayState, sampleCommand('planRespite', '2025-05-20T10:00:00Z'), context('2025-05-20T10:00:00Z'));
    expect(planned.ok).toBe(true);
  });
});
