import {
  ApaOutcome,
  AssessmentInput,
  ContactChannel,
  CrisisKind,
  DischargeDestination,
  EligibilityCriteria,
  LegalProtectionKind,
  LegalRulingOutcome,
  NursingHomeOutcome,
  PlanServiceInput,
  RespiteKind,
} from './input-types';
import type { AttachDocumentCommand } from './documents';
import type { CareTeamMemberInput } from './care-team';
import { ClosureReason } from './stages';
import type { AppointmentKind, AppointmentOutcome } from './appointments';

/** Every step a person can take on a pathway. Each one is a workflow Update and an API endpoint. */
export type PathwayCommand =
  | { type: 'decideEligibility'; decision: 'ACCEPTED' | 'REFUSED'; criteria?: EligibilityCriteria; reason?: string; reorientedTo?: string }
  /**
   * `expectedCaseManagerId`, when given, makes the assignment conditional: it applies only while the
   * pathway is still held by that case manager (null: by nobody). The system's own reassignments
   * (absence cover, waiting-list offers) read the pathway, then assign: without it, an assignment made
   * by a person in between would be silently overridden.
   */
  | { type: 'assignCaseManager'; caseManagerId: string; expectedCaseManagerId?: string | null }
  | { type: 'recordConsent'; given: boolean; at: string }
  | { type: 'logContact'; at: string; channel: ContactChannel; note?: string }
  | { type: 'recordAssessment'; assessment: AssessmentInput }
  | { type: 'recordPlan'; services: PlanServiceInput[] }
  /** `by`: the care-team member acknowledging (`physician` unless said; the legal representative co-signs, co-signature.ts). */
  | { type: 'acknowledgePlan'; acknowledgedAt: string; comment?: string; by?: string }
  | { type: 'admitToHospital'; admittedAt: string; facility: string; reason?: string }
  | { type: 'dischargeFromHospital'; dischargedAt: string; destination: DischargeDestination }
  | { type: 'admitToInstitution'; admittedAt: string; facility: string }
  | { type: 'closePathway'; reason: ClosureReason; note?: string }
  // ---- episodes and files, alongside the stage (see episode-steps.ts) ----
  | { type: 'recordDischargeLetter'; receivedAt: string }
  | { type: 'confirmServicesRestarted'; at: string }
  | { type: 'planRespite'; kind: RespiteKind; startsAt: string; endsAt: string; provider: string }
  | { type: 'cancelRespite'; respiteId: string; note?: string }
  | { type: 'openCrisis'; at: string; kind: CrisisKind; note?: string }
  | { type: 'recordCrisisAction'; at: string; note?: string }
  | { type: 'resolveCrisis'; at: string; note?: string }
  | { type: 'submitApaApplication'; submittedAt: string; emergency?: boolean }
  /** `completeFileAt`: when the département dates the complete file later than the submission (the 2 months run from it). */
  | { type: 'acknowledgeApaApplication'; at: string; completeFileAt?: string }
  | { type: 'decideApaApplication'; decidedAt: string; outcome: ApaOutcome; gir?: number }
  | { type: 'declareApaProvider'; at: string; provider: string }
  | { type: 'requestLegalProtection'; kind: LegalProtectionKind; certificateAt?: string }
  /** `certificateAt` may come with the filing when it was not known at the request. */
  | { type: 'fileLegalProtectionRequest'; filedAt: string; certificateAt?: string }
  | { type: 'recordLegalProtectionRuling'; ruledAt: string; outcome: LegalRulingOutcome; measureEndsAt?: string; representative?: string }
  | { type: 'submitNursingHomeApplication'; facility: string; submittedAt: string }
  | { type: 'completeNursingHomeMedicalPart'; applicationId: string; completedAt: string }
  | { type: 'decideNursingHomeApplication'; applicationId: string; at: string; outcome: NursingHomeOutcome }
  // ---- the agenda (see appointments.ts) ----
  | { type: 'bookAppointment'; kind: AppointmentKind; at: string; place?: string; withWhom?: string; note?: string }
  | { type: 'rescheduleAppointment'; appointmentId: string; at: string; place?: string }
  | { type: 'cancelAppointment'; appointmentId: string; note?: string }
  /** `at`: when it was held (DONE only). */
  | { type: 'recordAppointmentOutcome'; appointmentId: string; outcome: AppointmentOutcome; at?: string; note?: string }
  // ---- a document attached (documents.ts): the file is stored outside Temporal, the pathway holds its reference ----
  | AttachDocumentCommand
  // ---- the care team (care-team.ts) ----
  | { type: 'addCareTeamMember'; member: CareTeamMemberInput }
  /** Replaces the member's fields (role, name, how to reach them, identifier); the id stays. */
  | { type: 'updateCareTeamMember'; memberId: string; member: CareTeamMemberInput }
  | { type: 'removeCareTeamMember'; memberId: string; note?: string };

export type PathwayCommandType = PathwayCommand['type'];
export type CommandOf<T extends PathwayCommandType> = Extract<PathwayCommand, { type: T }>;

/** The steps of episodes and social or legal files, which run alongside the stage (see episode-steps.ts). */
export type EpisodeCommandType = Extract<
  PathwayCommandType,
  | 'recordDischargeLetter'
  | 'confirmServicesRestarted'
  | 'planRespite'
  | 'cancelRespite'
  | 'openCrisis'
  | 'recordCrisisAction'
  | 'resolveCrisis'
  | 'submitApaApplication'
  | 'acknowledgeApaApplication'
  | 'decideApaApplication'
  | 'declareApaProvider'
  | 'requestLegalProtection'
  | 'fileLegalProtectionRequest'
  | 'recordLegalProtectionRuling'
  | 'submitNursingHomeApplication'
  | 'completeNursingHomeMedicalPart'
  | 'decideNursingHomeApplication'
>;
export type EpisodeCommand = CommandOf<EpisodeCommandType>;

/** The agenda's steps (appointments.ts). */
export type AppointmentCommandType = Extract<PathwayCommandType, 'bookAppointment' | 'rescheduleAppointment' | 'cancelAppointment' | 'recordAppointmentOutcome'>;
export type AppointmentCommand = CommandOf<AppointmentCommandType>;
