/**
 * The stage machine of PATHWAY.md as one pure function: state + command → new state and timeline events,
 * or a rejection naming the stage and the reason. The workflow's update validators and handlers call it,
 * and so can the API; nothing here does I/O or reads the clock (the caller passes `now`).
 */
import { CARE_TEAM_STEPS, planProviderProblems } from './care-team';
import { awaitedSigners, coSigningMeasure, legalRepresentativeOf, requiredSigners } from './co-signature';
import { ASSESSMENT_CLOCKS, startClock } from './clocks';
import { closedPathwayRejection } from './closed-pathway';
import { CommandOf, PathwayCommand, PathwayCommandType } from './commands';
import { acknowledgementNotBeforePlan, dischargeNotBeforeAdmission } from './date-order';
import type { DecisionContext, Step } from './decision-context';
import { APPOINTMENT_STEPS } from './appointments';
import { addFlag, contactMade, emit, enterFollowUp, enterInstitution, inactivityClock, moveTo, openReassessment, replaceClock, stopClock } from './effects';
import { attachDocument } from './documents';
import { dischargeLetterDueAt, EPISODE_STEPS } from './episode-steps';
import type { FieldError } from './field-checks';
import { CRITERIA_LABELS, EligibilityCriteria, ReferralInput } from './input-types';
import { validateStepInput } from './step-fields';
import { CASE_MANAGED_STAGES, ClosureReason, PathwayStage } from './stages';
import { cloneState, Decision, PathwayEvent, PathwayFlag, PathwayState } from './state';
import { dueAfter } from './durations';
import { providerChanges, providerParts } from './provider-notices';

// The state helpers moved to effects.ts (episode-steps.ts and timers.ts share them); still exported from here.
export { addFlag, emit, enterFollowUp, inactivityClock, moveTo, replaceClock, stopClock } from './effects';

// DecisionContext and Step are decision-context.ts's (the step rules name them without importing this file).
export type { DecisionContext, Step } from './decision-context';

const ACTIVE: PathwayStage[] = ['ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'];

/** Where each step is allowed. Everything else is rejected with the stage and this table's reason. */
export const ALLOWED_STAGES: Record<PathwayCommandType, readonly PathwayStage[]> = {
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
  // Episodes and files run alongside the stage (episode-steps.ts): open while a case manager is in charge;
  // the legal files, an open crisis and an awaited discharge letter go on after an institutional admission.
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
  // The agenda (appointments.ts): while a case manager is in charge, in an institution too (visits go on).
  bookAppointment: CASE_MANAGED_STAGES,
  rescheduleAppointment: CASE_MANAGED_STAGES,
  cancelAppointment: CASE_MANAGED_STAGES,
  recordAppointmentOutcome: CASE_MANAGED_STAGES,
  // A document can come at any stage but closure (a discharge letter before assignment, a ruling after admission).
  attachDocument: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  // The care team is kept up to date while the pathway is open.
  addCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  updateCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
  removeCareTeamMember: ['REFERRED', 'AWAITING_ASSIGNMENT', ...ACTIVE, 'INSTITUTIONALIZED'],
};

const STEP_NAMES: Record<PathwayCommandType, string> = {
  decideEligibility: 'an eligibility decision',
  assignCaseManager: 'a case manager assignment',
  recordConsent: 'consent',
  logContact: 'a contact',
  recordAssessment: 'an assessment',
  recordPlan: 'a service plan',
  acknowledgePlan: 'a plan acknowledgement',
  admitToHospital: 'a hospital admission',
  dischargeFromHospital: 'a hospital discharge',
  admitToInstitution: 'an institutional admission',
  closePathway: 'a closure',
  recordDischargeLetter: 'a discharge letter',
  confirmServicesRestarted: 'a services restart',
  planRespite: 'a respite',
  cancelRespite: 'a respite cancellation',
  openCrisis: 'a crisis',
  recordCrisisAction: 'a crisis action',
  resolveCrisis: 'a crisis resolution',
  submitApaApplication: 'an APA application',
  acknowledgeApaApplication: 'an APA acknowledgement',
  decideApaApplication: 'an APA decision',
  declareApaProvider: 'an APA provider declaration',
  requestLegalProtection: 'a legal protection request',
  fileLegalProtectionRequest: 'a legal protection filing',
  recordLegalProtectionRuling: 'a legal protection ruling',
  submitNursingHomeApplication: 'a nursing-home application',
  completeNursingHomeMedicalPart: "a nursing-home application's medical part",
  decideNursingHomeApplication: 'a nursing-home decision',
  bookAppointment: 'an appointment',
  rescheduleAppointment: 'moving an appointment',
  cancelAppointment: 'an appointment cancellation',
  recordAppointmentOutcome: "an appointment's outcome",
  attachDocument: 'a document',
  addCareTeamMember: 'a care-team member',
  updateCareTeamMember: 'a care-team change',
  removeCareTeamMember: "a care-team member's removal",
};

// ---- the referral that starts a pathway ------------------------------------------------------

export function openPathway(pathwayId: string, referral: ReferralInput, ctx: DecisionContext): { state: PathwayState; events: PathwayEvent[] } {
  const now = ctx.now.toISOString();
  const state: PathwayState = {
    pathwayId,
    referral,
    territory: referral.patient.territory,
    stage: 'REFERRED',
    stageSince: now,
    cycle: 0,
    assessmentCount: 0,
    clocks: [startClock('eligibilityDue', referral.referral.referredAt, ctx.policy), inactivityClock(now, ctx.policy)],
    flags: [],
    lastActivityAt: now,
    seq: 0,
  };
  const events: PathwayEvent[] = [];
  emit(state, events, now, ctx.actor, 'REFERRAL_RECEIVED', {
    source: referral.referral.source,
    referredAt: referral.referral.referredAt,
    territory: referral.patient.territory,
  });
  return { state, events };
}

// ---- steps -----------------------------------------------------------------------------------

export function decide(state: PathwayState, command: PathwayCommand, ctx: DecisionContext): Decision {
  if (state.stage === 'CLOSED') {
    return { ok: false, rejection: closedPathwayRejection(state.closure?.reason) };
  }
  if (!ALLOWED_STAGES[command.type].includes(state.stage)) {
    return reject(state, `${STEP_NAMES[command.type]} is not allowed in stage ${state.stage}`);
  }
  // Field rules first, in one place: the API runs the same function before it sends the Update.
  const inputErrors = ctx.fieldsChecked ? [] : validateStepInput(command, { now: ctx.now, referredAt: state.referral?.referral?.referredAt });
  if (inputErrors.length) return reject(state, inputErrors.map((p) => p.message).join('; '), inputErrors);
  const next = cloneState(state);
  const events: PathwayEvent[] = [];
  const step = STEPS[command.type] as (s: PathwayState, c: PathwayCommand, x: DecisionContext, e: PathwayEvent[]) => string | FieldError[] | void;
  const problem = step(next, command, ctx, events);
  if (typeof problem === 'string') return reject(state, problem);
  if (Array.isArray(problem) && problem.length) {
    return reject(state, problem.map((p) => p.message).join('; '), problem);
  }
  next.lastActivityAt = ctx.now.toISOString();
  next.flags = next.flags.filter((f) => f !== 'INACTIVE');
  // A closing step cancelled every clock: the inactivity watch must not come back.
  if (next.stage !== 'CLOSED') replaceClock(next, inactivityClock(next.lastActivityAt, ctx.policy));
  return { ok: true, state: next, events };
}

const STEPS: { [T in PathwayCommandType]: Step<T> } = {
  ...EPISODE_STEPS,
  ...APPOINTMENT_STEPS,
  attachDocument,
  ...CARE_TEAM_STEPS,

  decideEligibility(s, c, ctx, events) {
    const now = ctx.now.toISOString();
    // validateEligibility (run by decide) has checked every criterion and refused an acceptance that fails one.
    const failed = failedCriteria(c.criteria);
    s.eligibility = { decision: c.decision, decidedAt: now, criteria: c.criteria, reason: c.reason, reorientedTo: c.reorientedTo };
    stopClock(s, 'eligibilityDue');
    if (c.decision === 'ACCEPTED') {
      moveTo(s, 'AWAITING_ASSIGNMENT', now);
      s.clocks.push(startClock('assignmentDue', now, ctx.policy));
      emit(s, events, now, ctx.actor, 'ELIGIBILITY_DECIDED', { decision: c.decision, criteria: c.criteria, stage: s.stage });
      return;
    }
    emit(s, events, now, ctx.actor, 'ELIGIBILITY_DECIDED', {
      decision: c.decision,
      criteria: c.criteria,
      failedCriteria: failed,
      reason: c.reason,
      reorientedTo: c.reorientedTo,
      // The referrer is told where the person is reoriented.
      notify: ['referrer'],
    });
    close(s, events, ctx, { reason: 'REORIENTED', note: c.reorientedTo ?? c.reason });
  },

  assignCaseManager(s, c, ctx, events) {
    const now = ctx.now.toISOString();
    if (c.expectedCaseManagerId !== undefined && (s.caseManagerId ?? null) !== c.expectedCaseManagerId) {
      const holder = s.caseManagerId ? `case manager ${s.caseManagerId} holds it` : 'nobody holds it';
      return c.expectedCaseManagerId === null
        ? `the pathway no longer waits for a case manager: ${holder}`
        : `the pathway is no longer held by case manager ${c.expectedCaseManagerId}: ${holder}`;
    }
    if (s.caseManagerId === c.caseManagerId) return `the pathway is already assigned to case manager ${c.caseManagerId}`;
    if (s.stage === 'AWAITING_ASSIGNMENT') {
      s.caseManagerId = c.caseManagerId;
      s.assignedAt = now;
      stopClock(s, 'assignmentDue');
      moveTo(s, 'ASSESSMENT', now);
      s.cycle = 1;
      s.clocks.push(
        startClock('firstContactDue', now, ctx.policy),
        startClock('firstHomeVisitDue', now, ctx.policy),
        startClock('assessmentDue', now, ctx.policy),
      );
      emit(s, events, now, ctx.actor, 'CASE_MANAGER_ASSIGNED', { caseManagerId: c.caseManagerId, stage: s.stage });
      return;
    }
    // Reassignment: the deadlines stay, their owner changes (reminders follow the case manager).
    const previous = s.caseManagerId;
    s.caseManagerId = c.caseManagerId;
    s.assignedAt = now;
    emit(s, events, now, ctx.actor, 'CASE_MANAGER_REASSIGNED', { caseManagerId: c.caseManagerId, previousCaseManagerId: previous });
  },

  recordConsent(s, c, ctx, events) {
    if (s.consent?.given && c.given) return 'consent is already recorded';
    const now = ctx.now.toISOString();
    s.consent = { given: c.given, at: c.at };
    emit(s, events, now, ctx.actor, 'CONSENT_RECORDED', { given: c.given, at: c.at });
    // A refusal closes the pathway; referrer and physician are told.
    if (!c.given) close(s, events, ctx, { reason: 'REFUSED' }, ['referrer', 'physician']);
  },

  logContact(s, c, ctx, events) {
    contactMade(s, c.at, c.channel, ctx);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CONTACT_LOGGED', { at: c.at, channel: c.channel, note: c.note });
  },

  recordAssessment(s, c, ctx, events) {
    if (s.cycle <= 1 && s.assessmentCount === 0 && !s.consent?.given) {
      return "the person's consent must be recorded before the first assessment";
    }
    const now = ctx.now.toISOString();
    if (s.stage === 'FOLLOW_UP') {
      // An early reassessment opens the new cycle itself.
      s.cycle += 1;
      emit(s, events, now, ctx.actor, 'REASSESSMENT_CYCLE_STARTED', { cycle: s.cycle, trigger: 'EARLY_ASSESSMENT' });
    }
    const previousZarit = s.latestAssessment?.zarit;
    s.latestAssessment = { ...c.assessment, recordedAt: now, cycle: s.cycle };
    s.assessmentCount += 1;
    // The multidimensional assessment is done at home (PATHWAY.md: "assessment recorded (first home
    // visit)"): it is also the first contact and the first home visit if none was logged.
    if (!s.firstContactAt) s.firstContactAt = c.assessment.performedAt;
    if (!s.firstHomeVisitAt) s.firstHomeVisitAt = c.assessment.performedAt;
    stopClock(s, 'firstContactDue');
    stopClock(s, 'firstHomeVisitDue');
    for (const kind of ASSESSMENT_CLOCKS) stopClock(s, kind);
    stopClock(s, 'contactDue');
    moveTo(s, 'PLANNING', now);
    s.clocks.push(startClock('planDue', now, ctx.policy));
    const proposals: PathwayFlag[] = [];
    if (c.assessment.gir !== undefined && c.assessment.gir <= 4) proposals.push('APA_PROPOSED');
    const zarit = c.assessment.zarit;
    if (
      zarit !== undefined &&
      (zarit > ctx.policy.zaritRespiteThreshold ||
        (previousZarit !== undefined && zarit - previousZarit >= ctx.policy.zaritRiseRespiteThreshold))
    ) {
      proposals.push('RESPITE_PROPOSED');
    }
    for (const flag of proposals) addFlag(s, flag);
    emit(s, events, now, ctx.actor, 'ASSESSMENT_RECORDED', { ...c.assessment, cycle: s.cycle, proposals, stage: s.stage });
  },

  recordPlan(s, c, ctx, events) {
    // A service names a member of the team as it is now (the state, hence here rather than in step-fields).
    const unknownProviders = planProviderProblems(s, c.services);
    if (unknownProviders.length) return unknownProviders;
    const now = ctx.now.toISOString();
    const previous = s.plan?.services;
    const version = (s.plan?.version ?? 0) + 1;
    s.plan = {
      version,
      recordedAt: now,
      services: c.services.map((svc) => ({ ...svc, status: s.hospitalization ? 'SUSPENDED' : 'PLANNED' })),
    };
    if (s.stage === 'PLANNING') {
      stopClock(s, 'planDue');
      moveTo(s, 'PLAN_VALIDATION', now);
      s.flags = s.flags.filter((f) => f !== 'PLAN_NOT_ACKNOWLEDGED');
      replaceClock(s, startClock('planAcknowledgementDue', now, ctx.policy));
      // The periodic reassessment runs from the plan of each cycle.
      replaceClock(s, startClock('reassessmentDue', now, ctx.policy));
    }
    emit(s, events, now, ctx.actor, 'PLAN_RECORDED', {
      version,
      services: c.services,
      stage: s.stage,
      notify: ['physician'],
      providerChanges: providerChanges(previous, s.plan.services),
      // Under a curatelle or tutelle the legal representative co-signs: they are sent the plan too.
      coSigner: coSigningMeasure(s, ctx.now) ? legalRepresentativeOf(s) : undefined,
    });
  },

  acknowledgePlan(s, c, ctx, events) {
    if (!s.plan) return 'there is no plan to acknowledge';
    if (s.plan.acknowledgedAt) return `plan version ${s.plan.version} is already acknowledged`;
    const early = acknowledgementNotBeforePlan(c.acknowledgedAt, s.plan.recordedAt);
    if (early) return early.message;
    const now = ctx.now.toISOString();
    if (ctx.planCoSignature && coSigningMeasure(s, ctx.now)) return coSign(s, c, ctx, events);
    if (c.by !== undefined && c.by !== 'physician') return 'without a curatelle or tutelle in force, the plan is acknowledged by the attending physician alone';
    s.plan.acknowledgedAt = c.acknowledgedAt;
    s.plan.acknowledgementComment = c.comment;
    s.flags = s.flags.filter((f) => f !== 'PLAN_NOT_ACKNOWLEDGED');
    stopClock(s, 'planAcknowledgementDue');
    if (s.stage === 'PLAN_VALIDATION') enterFollowUp(s, now, ctx);
    emit(s, events, now, ctx.actor, 'PLAN_ACKNOWLEDGED', { version: s.plan.version, acknowledgedAt: c.acknowledgedAt, comment: c.comment, stage: s.stage });
  },

  admitToHospital(s, c, ctx, events) {
    if (s.hospitalization) return `the patient is already in hospital since ${s.hospitalization.admittedAt} (${s.hospitalization.facility})`;
    const now = ctx.now.toISOString();
    s.hospitalization = { admittedAt: c.admittedAt, facility: c.facility, reason: c.reason };
    addFlag(s, 'HOSPITALIZED');
    // Case management goes on during the stay; planned home services are suspended until discharge.
    for (const svc of s.plan?.services ?? []) if (svc.status !== 'STOPPED') svc.status = 'SUSPENDED';
    emit(s, events, now, ctx.actor, 'HOSPITAL_ADMISSION', {
      admittedAt: c.admittedAt,
      facility: c.facility,
      reason: c.reason,
      // The providers whose services the stay suspends (provider-notices.ts tells them).
      suspendedProviders: providerParts(s.plan?.services),
    });
  },

  dischargeFromHospital(s, c, ctx, events) {
    if (!s.hospitalization) return 'the patient is not in hospital';
    const early = dischargeNotBeforeAdmission(c.dischargedAt, s.hospitalization.admittedAt);
    if (early) return early.message;
    const now = ctx.now.toISOString();
    const stay = s.hospitalization;
    s.lastDischarge = { ...stay, dischargedAt: c.dischargedAt, destination: c.destination };
    s.hospitalization = undefined;
    s.flags = s.flags.filter((f) => f !== 'HOSPITALIZED' && f !== 'HOSPITAL_DAY_31');
    // A previous stay's letter and restart are superseded by this discharge's.
    stopClock(s, 'dischargeLetterDue');
    stopClock(s, 'servicesRestartDue');
    const data: Record<string, unknown> = { dischargedAt: c.dischargedAt, destination: c.destination, facility: stay.facility };
    if (c.destination === 'HOME') {
      const suspended = (s.plan?.services ?? []).filter((svc) => svc.status === 'SUSPENDED');
      for (const svc of suspended) svc.status = 'STARTED';
      data.restartedProviders = providerParts(suspended);
      data.servicesRestartDueAt = dueAfter(c.dischargedAt, ctx.policy.servicesRestartDue);
      // Home services restart within 48 hours: the case manager confirms it with the providers.
      if (suspended.length) s.clocks.push(startClock('servicesRestartDue', c.dischargedAt, ctx.policy));
    }
    // The discharge letter is due on the day of discharge, wherever the person goes; the case manager chases it.
    data.dischargeLetterDueAt = dischargeLetterDueAt(c.dischargedAt, ctx.policy);
    if (CASE_MANAGED_STAGES.includes(s.stage)) {
      s.clocks.push(startClock('dischargeLetterDue', c.dischargedAt, ctx.policy, data.dischargeLetterDueAt as string));
    }
    // The return assessment replaces a routine one that was due.
    if (c.destination === 'HOME') data.cycle = openReassessment(s, 'postDischargeReassessmentDue', c.dischargedAt, ctx).cycle;
    data.stage = s.stage;
    emit(s, events, now, ctx.actor, 'HOSPITAL_DISCHARGE', data);
  },

  admitToInstitution(s, c, ctx, events) {
    enterInstitution(s, c.admittedAt, c.facility, ctx, events);
  },

  closePathway(s, c, ctx, events) {
    if (c.reason === 'INSTITUTIONALIZED' && s.stage !== 'INSTITUTIONALIZED') {
      return 'closure reason INSTITUTIONALIZED needs a recorded institutional admission first';
    }
    close(s, events, ctx, { reason: c.reason, note: c.note });
  },
};

// ---- helpers ---------------------------------------------------------------------------------

/** An acknowledgement under a co-signature: recorded for its signer; the plan is validated once all have signed. */
function coSign(s: PathwayState, c: CommandOf<'acknowledgePlan'>, ctx: DecisionContext, events: PathwayEvent[]): string | void {
  const plan = s.plan as NonNullable<PathwayState['plan']>;
  const by = c.by ?? 'physician';
  const required = requiredSigners(s, ctx.now);
  if (!required.includes(by)) return `member ${by} does not sign the plan: under the ${coSigningMeasure(s, ctx.now)?.kind} in force it is the attending physician and the legal representative`;
  if ((plan.acknowledgements ?? []).some((a) => a.memberId === by)) return `plan version ${plan.version} is already acknowledged by ${by}`;
  const now = ctx.now.toISOString();
  plan.acknowledgements = [...(plan.acknowledgements ?? []), { memberId: by, acknowledgedAt: c.acknowledgedAt, ...(c.comment ? { comment: c.comment } : {}) }];
  const awaited = awaitedSigners(s, ctx.now);
  if (!awaited.length) {
    plan.acknowledgedAt = c.acknowledgedAt;
    plan.acknowledgementComment = plan.acknowledgements.map((a) => a.comment).filter(Boolean).join('\n') || undefined;
    s.flags = s.flags.filter((f) => f !== 'PLAN_NOT_ACKNOWLEDGED');
    stopClock(s, 'planAcknowledgementDue');
    if (s.stage === 'PLAN_VALIDATION') enterFollowUp(s, now, ctx);
  }
  emit(s, events, now, ctx.actor, 'PLAN_ACKNOWLEDGED', {
    version: plan.version,
    acknowledgedAt: c.acknowledgedAt,
    comment: c.comment,
    by,
    validated: awaited.length === 0,
    awaiting: awaited.length ? awaited : undefined,
    stage: s.stage,
  });
}

function close(
  s: PathwayState,
  events: PathwayEvent[],
  ctx: DecisionContext,
  closure: { reason: ClosureReason; note?: string },
  notify: string[] = [],
): void {
  const now = ctx.now.toISOString();
  const previousStage = s.stage;
  s.closure = { reason: closure.reason, note: closure.note, at: now };
  // Closure cancels every pending deadline and reminder.
  s.clocks = [];
  s.flags = [];
  moveTo(s, 'CLOSED', now);
  emit(s, events, now, ctx.actor, 'PATHWAY_CLOSED', {
    reason: closure.reason,
    note: closure.note,
    previousStage,
    notify: notify.length ? notify : undefined,
    // The providers of the plan are told the pathway ends (after a death too; the family is not written to).
    closedProviders: providerParts(s.plan?.services),
  });
}

function failedCriteria(criteria?: EligibilityCriteria): string[] {
  if (!criteria) return [];
  return (Object.keys(CRITERIA_LABELS) as (keyof EligibilityCriteria)[])
    .filter((key) => criteria[key] !== true)
    .map((key) => CRITERIA_LABELS[key]);
}

function reject(state: PathwayState, reason: string, errors?: FieldError[]): Decision {
  return { ok: false, rejection: { stage: state.stage, reason, errors } };
}

