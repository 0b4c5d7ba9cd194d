import type { Appointment } from './appointments';
import { Clock } from './clocks';
import {
  ApaOutcome,
  AssessmentInput,
  ContactChannel,
  CrisisKind,
  DischargeDestination,
  EligibilityCriteria,
  LegalProtectionKind,
  LegalRulingOutcome,
  ReferralInput,
  RespiteKind,
  ServiceStatus,
  ServiceType,
} from './input-types';
import type { CareTeamMember } from './care-team';
import type { PlanAcknowledgement } from './co-signature';
import { ClosureReason, PathwayStage } from './stages';

/** What needs a person's attention, shown in the summary's `flags[]` and searchable by supervisors. */
export type PathwayFlag =
  | 'PLAN_NOT_ACKNOWLEDGED'
  | 'APA_PROPOSED'
  | 'RESPITE_PROPOSED'
  | 'HOSPITALIZED'
  | 'HOSPITAL_DAY_31'
  | 'INACTIVE'
  | 'ACTIVITY_FAILING'
  | 'CRISIS_OPEN'
  | 'APA_DEEMED_GRANTED'
  | 'LEGAL_REQUEST_LAPSED';

export interface PlanService {
  type: ServiceType;
  provider: string;
  frequency: string;
  startsAt: string;
  status: ServiceStatus;
  /** The care-team member who provides it, when the plan names one. */
  providerMemberId?: string;
}

// ---- episodes and files ---------------------------------------------------------------------
// They run alongside the stage as plain state of the same pathway (see episode-steps.ts for why), each with
// its own clocks in `PathwayState.clocks` (a `ref` tells apart several clocks of one kind).

export interface DischargeRecord {
  admittedAt: string;
  dischargedAt: string;
  facility: string;
  /** The stay's reason, carried over from the admission (the discharge copies the stay). */
  reason?: string;
  destination: DischargeDestination;
  dischargeLetterReceivedAt?: string;
  servicesRestartedAt?: string;
}

export interface RespiteRecord {
  id: string;
  kind: RespiteKind;
  startsAt: string;
  endsAt: string;
  provider: string;
  plannedAt: string;
  status: 'PLANNED' | 'ONGOING';
  /** Temporary accommodation only: the days it takes from each calendar year's allowance. */
  days?: Record<string, number>;
}

export interface CrisisRecord {
  kind: CrisisKind;
  /** When the crisis began (the 24-hour action clock runs from it). */
  openedAt: string;
  note?: string;
  firstActionAt?: string;
  actionCount: number;
  resolvedAt?: string;
}

export type ApaStatus = 'SUBMITTED' | 'ACKNOWLEDGED' | 'DEEMED_GRANTED' | 'GRANTED' | 'REFUSED';

export interface ApaFile {
  submittedAt: string;
  emergency: boolean;
  status: ApaStatus;
  acknowledgedAt?: string;
  /** The complete file's date, from which the département's 2 months run (the submission unless told otherwise). */
  completeFileAt: string;
  /** Set when the decision deadline passed without a decision: granted at a flat rate (L232-14 CASF). */
  deemedGrantedAt?: string;
  decision?: { decidedAt: string; outcome: ApaOutcome; gir?: number };
  provider?: { declaredAt: string; provider: string };
}

export interface LegalMeasure {
  kind: LegalProtectionKind;
  grantedAt: string;
  endsAt: string;
  representative?: string;
}

export interface LegalProtectionFile {
  kind: LegalProtectionKind;
  requestedAt: string;
  certificateAt?: string;
  status: 'PREPARING' | 'FILED' | 'GRANTED' | 'REJECTED' | 'LAPSED';
  filedAt?: string;
  lapsedAt?: string;
  ruling?: { ruledAt: string; outcome: LegalRulingOutcome; measureEndsAt?: string; representative?: string };
  /** The measure in force: kept while a renewal (or another measure) is requested, until the next ruling grants one. */
  measure?: LegalMeasure;
}

export type NursingHomeApplicationStatus = 'SUBMITTED' | 'WAITLISTED' | 'ACCEPTED' | 'REFUSED' | 'CANCELLED';

export interface NursingHomeApplication {
  id: string;
  facility: string;
  submittedAt: string;
  status: NursingHomeApplicationStatus;
  medicalPartCompletedAt?: string;
  decidedAt?: string;
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
    /** Under a co-signature (co-signature.ts): each signer's acknowledgement; `acknowledgedAt` once all have. */
    acknowledgements?: PlanAcknowledgement[];
  };
  hospitalization?: { admittedAt: string; facility: string; reason?: string };
  lastDischarge?: DischargeRecord;
  institution?: { admittedAt: string; facility: string };
  // Episodes and files. Optional so a state carried from a run older than them reads as "none yet".
  /** Respites planned or under way (a finished or cancelled one leaves; the timeline keeps it). */
  respites?: RespiteRecord[];
  /** Temporary accommodation days taken per calendar year ("2025": 30), against the yearly allowance. */
  respiteDaysUsed?: Record<string, number>;
  crisis?: CrisisRecord;
  lastCrisis?: CrisisRecord;
  apa?: ApaFile;
  legalProtection?: LegalProtectionFile;
  nursingHomeApplications?: NursingHomeApplication[];
  /** Counters behind the ids of respites and nursing-home applications: deterministic, so replay gives the same ids. */
  idSeq?: { respite: number; nursingHome: number; careTeam?: number };
  /** The agenda: booked appointments and the last settled ones (appointments.ts); absent in a state older than it. */
  appointments?: Appointment[];
  /** Counter behind appointment ids (deterministic, like idSeq). */
  appointmentSeq?: number;
  /** The care team once a team step changed it; until then it reads from the referral (care-team.ts `careTeamOf`). */
  careTeam?: CareTeamMember[];
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
  /** A case brought in from another tool: the events before it were derived from its dates (imported-pathway.ts). */
  | 'PATHWAY_IMPORTED'
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
  | 'DISCHARGE_LETTER_RECEIVED'
  | 'SERVICES_RESTARTED'
  | 'RESPITE_PLANNED'
  | 'RESPITE_CANCELLED'
  | 'RESPITE_STARTED'
  | 'RESPITE_ENDED'
  | 'CRISIS_OPENED'
  | 'CRISIS_ACTION_RECORDED'
  | 'CRISIS_RESOLVED'
  | 'APA_SUBMITTED'
  | 'APA_ACKNOWLEDGED'
  | 'APA_DEEMED_GRANTED'
  | 'APA_DECIDED'
  | 'APA_PROVIDER_DECLARED'
  | 'LEGAL_PROTECTION_REQUESTED'
  | 'LEGAL_PROTECTION_FILED'
  | 'LEGAL_REQUEST_LAPSED'
  | 'LEGAL_PROTECTION_RULED'
  | 'NURSING_HOME_APPLICATION_SUBMITTED'
  | 'NURSING_HOME_MEDICAL_PART_COMPLETED'
  | 'NURSING_HOME_APPLICATION_DECIDED'
  | 'DOCUMENT_ATTACHED'
  | 'PATHWAY_CLOSED'
  | 'REMINDER_DUE'
  | 'DEADLINE_PASSED'
  | 'ACTIVITY_FAILING'
  | 'ACTIVITY_RECOVERED'
  // The agenda (appointments.ts).
  | 'APPOINTMENT_BOOKED'
  | 'APPOINTMENT_RESCHEDULED'
  | 'APPOINTMENT_CANCELLED'
  | 'APPOINTMENT_HELD'
  | 'APPOINTMENT_MISSED'
  // An operator sent a new policy to the running pathway (policy-change.ts).
  | 'POLICY_CHANGED'
  // The care team (care-team.ts).
  | 'CARE_TEAM_MEMBER_ADDED'
  | 'CARE_TEAM_MEMBER_CHANGED'
  | 'CARE_TEAM_MEMBER_REMOVED';

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
