import { Clock } from './clocks';
import { AssessmentInput, ContactChannel, DischargeDestination, EligibilityCriteria, ReferralInput, ServiceStatus, ServiceType } from './inputs';
import { ClosureReason, PathwayStage } from './stages';

/** What needs a person's attention, shown in the summary's `flags[]` and searchable by supervisors. */
export type PathwayFlag =
  | 'PLAN_NOT_ACKNOWLEDGED'
  | 'APA_PROPOSED'
  | 'RESPITE_PROPOSED'
  | 'HOSPITALIZED'
  | 'HOSPITAL_DAY_31'
  | 'INACTIVE'
  | 'ACTIVITY_FAILING';

export interface PlanService {
  type: ServiceType;
  provider: string;
  frequency: string;
  startsAt: string;
  status: ServiceStatus;
}

export interface AssessmentRecord extends AssessmentInput {
  recordedAt: string;
  cycle: number;
}

/**
 * The whole state of one pathway: what the workflow holds, carries across continue-as-new, and answers
 * queries from. Plain JSON, so it survives Temporal's payload conversion unchanged.
 */
export interface PathwayState {
  pathwayId: string;
  referral: ReferralInput;
  territory: string;
  stage: PathwayStage;
  stageSince: string;
  /** 1 for the first assessment, +1 for every reassessment cycle. */
  cycle: number;
  caseManagerId?: string;
  assignedAt?: string;
  eligibility?: {
    decision: 'ACCEPTED' | 'REFUSED';
    decidedAt: string;
    criteria?: EligibilityCriteria;
    reason?: string;
    reorientedTo?: string;
  };
  consent?: { given: boolean; at: string };
  firstContactAt?: string;
  firstHomeVisitAt?: string;
  lastContactAt?: string;
  lastContactChannel?: ContactChannel;
  assessmentCount: number;
  latestAssessment?: AssessmentRecord;
  plan?: {
    version: number;
    recordedAt: string;
    services: PlanService[];
    acknowledgedAt?: string;
    acknowledgementComment?: string;
  };
  hospitalization?: { admittedAt: string; facility: string; reason?: string };
  lastDischarge?: { admittedAt: string; dischargedAt: string; facility: string; destination: DischargeDestination };
  institution?: { admittedAt: string; facility: string };
  closure?: { reason: ClosureReason; note?: string; at: string };
  clocks: Clock[];
  flags: PathwayFlag[];
  /** The last step a person took (timer events do not count): the inactivity clock runs from here. */
  lastActivityAt: string;
  /** The last time a supervisor was told of an overdue deadline (at most once per escalationRepeatAfter). */
  lastEscalationAt?: string;
  /** Sequence number of the last timeline event. */
  seq: number;
}

export type PathwayEventType =
  | 'REFERRAL_RECEIVED'
  | 'ELIGIBILITY_DECIDED'
  | 'CASE_MANAGER_ASSIGNED'
  | 'CASE_MANAGER_REASSIGNED'
  | 'CONSENT_RECORDED'
  | 'CONTACT_LOGGED'
  | 'ASSESSMENT_RECORDED'
  | 'PLAN_RECORDED'
  | 'PLAN_ACKNOWLEDGED'
  | 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED'
  | 'REASSESSMENT_CYCLE_STARTED'
  | 'HOSPITAL_ADMISSION'
  | 'HOSPITAL_DISCHARGE'
  | 'HOSPITAL_DAY_31'
  | 'INSTITUTIONAL_ADMISSION'
  | 'PATHWAY_CLOSED'
  | 'REMINDER_DUE'
  | 'DEADLINE_PASSED'
  | 'ACTIVITY_FAILING'
  | 'ACTIVITY_RECOVERED';

export interface PathwayEvent {
  seq: number;
  at: string;
  type: PathwayEventType;
  /** User id of the person who took the step, or "system" for timers. */
  actor: string;
  data: Record<string, unknown>;
}

export interface Rejection {
  stage: PathwayStage;
  reason: string;
  /** Field-level problems of the input, when the rejection is about the input itself. */
  errors?: { field: string; message: string }[];
}

export type Decision = { ok: true; state: PathwayState; events: PathwayEvent[] } | { ok: false; rejection: Rejection };

/** A deep copy of a state. JSON on purpose: the state is plain JSON, and the workflow sandbox has no structuredClone. */
export function cloneState(state: PathwayState): PathwayState {
  return JSON.parse(JSON.stringify(state)) as PathwayState;
}
