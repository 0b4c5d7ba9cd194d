import {
  AssessmentInput,
  ContactChannel,
  DischargeDestination,
  EligibilityCriteria,
  PlanServiceInput,
} from './inputs';
import { ClosureReason } from './stages';

/** Every step a person can take on a pathway. Each one is a workflow Update and an API endpoint. */
export type PathwayCommand =
  | { type: 'decideEligibility'; decision: 'ACCEPTED' | 'REFUSED'; criteria?: EligibilityCriteria; reason?: string; reorientedTo?: string }
  | { type: 'assignCaseManager'; caseManagerId: string }
  | { type: 'recordConsent'; given: boolean; at: string }
  | { type: 'logContact'; at: string; channel: ContactChannel; note?: string }
  | { type: 'recordAssessment'; assessment: AssessmentInput }
  | { type: 'recordPlan'; services: PlanServiceInput[] }
  | { type: 'acknowledgePlan'; acknowledgedAt: string; comment?: string }
  | { type: 'admitToHospital'; admittedAt: string; facility: string; reason?: string }
  | { type: 'dischargeFromHospital'; dischargedAt: string; destination: DischargeDestination }
  | { type: 'admitToInstitution'; admittedAt: string; facility: string }
  | { type: 'closePathway'; reason: ClosureReason; note?: string };

export type PathwayCommandType = PathwayCommand['type'];
export type CommandOf<T extends PathwayCommandType> = Extract<PathwayCommand, { type: T }>;
