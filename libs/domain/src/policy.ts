import { compareDurations, isDuration, IsoDuration } from './durations';

/**
 * Every duration and threshold of PATHWAY.md, in one typed object. A territory (or a demo, or a test)
 * overrides any subset from a JSON file named by PATHWAY_POLICY_FILE; `parsePolicy` validates it.
 * A reminder's lead time is named after its deadline: `<deadline>ReminderBefore`.
 */
export interface PathwayPolicy {
  eligibilityDue: IsoDuration;
  eligibilityDueReminderBefore: IsoDuration;
  assignmentDue: IsoDuration;
  firstContactDue: IsoDuration;
  firstContactDueReminderBefore: IsoDuration;
  firstHomeVisitDue: IsoDuration;
  firstHomeVisitDueReminderBefore: IsoDuration;
  assessmentDue: IsoDuration;
  assessmentDueReminderBefore: IsoDuration;
  planDue: IsoDuration;
  planDueReminderBefore: IsoDuration;
  planAcknowledgementDue: IsoDuration;
  planAcknowledgementDueReminderBefore: IsoDuration;
  contactDue: IsoDuration;
  contactDueReminderBefore: IsoDuration;
  inactivityStuckAfter: IsoDuration;
  reassessmentDue: IsoDuration;
  reassessmentDueReminderBefore: IsoDuration;
  postDischargeReassessmentDue: IsoDuration;
  postDischargeReassessmentDueReminderBefore: IsoDuration;
  significantChangeReassessmentDue: IsoDuration;
  significantChangeReassessmentDueReminderBefore: IsoDuration;
  postAdmissionFollowUpDue: IsoDuration;
  postAdmissionFollowUpDueReminderBefore: IsoDuration;
  servicesRestartDue: IsoDuration;
  servicesRestartDueReminderBefore: IsoDuration;
  dischargeLetterDue: IsoDuration;
  hospitalStayApaAlertAfter: IsoDuration;
  respiteStartReminderBefore: IsoDuration;
  respiteEndReminderBefore: IsoDuration;
  crisisActionDue: IsoDuration;
  crisisActionDueReminderBefore: IsoDuration;
  apaAcknowledgementDue: IsoDuration;
  apaDecisionDue: IsoDuration;
  apaDecisionDueReminderBefore: IsoDuration;
  apaProviderDeclarationDue: IsoDuration;
  apaProviderDeclarationDueReminderBefore: IsoDuration;
  legalRequestLapseAfter: IsoDuration;
  legalRequestLapseAfterReminderBefore: IsoDuration;
  legalMeasureRenewalReminderBefore: IsoDuration;
  nursingHomeMedicalPartDue: IsoDuration;
  nursingHomeMedicalPartDueReminderBefore: IsoDuration;
  /** The caregiver is reminded of a booked home visit or family meeting this long before it (appointments.ts). */
  appointmentReminderBefore: IsoDuration;
  /** Supervisors are told of an overdue pathway at most once per this period. */
  escalationRepeatAfter: IsoDuration;
  respiteTemporaryAccommodationDaysPerYear: number;
  zaritRespiteThreshold: number;
  zaritRiseRespiteThreshold: number;
  caseloadCapacity: number;
  waitingListAutoAssign: boolean;
  /** An activity retried this many times marks its pathway stuck. */
  activityFailureStuckAttempts: number;
}

export const DEFAULT_POLICY: Readonly<PathwayPolicy> = Object.freeze({
  eligibilityDue: 'P7D',
  eligibilityDueReminderBefore: 'P2D',
  assignmentDue: 'P7D',
  firstContactDue: 'P7D',
  firstContactDueReminderBefore: 'P0D',
  firstHomeVisitDue: 'P15D',
  firstHomeVisitDueReminderBefore: 'P3D',
  assessmentDue: 'P30D',
  assessmentDueReminderBefore: 'P9D',
  planDue: 'P15D',
  planDueReminderBefore: 'P5D',
  planAcknowledgementDue: 'P14D',
  planAcknowledgementDueReminderBefore: 'P7D',
  contactDue: 'P30D',
  contactDueReminderBefore: 'P0D',
  inactivityStuckAfter: 'P45D',
  reassessmentDue: 'P6M',
  reassessmentDueReminderBefore: 'P14D',
  postDischargeReassessmentDue: 'P7D',
  // "case manager and physician reminded at discharge": the whole window ahead of the deadline.
  postDischargeReassessmentDueReminderBefore: 'P7D',
  significantChangeReassessmentDue: 'P15D',
  significantChangeReassessmentDueReminderBefore: 'P5D',
  postAdmissionFollowUpDue: 'P30D',
  postAdmissionFollowUpDueReminderBefore: 'P0D',
  servicesRestartDue: 'PT48H',
  // Not in PATHWAY.md: the case manager checks with the providers the day after discharge.
  servicesRestartDueReminderBefore: 'PT24H',
  // The letter is due by the end of the discharge day (see `dischargeLetterDueAt`).
  dischargeLetterDue: 'P0D',
  hospitalStayApaAlertAfter: 'P30D',
  respiteStartReminderBefore: 'P2D',
  respiteEndReminderBefore: 'P2D',
  crisisActionDue: 'PT24H',
  // Not in PATHWAY.md: the case manager who opened the crisis is nudged 6 hours before the 24 are up.
  crisisActionDueReminderBefore: 'PT6H',
  apaAcknowledgementDue: 'P10D',
  apaDecisionDue: 'P2M', // L232-14 CASF
  apaDecisionDueReminderBefore: 'P14D',
  apaProviderDeclarationDue: 'P1M',
  // Not in PATHWAY.md: a week before the month is up (and again at the deadline).
  apaProviderDeclarationDueReminderBefore: 'P7D',
  legalRequestLapseAfter: 'P1Y',
  legalRequestLapseAfterReminderBefore: 'P1M',
  legalMeasureRenewalReminderBefore: 'P2M',
  nursingHomeMedicalPartDue: 'P7D',
  // Not in PATHWAY.md: the physician two days before; the case manager at the deadline.
  nursingHomeMedicalPartDueReminderBefore: 'P2D',
  appointmentReminderBefore: 'P1D',
  escalationRepeatAfter: 'P1D',
  respiteTemporaryAccommodationDaysPerYear: 90,
  zaritRespiteThreshold: 60,
  zaritRiseRespiteThreshold: 15,
  caseloadCapacity: 40,
  waitingListAutoAssign: false,
  activityFailureStuckAttempts: 5,
});

type Kind = 'duration' | 'count' | 'flag';
const KINDS: Record<keyof PathwayPolicy, Kind> = Object.fromEntries(
  Object.entries(DEFAULT_POLICY).map(([key, value]) => [
    key,
    typeof value === 'boolean' ? 'flag' : typeof value === 'number' ? 'count' : 'duration',
  ]),
) as Record<keyof PathwayPolicy, Kind>;

export class PolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid pathway policy: ${problems.join('; ')}`);
    this.name = 'PolicyError';
  }
}

/**
 * Merges overrides onto the defaults and validates the result: unknown keys, malformed durations,
 * non-positive counts, and a reminder that would fall before its clock starts are all refused.
 */
export function parsePolicy(overrides: unknown = {}): PathwayPolicy {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new PolicyError(['the policy must be a JSON object of policy keys']);
  }
  const problems: string[] = [];
  const policy: Record<string, unknown> = { ...DEFAULT_POLICY };
  for (const [key, value] of Object.entries(overrides)) {
    const kind = KINDS[key as keyof PathwayPolicy];
    if (!kind) problems.push(`unknown policy key "${key}"`);
    else if (kind === 'duration' && !isDuration(value)) problems.push(`${key}: "${String(value)}" is not an ISO-8601 duration`);
    else if (kind === 'count' && !(Number.isInteger(value) && (value as number) > 0)) problems.push(`${key}: must be a positive whole number`);
    else if (kind === 'flag' && typeof value !== 'boolean') problems.push(`${key}: must be true or false`);
    else policy[key] = value;
  }
  for (const key of Object.keys(KINDS)) {
    const match = /^(.*)ReminderBefore$/.exec(key);
    const deadline = match?.[1];
    if (!deadline || !(deadline in KINDS) || problems.some((p) => p.startsWith(key) || p.startsWith(deadline))) continue;
    if (compareDurations(policy[key] as string, policy[deadline] as string) > 0) {
      problems.push(
        `${key} (${String(policy[key])}) is longer than ${deadline} (${String(policy[deadline])}): the reminder would fall before its clock starts`,
      );
    }
  }
  if (problems.length) throw new PolicyError(problems);
  return policy as unknown as PathwayPolicy;
}
