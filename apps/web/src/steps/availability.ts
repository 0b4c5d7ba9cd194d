// Which steps the pathway page offers, for the stage, the signed-in role and what is open.
//
// The server stays the judge: every step is checked again by the workflow's validator, and a refusal
// comes back as a 409 shown in plain words. This table only decides which forms are offered, so a
// case manager is not shown twenty forms of which three make sense. It mirrors ALLOWED_STAGES of
// libs/domain/src/decide.ts (the web app does not import libs/); test/e2e/web-steps.spec.ts fails
// when the two drift apart. No imports: that spec reads this file outside the browser build.

export type Stage = 'REFERRED' | 'AWAITING_ASSIGNMENT' | 'ASSESSMENT' | 'PLANNING' | 'PLAN_VALIDATION' | 'FOLLOW_UP' | 'INSTITUTIONALIZED' | 'CLOSED';
export type Role = 'intake' | 'case_manager' | 'supervisor' | 'physician' | 'admin';

const ACTIVE: Stage[] = ['ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'];

/** Mirror of the domain's ALLOWED_STAGES (same keys: the domain's command names). */
export const STEP_STAGES = {
  decideEligibility: ['REFERRED'],
  assignCaseManager: ['AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  recordConsent: ['ASSESSMENT'],
  logContact: [...ACTIVE, 'INSTITUTIONALIZED'],
  recordAssessment: ['ASSESSMENT', 'FOLLOW_UP'],
  recordPlan: ['PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'],
  acknowledgePlan: ['PLAN_VALIDATION', 'FOLLOW_UP'],
  admitToHospital: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE],
  dischargeFromHospital: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE],
  admitToInstitution: ['AWAITING_ASSIGNMENT', ...ACTIVE],
  closePathway: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  recordDischargeLetter: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  confirmServicesRestarted: ACTIVE,
  planRespite: ACTIVE,
  cancelRespite: ACTIVE,
  openCrisis: ACTIVE,
  recordCrisisAction: [...ACTIVE, 'INSTITUTIONALIZED'],
  resolveCrisis: [...ACTIVE, 'INSTITUTIONALIZED'],
  submitApaApplication: ACTIVE,
  acknowledgeApaApplication: [...ACTIVE, 'INSTITUTIONALIZED'],
  decideApaApplication: [...ACTIVE, 'INSTITUTIONALIZED'],
  declareApaProvider: [...ACTIVE, 'INSTITUTIONALIZED'],
  requestLegalProtection: [...ACTIVE, 'INSTITUTIONALIZED'],
  fileLegalProtectionRequest: [...ACTIVE, 'INSTITUTIONALIZED'],
  recordLegalProtectionRuling: [...ACTIVE, 'INSTITUTIONALIZED'],
  submitNursingHomeApplication: ACTIVE,
  completeNursingHomeMedicalPart: ACTIVE,
  decideNursingHomeApplication: ACTIVE,
  bookAppointment: [...ACTIVE, 'INSTITUTIONALIZED'],
  rescheduleAppointment: [...ACTIVE, 'INSTITUTIONALIZED'],
  cancelAppointment: [...ACTIVE, 'INSTITUTIONALIZED'],
  recordAppointmentOutcome: [...ACTIVE, 'INSTITUTIONALIZED'],
  attachDocument: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  addCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  updateCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  removeCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
} satisfies Record<string, readonly Stage[]>;

export type StepKey = keyof typeof STEP_STAGES;

const CM: Role[] = ['case_manager'];

/** API.md's "who" column. */
export const STEP_ROLES: Record<StepKey, readonly Role[]> = {
  decideEligibility: ['intake'],
  assignCaseManager: ['intake', 'supervisor'],
  recordConsent: CM,
  logContact: CM,
  recordAssessment: CM,
  recordPlan: CM,
  acknowledgePlan: ['physician'],
  admitToHospital: CM,
  dischargeFromHospital: CM,
  admitToInstitution: CM,
  closePathway: ['case_manager', 'supervisor'],
  recordDischargeLetter: CM,
  confirmServicesRestarted: CM,
  planRespite: CM,
  cancelRespite: CM,
  openCrisis: CM,
  recordCrisisAction: CM,
  resolveCrisis: CM,
  submitApaApplication: CM,
  acknowledgeApaApplication: CM,
  decideApaApplication: CM,
  declareApaProvider: CM,
  requestLegalProtection: CM,
  fileLegalProtectionRequest: CM,
  recordLegalProtectionRuling: CM,
  submitNursingHomeApplication: CM,
  completeNursingHomeMedicalPart: ['case_manager', 'physician'],
  decideNursingHomeApplication: CM,
  bookAppointment: CM,
  rescheduleAppointment: CM,
  cancelAppointment: CM,
  recordAppointmentOutcome: CM,
  attachDocument: CM,
  addCareTeamMember: CM,
  updateCareTeamMember: CM,
  removeCareTeamMember: CM,
};

/**
 * What the summary says is open. `undefined` means "not known" (an older API that does not send it):
 * the step is then offered and the server decides.
 */
export interface OpenFacts {
  consentGiven?: boolean;
  hasPlan?: boolean;
  planAcknowledged?: boolean;
  hospitalized?: boolean;
  /** The last discharge: is its letter still awaited, are home services still to restart? */
  dischargeLetterAwaited?: boolean;
  servicesRestartAwaited?: boolean;
  plannedRespites?: number;
  crisisOpen?: boolean;
  apaStatus?: string | null;
  apaProviderDeclared?: boolean;
  legalStatus?: string | null;
  openNursingHomeApplications?: number;
  /** Appointments still booked (to move, cancel or report on). */
  bookedAppointments?: number;
}

const known = (value: boolean | undefined, expected: boolean) => value === undefined || value === expected;

/** Whether what is open lets the step make sense (the stage and role aside). */
function fits(step: StepKey, f: OpenFacts): boolean {
  switch (step) {
    case 'recordConsent':
      return known(f.consentGiven, false);
    case 'acknowledgePlan':
      return known(f.hasPlan, true) && known(f.planAcknowledged, false);
    case 'admitToHospital':
      return known(f.hospitalized, false);
    case 'dischargeFromHospital':
      return known(f.hospitalized, true);
    case 'recordDischargeLetter':
      return known(f.dischargeLetterAwaited, true);
    case 'attachDocument':
      return false; // uploaded from the documents panel, not a step form
    case 'confirmServicesRestarted':
      return known(f.servicesRestartAwaited, true);
    case 'cancelRespite':
      return f.plannedRespites === undefined || f.plannedRespites > 0;
    case 'openCrisis':
      return known(f.crisisOpen, false);
    case 'recordCrisisAction':
    case 'resolveCrisis':
      return known(f.crisisOpen, true);
    case 'submitApaApplication':
      return f.apaStatus === undefined || f.apaStatus === null || f.apaStatus === 'REFUSED';
    case 'acknowledgeApaApplication':
      return f.apaStatus === undefined || f.apaStatus === 'SUBMITTED';
    case 'decideApaApplication':
      return f.apaStatus === undefined || f.apaStatus === 'SUBMITTED' || f.apaStatus === 'ACKNOWLEDGED' || f.apaStatus === 'DEEMED_GRANTED';
    case 'declareApaProvider':
      return f.apaStatus === undefined || (f.apaStatus === 'GRANTED' && !f.apaProviderDeclared);
    case 'requestLegalProtection':
      return f.legalStatus !== 'PREPARING' && f.legalStatus !== 'FILED';
    case 'fileLegalProtectionRequest':
      return f.legalStatus === undefined || f.legalStatus === 'PREPARING';
    case 'recordLegalProtectionRuling':
      return f.legalStatus === undefined || f.legalStatus === 'FILED';
    case 'rescheduleAppointment':
    case 'cancelAppointment':
    case 'recordAppointmentOutcome':
      return f.bookedAppointments === undefined || f.bookedAppointments > 0;
    case 'completeNursingHomeMedicalPart':
    case 'decideNursingHomeApplication':
      return f.openNursingHomeApplications === undefined || f.openNursingHomeApplications > 0;
    default:
      return true;
  }
}

/** The steps offered on the pathway page, in the catalogue's order. */
export function offeredSteps(stage: string, role: string | undefined, facts: OpenFacts): StepKey[] {
  if (!role || stage === 'CLOSED') return [];
  return (Object.keys(STEP_STAGES) as StepKey[]).filter(
    (step) => (STEP_STAGES[step] as readonly string[]).includes(stage) && (STEP_ROLES[step] as readonly string[]).includes(role) && fits(step, facts),
  );
}

/** The step the stage is waiting for: its form opens by itself (when offered). */
export function expectedSteps(stage: string, facts: OpenFacts): StepKey[] {
  switch (stage) {
    case 'REFERRED':
      return ['decideEligibility'];
    case 'AWAITING_ASSIGNMENT':
      return ['assignCaseManager'];
    case 'ASSESSMENT':
      return facts.consentGiven === false ? ['recordConsent'] : ['recordAssessment'];
    case 'PLANNING':
      return ['recordPlan'];
    case 'PLAN_VALIDATION':
      return ['acknowledgePlan'];
    case 'FOLLOW_UP':
      return ['logContact'];
    default:
      return [];
  }
}
