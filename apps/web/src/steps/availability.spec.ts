import { expectedSteps, offeredSteps } from './availability';

describe('the steps the pathway page offers', () => {
  it('offers a case manager in planning the plan and the episodes, not a second assessment nor the eligibility', () => {
    const steps = offeredSteps('PLANNING', 'case_manager', { hospitalized: false, crisisOpen: false, apaStatus: null, legalStatus: null, plannedRespites: 0, openNursingHomeApplications: 0 });
    expect(steps).toEqual(expect.arrayContaining(['recordPlan', 'logContact', 'admitToHospital', 'planRespite', 'openCrisis', 'submitApaApplication', 'requestLegalProtection', 'closePathway']));
    expect(steps).not.toEqual(expect.arrayContaining(['recordAssessment']));
    expect(steps).not.toContain('decideEligibility');
    expect(steps).not.toContain('dischargeFromHospital');
    expect(steps).not.toContain('cancelRespite');
    expect(steps).not.toContain('resolveCrisis');
  });

  it('offers the discharge, not a second admission, while the person is in hospital', () => {
    const steps = offeredSteps('FOLLOW_UP', 'case_manager', { hospitalized: true });
    expect(steps).toContain('dischargeFromHospital');
    expect(steps).not.toContain('admitToHospital');
  });

  it('offers a step whose precondition the summary does not tell, and lets the server decide', () => {
    expect(offeredSteps('FOLLOW_UP', 'case_manager', {})).toEqual(expect.arrayContaining(['resolveCrisis', 'cancelRespite', 'decideNursingHomeApplication']));
  });

  it('gives each role its own steps: eligibility to intake, the visa to the physician, closure to a supervisor', () => {
    expect(offeredSteps('REFERRED', 'intake', {})).toEqual(['decideEligibility']);
    expect(offeredSteps('PLAN_VALIDATION', 'physician', { hasPlan: true, planAcknowledged: false, openNursingHomeApplications: 0 })).toEqual(['acknowledgePlan']);
    expect(offeredSteps('FOLLOW_UP', 'supervisor', {})).toEqual(['assignCaseManager', 'closePathway']);
  });

  it('offers nothing on a closed pathway or without a role', () => {
    expect(offeredSteps('CLOSED', 'case_manager', {})).toEqual([]);
    expect(offeredSteps('FOLLOW_UP', undefined, {})).toEqual([]);
  });

  it('opens the step the stage waits for: consent before the first assessment', () => {
    expect(expectedSteps('ASSESSMENT', { consentGiven: false })).toEqual(['recordConsent']);
    expect(expectedSteps('ASSESSMENT', { consentGiven: true })).toEqual(['recordAssessment']);
    expect(expectedSteps('PLANNING', {})).toEqual(['recordPlan']);
    expect(expectedSteps('CLOSED', {})).toEqual([]);
  });
});
