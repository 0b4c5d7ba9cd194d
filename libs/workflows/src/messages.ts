/**
 * The pathway workflow's messages, shared by the workflow, the API and the tests. Every step a person
 * takes is an Update: its validator runs the domain's `decide`, so an invalid step is rejected before it
 * enters history, and the caller gets the stage and the reason.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  CommandOf,
  PathwayCommandType,
  ClockMove,
  PathwayEvent,
  PathwayPolicy,
  PathwayState,
  PolicyChangeMode,
  PathwaySummary,
  ReferralInput,
  Rejection,
  UpcomingReminder,
} from '@pathway/domain';
import type { HandledUpdate } from './handled-updates';

export const PATHWAY_WORKFLOW_TYPE = 'pathwayWorkflow';
export const DEFAULT_TASK_QUEUE = 'care-pathways';

export function pathwayWorkflowId(pathwayId: string): string {
  return `pathway-${pathwayId}`;
}

export interface PathwayWorkflowInput {
  pathwayId: string;
  /**
   * The policy the pathway runs on: fixed at referral, carried across continue-as-new, read over the current
   * defaults (`carriedPolicy`), and changed only by the `applyPolicy` Update.
   */
  policy: PathwayPolicy;
  /** First run: the referral and who recorded it. */
  referral?: ReferralInput;
  actor?: string;
  /** Continued runs: the whole state of the previous run. */
  state?: PathwayState;
  /** Continued runs: whether the database already holds the pathway. */
  recorded?: boolean;
  /** Continued runs: the first answers of recent steps, so a retry landing on this run is answered, not applied again. */
  handledUpdates?: HandledUpdate[];
  /**
   * An imported case (README "Bringing a territory's open cases in"): `state` is what its dates make
   * (libs/domain `importedPathway`), these the timeline they make, and `recorded` is false: the first
   * write opens the pathway in the database like a referral, with them.
   */
  importedEvents?: PathwayEvent[];
}

export interface StepRequest<T extends PathwayCommandType> {
  /** User id of the person taking the step. */
  actor: string;
  command: CommandOf<T>;
}

/** One Update per step, named after the step (as the Web UI shows it). */
export const stepUpdates = {
  decideEligibility: defineUpdate<PathwaySummary, [StepRequest<'decideEligibility'>]>('decideEligibility'),
  assignCaseManager: defineUpdate<PathwaySummary, [StepRequest<'assignCaseManager'>]>('assignCaseManager'),
  recordConsent: defineUpdate<PathwaySummary, [StepRequest<'recordConsent'>]>('recordConsent'),
  logContact: defineUpdate<PathwaySummary, [StepRequest<'logContact'>]>('logContact'),
  recordAssessment: defineUpdate<PathwaySummary, [StepRequest<'recordAssessment'>]>('recordAssessment'),
  recordPlan: defineUpdate<PathwaySummary, [StepRequest<'recordPlan'>]>('recordPlan'),
  acknowledgePlan: defineUpdate<PathwaySummary, [StepRequest<'acknowledgePlan'>]>('acknowledgePlan'),
  admitToHospital: defineUpdate<PathwaySummary, [StepRequest<'admitToHospital'>]>('admitToHospital'),
  dischargeFromHospital: defineUpdate<PathwaySummary, [StepRequest<'dischargeFromHospital'>]>('dischargeFromHospital'),
  admitToInstitution: defineUpdate<PathwaySummary, [StepRequest<'admitToInstitution'>]>('admitToInstitution'),
  closePathway: defineUpdate<PathwaySummary, [StepRequest<'closePathway'>]>('closePathway'),
  // Episodes and files (API.md "Episodes and files"): steps like the others, on the same pathway's state.
  recordDischargeLetter: defineUpdate<PathwaySummary, [StepRequest<'recordDischargeLetter'>]>('recordDischargeLetter'),
  confirmServicesRestarted: defineUpdate<PathwaySummary, [StepRequest<'confirmServicesRestarted'>]>('confirmServicesRestarted'),
  planRespite: defineUpdate<PathwaySummary, [StepRequest<'planRespite'>]>('planRespite'),
  cancelRespite: defineUpdate<PathwaySummary, [StepRequest<'cancelRespite'>]>('cancelRespite'),
  openCrisis: defineUpdate<PathwaySummary, [StepRequest<'openCrisis'>]>('openCrisis'),
  recordCrisisAction: defineUpdate<PathwaySummary, [StepRequest<'recordCrisisAction'>]>('recordCrisisAction'),
  resolveCrisis: defineUpdate<PathwaySummary, [StepRequest<'resolveCrisis'>]>('resolveCrisis'),
  submitApaApplication: defineUpdate<PathwaySummary, [StepRequest<'submitApaApplication'>]>('submitApaApplication'),
  acknowledgeApaApplication: defineUpdate<PathwaySummary, [StepRequest<'acknowledgeApaApplication'>]>('acknowledgeApaApplication'),
  decideApaApplication: defineUpdate<PathwaySummary, [StepRequest<'decideApaApplication'>]>('decideApaApplication'),
  declareApaProvider: defineUpdate<PathwaySummary, [StepRequest<'declareApaProvider'>]>('declareApaProvider'),
  requestLegalProtection: defineUpdate<PathwaySummary, [StepRequest<'requestLegalProtection'>]>('requestLegalProtection'),
  fileLegalProtectionRequest: defineUpdate<PathwaySummary, [StepRequest<'fileLegalProtectionRequest'>]>('fileLegalProtectionRequest'),
  recordLegalProtectionRuling: defineUpdate<PathwaySummary, [StepRequest<'recordLegalProtectionRuling'>]>('recordLegalProtectionRuling'),
  /** Answers with the summary; the new application is the last of `episodes.nursingHomeApplications` (its `id` is the applicationId). */
  submitNursingHomeApplication: defineUpdate<PathwaySummary, [StepRequest<'submitNursingHomeApplication'>]>('submitNursingHomeApplication'),
  completeNursingHomeMedicalPart: defineUpdate<PathwaySummary, [StepRequest<'completeNursingHomeMedicalPart'>]>('completeNursingHomeMedicalPart'),
  decideNursingHomeApplication: defineUpdate<PathwaySummary, [StepRequest<'decideNursingHomeApplication'>]>('decideNursingHomeApplication'),
  // The agenda (libs/domain appointments.ts). The new appointment is the last booked of `appointments` (by id order).
  bookAppointment: defineUpdate<PathwaySummary, [StepRequest<'bookAppointment'>]>('bookAppointment'),
  rescheduleAppointment: defineUpdate<PathwaySummary, [StepRequest<'rescheduleAppointment'>]>('rescheduleAppointment'),
  cancelAppointment: defineUpdate<PathwaySummary, [StepRequest<'cancelAppointment'>]>('cancelAppointment'),
  recordAppointmentOutcome: defineUpdate<PathwaySummary, [StepRequest<'recordAppointmentOutcome'>]>('recordAppointmentOutcome'),
  /** A document stored by the API (outside Temporal): the pathway records its reference (DOCUMENT_ATTACHED). */
  attachDocument: defineUpdate<PathwaySummary, [StepRequest<'attachDocument'>]>('attachDocument'),
  // The care team (libs/domain care-team.ts): steps like the others, each on the timeline.
  addCareTeamMember: defineUpdate<PathwaySummary, [StepRequest<'addCareTeamMember'>]>('addCareTeamMember'),
  updateCareTeamMember: defineUpdate<PathwaySummary, [StepRequest<'updateCareTeamMember'>]>('updateCareTeamMember'),
  removeCareTeamMember: defineUpdate<PathwaySummary, [StepRequest<'removeCareTeamMember'>]>('removeCareTeamMember'),
} satisfies { [T in PathwayCommandType]: unknown };

/** Sent with the start (update-with-start): answers once the database has accepted the referral. */
export const referralRecorded = defineUpdate<PathwaySummary>('referralRecorded');

/**
 * Operator command (`npm run pathway:retry -- <pathwayId>`): retry the pathway's pending writes now rather
 * than at the end of its back-off (up to 30 min), e.g. once a database that refused them has been fixed.
 */
export const retryPersistenceSignal = defineSignal('retryPersistence');
/** A new policy sent on purpose by an operator (`policy apply`, EVOLUTION.md); a no-op when the pathway already runs on it. */
export interface ApplyPolicyRequest {
  actor: string;
  changeId: string;
  /** The keys that change, laid over the pathway's own policy (`changedPolicy`). */
  overrides: Partial<PathwayPolicy>;
  mode: PolicyChangeMode;
}
export interface ApplyPolicyResult {
  /** False when the pathway already ran on this policy (or is closed): nothing changed, nothing was recorded. */
  changed: boolean;
  moves: ClockMove[];
}
export const applyPolicyUpdate = defineUpdate<ApplyPolicyResult, [ApplyPolicyRequest]>('applyPolicy');

export const summaryQuery = defineQuery<PathwaySummary>('summary');
/** The policy the pathway runs on now (for `policy preview`). */
export const policyQuery = defineQuery<PathwayPolicy>('policy');
export const upcomingRemindersQuery = defineQuery<UpcomingReminder[]>('upcomingReminders');
export const stateQuery = defineQuery<PathwayState>('state');

/** Failure types the API maps to HTTP answers. */
export const FailureTypes = {
  STEP_REJECTED: 'StepRejected',
  CASELOAD_FULL: 'CaseloadFull',
  UNKNOWN_CASE_MANAGER: 'UnknownCaseManager',
  PATIENT_HAS_OPEN_PATHWAY: 'PatientHasOpenPathway',
  /** The database refused the step's write for good (a data or constraint error): the step was not applied. */
  STEP_NOT_RECORDED: 'StepNotRecorded',
  /** The database refused the referral's first write for good: the pathway was not opened. */
  REFERRAL_NOT_RECORDED: 'ReferralNotRecorded',
  /**
   * Thrown by an activity (non-retryable) when PostgreSQL refuses a write whatever the retry: SQLSTATE
   * class 22 (data exception) or 23 (integrity constraint). Details: `{ code }`, never the values.
   */
  DATABASE_REFUSED: 'DatabaseRefused',
} as const;

/** The details of a DatabaseRefused, StepNotRecorded or ReferralNotRecorded failure. */
export interface DatabaseRefusal {
  activity: string;
  /** The SQLSTATE, e.g. 22P02. */
  code: string;
}

export type StepRejectedDetails = Rejection;
