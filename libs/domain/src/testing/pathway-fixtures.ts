/**
 * Test helpers for the domain's specs: pathways driven to each stage through the real `openPathway` +
 * `decide`, and a small story runner that lets time pass the way the workflow does (sleep until
 * `nextWakeUp`, then `passTime`). Not exported from the library's index: for tests only.
 */
import { PathwayCommand, PathwayCommandType } from '../commands';
import { decide, DecisionContext, openPathway } from '../decide';
import { ReferralInput } from '../input-types';
import { Notification, notificationsFor } from '../notifications';
import { DEFAULT_POLICY, PathwayPolicy } from '../policy';
import { PathwayStage } from '../stages';
import { Decision, PathwayEvent, PathwayState } from '../state';
import { nextWakeUp, passTime } from '../timers';

export const ALL_CRITERIA_MET = { unstableSituation: true, insufficientCare: true, noCoordinator: true } as const;

export function referralOf(referredAt: string, overrides: Partial<ReferralInput> = {}): ReferralInput {
  return {
    patient: { externalId: 'INS-1', firstName: 'Jeanne', lastName: 'A.', birthDate: '1943-02-01', territory: 'MAIA-75-NORD' },
    referral: { source: 'Dr Martin (médecin traitant)', referredAt, diagnosis: "Alzheimer's disease" },
    physician: { name: 'Dr Martin', email: 'martin@example.org' },
    caregiver: { name: 'Claire A.', email: 'claire@example.org', relationship: 'daughter' },
    ...overrides,
  };
}

export function context(now: string | Date, policy: PathwayPolicy = DEFAULT_POLICY, actor = 'user-1'): DecisionContext {
  return { now: new Date(now), policy, actor };
}

/** A valid command of each type dated `at`: rejected only for the stage or the pathway's situation. */
export function sampleCommand(type: PathwayCommandType, at: string): PathwayCommand {
  const commands: { [T in PathwayCommandType]: Extract<PathwayCommand, { type: T }> } = {
    decideEligibility: { type: 'decideEligibility', decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA_MET } },
    assignCaseManager: { type: 'assignCaseManager', caseManagerId: 'cm-other' },
    recordConsent: { type: 'recordConsent', given: true, at },
    logContact: { type: 'logContact', at, channel: 'PHONE' },
    recordAssessment: { type: 'recordAssessment', assessment: { performedAt: at, mmse: 18, gir: 4, zarit: 35, summary: 'lives alone' } },
    recordPlan: { type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Nord', frequency: 'daily', startsAt: at }] },
    acknowledgePlan: { type: 'acknowledgePlan', acknowledgedAt: at },
    admitToHospital: { type: 'admitToHospital', admittedAt: at, facility: 'CHU Bichat' },
    dischargeFromHospital: { type: 'dischargeFromHospital', dischargedAt: at, destination: 'HOME' },
    admitToInstitution: { type: 'admitToInstitution', admittedAt: at, facility: 'EHPAD Les Tilleuls' },
    closePathway: { type: 'closePathway', reason: 'MOVED' },
    recordDischargeLetter: { type: 'recordDischargeLetter', receivedAt: at },
    attachDocument: { type: 'attachDocument', documentId: '00000000-0000-4000-8000-000000000001', kind: 'OTHER', documentDate: at, sizeBytes: 1000, contentType: 'application/pdf' },
    confirmServicesRestarted: { type: 'confirmServicesRestarted', at },
    planRespite: { type: 'planRespite', kind: 'DAY_CARE', startsAt: shiftIso(at, 7 * DAY), endsAt: shiftIso(at, 8 * DAY), provider: 'Accueil de jour Les Lilas' },
    cancelRespite: { type: 'cancelRespite', respiteId: 'respite-1' },
    openCrisis: { type: 'openCrisis', at, kind: 'CAREGIVER_EXHAUSTION' },
    recordCrisisAction: { type: 'recordCrisisAction', at },
    resolveCrisis: { type: 'resolveCrisis', at },
    submitApaApplication: { type: 'submitApaApplication', submittedAt: at },
    acknowledgeApaApplication: { type: 'acknowledgeApaApplication', at },
    decideApaApplication: { type: 'decideApaApplication', decidedAt: at, outcome: 'GRANTED', gir: 4 },
    declareApaProvider: { type: 'declareApaProvider', at, provider: 'SAAD Nord' },
    requestLegalProtection: { type: 'requestLegalProtection', kind: 'CURATELLE', certificateAt: at },
    fileLegalProtectionRequest: { type: 'fileLegalProtectionRequest', filedAt: at },
    recordLegalProtectionRuling: { type: 'recordLegalProtectionRuling', ruledAt: at, outcome: 'GRANTED', measureEndsAt: shiftIso(at, 365 * DAY) },
    submitNursingHomeApplication: { type: 'submitNursingHomeApplication', facility: 'EHPAD Les Tilleuls', submittedAt: at },
    completeNursingHomeMedicalPart: { type: 'completeNursingHomeMedicalPart', applicationId: 'nh-1', completedAt: at },
    decideNursingHomeApplication: { type: 'decideNursingHomeApplication', applicationId: 'nh-1', at, outcome: 'WAITLISTED' },
    bookAppointment: { type: 'bookAppointment', kind: 'HOME_VISIT', at: shiftIso(at, 2 * DAY), place: 'au domicile' },
    rescheduleAppointment: { type: 'rescheduleAppointment', appointmentId: 'appointment-1', at: shiftIso(at, 3 * DAY) },
    cancelAppointment: { type: 'cancelAppointment', appointmentId: 'appointment-1' },
    recordAppointmentOutcome: { type: 'recordAppointmentOutcome', appointmentId: 'appointment-1', outcome: 'DONE', at },
    addCareTeamMember: { type: 'addCareTeamMember', member: { role: 'NURSE', name: 'Inès Robert', email: 'ines.robert@example.org' } },
    updateCareTeamMember: { type: 'updateCareTeamMember', memberId: 'caregiver', member: { role: 'CAREGIVER', name: 'Claire A.', phone: '06 12 34 56 78' } },
    removeCareTeamMember: { type: 'removeCareTeamMember', memberId: 'caregiver' },
  };
  return commands[type];
}

/** A pathway's life as the workflow lives it: steps at given instants, timers in between. */
export class PathwayStory {
  readonly events: PathwayEvent[] = [];
  readonly notifications: Notification[] = [];
  /** What the workflow's patches pass to the rules (e.g. `planCoSignature`); none by default. */
  flags: Pick<DecisionContext, 'planCoSignature'> = {};

  private constructor(
    public state: PathwayState,
    readonly policy: PathwayPolicy,
  ) {}

  static referred(referredAt: string, policy: PathwayPolicy = DEFAULT_POLICY, referral = referralOf(referredAt)): PathwayStory {
    const opened = openPathway('pw-1', referral, context(referredAt, policy, 'intake-1'));
    const story = new PathwayStory(opened.state, policy);
    story.record(opened.events);
    return story;
  }

  /** Lets time pass up to `until` (inclusive), waking up exactly when the workflow would. */
  advanceTo(until: string): PathwayEvent[] {
    const passed: PathwayEvent[] = [];
    for (let wakeUps = 0; ; wakeUps += 1) {
      if (wakeUps > 1000) throw new Error(`timers never settle before ${until}`);
      const wake = nextWakeUp(this.state, this.policy);
      if (!wake || Date.parse(wake) > Date.parse(until)) return passed;
      const result = passTime(this.state, context(wake, this.policy, 'system'));
      this.state = result.state;
      passed.push(...result.events);
      this.record(result.events);
    }
  }

  /** Lets time pass up to `at`, then tries the step; the story moves on only when it is accepted. */
  attempt(command: PathwayCommand, at: string, actor = 'user-1'): Decision {
    this.advanceTo(at);
    const decision = decide(this.state, command, { ...context(at, this.policy, actor), ...this.flags });
    if (decision.ok) {
      this.state = decision.state;
      this.record(decision.events);
    }
    return decision;
  }

  /** Like `attempt`, but a rejection fails the test with its reason. */
  step(command: PathwayCommand, at: string, actor = 'user-1'): PathwayEvent[] {
    const decision = this.attempt(command, at, actor);
    if (!decision.ok) throw new Error(`${command.type} at ${at} rejected in ${decision.rejection.stage}: ${decision.rejection.reason}`);
    return decision.events;
  }

  eventsBetween(from: string, to: string): PathwayEvent[] {
    return this.events.filter((e) => Date.parse(e.at) >= Date.parse(from) && Date.parse(e.at) <= Date.parse(to));
  }

  private record(events: PathwayEvent[]): void {
    this.events.push(...events);
    this.notifications.push(...notificationsFor(this.state, events));
  }
}

/**
 * The nominal journey (SCENARIOS.md story 1), one step per stage. Each fixture stops after the step
 * that enters its stage; `at` is an instant after that step where the pathway is still in the stage.
 */
export const JOURNEY = {
  referredAt: '2025-03-03T09:00:00.000Z',
  eligibilityAt: '2025-03-07T09:00:00.000Z',
  assignedAt: '2025-03-07T14:00:00.000Z',
  firstVisitAt: '2025-03-12T10:00:00.000Z',
  assessedAt: '2025-03-28T10:00:00.000Z',
  planAt: '2025-04-11T10:00:00.000Z',
  acknowledgedAt: '2025-04-15T10:00:00.000Z',
  institutionAt: '2025-05-02T10:00:00.000Z',
  closedAt: '2025-05-20T10:00:00.000Z',
} as const;

export function storyUpTo(stage: PathwayStage, policy: PathwayPolicy = DEFAULT_POLICY): PathwayStory {
  const story = PathwayStory.referred(JOURNEY.referredAt, policy);
  if (stage === 'REFERRED') return story;
  story.step({ type: 'decideEligibility', decision: 'ACCEPTED', criteria: { ...ALL_CRITERIA_MET } }, JOURNEY.eligibilityAt, 'intake-1');
  if (stage === 'AWAITING_ASSIGNMENT') return story;
  story.step({ type: 'assignCaseManager', caseManagerId: 'cm-1' }, JOURNEY.assignedAt, 'supervisor-1');
  if (stage === 'ASSESSMENT') return story;
  story.step({ type: 'recordConsent', given: true, at: JOURNEY.firstVisitAt }, JOURNEY.firstVisitAt, 'cm-1');
  story.step({ type: 'logContact', at: JOURNEY.firstVisitAt, channel: 'HOME_VISIT' }, JOURNEY.firstVisitAt, 'cm-1');
  story.step(sampleCommand('recordAssessment', JOURNEY.assessedAt), JOURNEY.assessedAt, 'cm-1');
  if (stage === 'PLANNING') return story;
  story.step(sampleCommand('recordPlan', JOURNEY.planAt), JOURNEY.planAt, 'cm-1');
  if (stage === 'PLAN_VALIDATION') return story;
  story.step({ type: 'acknowledgePlan', acknowledgedAt: JOURNEY.acknowledgedAt }, JOURNEY.acknowledgedAt, 'dr-martin');
  if (stage === 'FOLLOW_UP') return story;
  story.step(sampleCommand('admitToInstitution', JOURNEY.institutionAt), JOURNEY.institutionAt, 'cm-1');
  if (stage === 'INSTITUTIONALIZED') return story;
  story.step({ type: 'closePathway', reason: 'INSTITUTIONALIZED' }, JOURNEY.closedAt, 'cm-1');
  return story;
}

/** The instant just after the step that entered `stage` in the journey. */
export const ENTERED_AT: Record<PathwayStage, string> = {
  REFERRED: JOURNEY.referredAt,
  AWAITING_ASSIGNMENT: JOURNEY.eligibilityAt,
  ASSESSMENT: JOURNEY.assignedAt,
  PLANNING: JOURNEY.assessedAt,
  PLAN_VALIDATION: JOURNEY.planAt,
  FOLLOW_UP: JOURNEY.acknowledgedAt,
  INSTITUTIONALIZED: JOURNEY.institutionAt,
  CLOSED: JOURNEY.closedAt,
};

/** A pathway in `stage`, built by the real steps from the referral. */
export function pathwayIn(stage: PathwayStage, policy: PathwayPolicy = DEFAULT_POLICY): PathwayState {
  const state = storyUpTo(stage, policy).state;
  if (state.stage !== stage) throw new Error(`fixture for ${stage} ended in ${state.stage}`);
  return state;
}

export function shiftIso(at: string, ms: number): string {
  return new Date(Date.parse(at) + ms).toISOString();
}

export const DAY = 24 * 60 * 60 * 1000;
