import { isDuration } from './durations';
import { DEFAULT_POLICY, parsePolicy, PathwayPolicy, PolicyError } from './policy';

/** The reason `parsePolicy` gives for refusing `overrides` (fails the test when it accepts them). */
function refusal(overrides: unknown): PolicyError {
  try {
    parsePolicy(overrides);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error(`policy ${JSON.stringify(overrides)} was accepted`);
}

describe('the pathway policy', () => {
  it('the defaults are valid and are what an empty override file gives', () => {
    expect(parsePolicy({})).toEqual(DEFAULT_POLICY);
    expect(parsePolicy()).toEqual(DEFAULT_POLICY);
  });

  it('the defaults are the durations of PATHWAY.md', () => {
    expect(DEFAULT_POLICY).toMatchObject({
      eligibilityDue: 'P7D',
      eligibilityDueReminderBefore: 'P2D',
      assignmentDue: 'P7D',
      firstContactDue: 'P7D',
      firstHomeVisitDue: 'P15D',
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
      postAdmissionFollowUpDue: 'P30D',
      apaAcknowledgementDue: 'P10D',
      apaDecisionDue: 'P2M',
      apaDecisionDueReminderBefore: 'P14D',
      apaProviderDeclarationDue: 'P1M',
      hospitalStayApaAlertAfter: 'P30D',
      servicesRestartDue: 'PT48H',
      dischargeLetterDue: 'P0D',
      crisisActionDue: 'PT24H',
      significantChangeReassessmentDue: 'P15D',
      legalRequestLapseAfter: 'P1Y',
      legalRequestLapseAfterReminderBefore: 'P1M',
      legalMeasureRenewalReminderBefore: 'P2M',
      nursingHomeMedicalPartDue: 'P7D',
      respiteStartReminderBefore: 'P2D',
      respiteEndReminderBefore: 'P2D',
      respiteTemporaryAccommodationDaysPerYear: 90,
      zaritRespiteThreshold: 60,
      zaritRiseRespiteThreshold: 15,
      caseloadCapacity: 40,
      waitingListAutoAssign: false,
    });
  });

  it('the defaults cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    const policy = parsePolicy({});
    policy.assessmentDue = 'P1D';
    expect(DEFAULT_POLICY.assessmentDue).toBe('P30D');
  });

  it('a territory overriding a few keys keeps the defaults for the others', () => {
    const policy = parsePolicy({ assessmentDue: 'P21D', caseloadCapacity: 35, waitingListAutoAssign: true });
    expect(policy.assessmentDue).toBe('P21D');
    expect(policy.caseloadCapacity).toBe(35);
    expect(policy.waitingListAutoAssign).toBe(true);
    expect(policy.planDue).toBe(DEFAULT_POLICY.planDue);
    expect(policy.reassessmentDue).toBe(DEFAULT_POLICY.reassessmentDue);
  });

  it('an unknown key (a typo in the file) is refused by name', () => {
    expect(refusal({ asessmentDue: 'P21D' }).message).toContain('unknown policy key "asessmentDue"');
  });

  it('a malformed duration is refused with its key and value', () => {
    const error = refusal({ planDue: '15 days' });
    expect(error.problems).toEqual(['planDue: "15 days" is not an ISO-8601 duration']);
  });

  it('a number where a duration is expected is refused', () => {
    expect(refusal({ contactDue: 30 }).problems).toEqual(['contactDue: "30" is not an ISO-8601 duration']);
  });

  it.each([0, -1, 2.5, '40', null])('a caseload capacity of %p is refused by name', (value) => {
    expect(refusal({ caseloadCapacity: value }).problems).toEqual(['caseloadCapacity: must be a positive whole number']);
  });

  it.each(['true', 1, null])('a waiting-list auto-assign flag of %p is refused by name', (value) => {
    expect(refusal({ waitingListAutoAssign: value }).problems).toEqual(['waitingListAutoAssign: must be true or false']);
  });

  it('a reminder longer than its deadline is refused: it would fall before its clock starts', () => {
    const error = refusal({ assessmentDue: 'P7D' });
    expect(error.problems).toEqual([
      'assessmentDueReminderBefore (P9D) is longer than assessmentDue (P7D): the reminder would fall before its clock starts',
    ]);
  });

  it('a reminder override longer than the default deadline is refused the same way', () => {
    expect(refusal({ planAcknowledgementDueReminderBefore: 'P15D' }).message).toContain(
      'planAcknowledgementDueReminderBefore (P15D) is longer than planAcknowledgementDue (P14D)',
    );
  });

  it('a reminder exactly as long as its deadline (sent when the clock starts) is accepted', () => {
    expect(parsePolicy({ assessmentDueReminderBefore: 'P30D' }).assessmentDueReminderBefore).toBe('P30D');
  });

  it('reports every problem of a file at once', () => {
    const error = refusal({ nope: 1, planDue: 'x', caseloadCapacity: 0 });
    expect(error.problems).toHaveLength(3);
    expect(error.name).toBe('PolicyError');
  });

  it('a malformed deadline is reported once, not again as a reminder comparison', () => {
    expect(refusal({ assessmentDue: 'soon' }).problems).toEqual(['assessmentDue: "soon" is not an ISO-8601 duration']);
  });

  it.each([null, [], 'P7D', 42])('a file that is not an object of keys (%p) is refused', (overrides) => {
    expect(refusal(overrides).problems).toEqual(['the policy must be a JSON object of policy keys']);
  });

  it('a compressed demo policy (seconds instead of days) is accepted', () => {
    const demo: Partial<PathwayPolicy> = {
      eligibilityDue: 'PT20S',
      eligibilityDueReminderBefore: 'PT10S',
      assignmentDue: 'PT20S',
      firstContactDue: 'PT20S',
      firstContactDueReminderBefore: 'PT0S',
      firstHomeVisitDue: 'PT30S',
      firstHomeVisitDueReminderBefore: 'PT10S',
      assessmentDue: 'PT40S',
      assessmentDueReminderBefore: 'PT10S',
      planDue: 'PT20S',
      planDueReminderBefore: 'PT10S',
      planAcknowledgementDue: 'PT20S',
      planAcknowledgementDueReminderBefore: 'PT10S',
      contactDue: 'PT30S',
      inactivityStuckAfter: 'PT1M',
      reassessmentDue: 'PT2M',
      reassessmentDueReminderBefore: 'PT20S',
      postDischargeReassessmentDue: 'PT20S',
      postDischargeReassessmentDueReminderBefore: 'PT20S',
      significantChangeReassessmentDue: 'PT20S',
      significantChangeReassessmentDueReminderBefore: 'PT10S',
      postAdmissionFollowUpDue: 'PT30S',
      apaDecisionDue: 'PT1M',
      apaDecisionDueReminderBefore: 'PT10S',
      legalRequestLapseAfter: 'PT2M',
      legalRequestLapseAfterReminderBefore: 'PT20S',
      escalationRepeatAfter: 'PT10S',
    };
    const policy = parsePolicy(demo);
    expect(policy).toMatchObject(demo);
    expect(policy.caseloadCapacity).toBe(40);
  });

  it('every default duration is a valid ISO-8601 duration and every count positive', () => {
    for (const [key, value] of Object.entries(DEFAULT_POLICY)) {
      if (typeof value === 'string') expect([key, isDuration(value)]).toEqual([key, true]);
      if (typeof value === 'number') expect([key, value > 0]).toEqual([key, true]);
    }
  });
});
