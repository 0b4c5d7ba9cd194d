/**
 * A case brought in from another tool (a DAC adopting the product brings its open cases): the pathway
 * starts mid-course, and every clock runs as if the pathway had run here from its referral. Rather
 * than computing each clock from the dates (a second copy of the rules), the known steps are taken,
 * each at its own date, through the same `decide` and with time passing between them through the same
 * `passTime`, exactly as the workflow would have. What is due between the last known date and now is
 * left to the workflow's first wake-up: it passes at once, so an overdue deadline is overdue (and
 * escalated) from the start, and a reminder still useful is sent.
 *
 * The messages are in French: they are read by the DAC's staff who prepared the file.
 */
import type { PathwayCommand } from './commands';
import { decide, DecisionContext, openPathway } from './decide';
import { emit } from './effects';
import type { LegalProtectionKind, ReferralInput } from './input-types';
import type { PathwayStage } from './stages';
import type { PathwayEvent, PathwayState } from './state';
import { nextWakeUp, passTime } from './timers';

/** The stages a case can be imported in: an open, assigned-or-waiting pathway (closed ones stay in the old tool). */
export const IMPORTABLE_STAGES = ['AWAITING_ASSIGNMENT', 'ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP'] as const satisfies readonly PathwayStage[];
export type ImportableStage = (typeof IMPORTABLE_STAGES)[number];

export interface ImportedCase {
  referral: ReferralInput;
  stage: ImportableStage;
  caseManagerId?: string;
  /** Instants (ISO-8601). */
  assignedAt?: string;
  lastAssessmentAt?: string;
  lastPlanAt?: string;
  planAcknowledgedAt?: string;
  lastContactAt?: string;
  /** Episodes in progress. */
  hospitalization?: { admittedAt: string; facility: string };
  apaSubmittedAt?: string;
  legalProtection?: { kind: LegalProtectionKind; requestedAt: string };
}

export type ImportDecision = { ok: true; state: PathwayState; events: PathwayEvent[] } | { ok: false; errors: string[] };

/** The assessment and the plan the old tool knew only by their dates: said so, never invented. */
export const IMPORTED_ASSESSMENT_SUMMARY = "évaluation reprise de l'outil précédent (import) : voir le dossier d'origine";
export const IMPORTED_PLAN_SERVICE = { type: 'OTHER', provider: "plan repris de l'outil précédent (import)", frequency: "voir le dossier d'origine" } as const;

const STAGE_RANK: Record<ImportableStage, number> = { AWAITING_ASSIGNMENT: 0, ASSESSMENT: 1, PLANNING: 2, PLAN_VALIDATION: 3, FOLLOW_UP: 4 };

/** Which dates each stage needs (French column names are the CSV's; here the fields). */
function missingDates(c: ImportedCase): string[] {
  const rank = STAGE_RANK[c.stage];
  const errors: string[] = [];
  const need = (ok: unknown, what: string) => ok || errors.push(`${what} est obligatoire à l'étape ${c.stage}`);
  if (rank >= 1) {
    need(c.caseManagerId, 'le gestionnaire de cas');
    need(c.assignedAt, "la date d'affectation");
  } else if (c.caseManagerId) errors.push("un dossier en attente d'affectation n'a pas de gestionnaire de cas");
  if (rank >= 2) need(c.lastAssessmentAt, 'la date de dernière évaluation');
  if (rank >= 3) need(c.lastPlanAt, 'la date du dernier plan');
  if (rank < 2 && c.lastAssessmentAt) errors.push(`une évaluation est datée mais l'étape ${c.stage} la précède`);
  if (rank < 3 && c.lastPlanAt) errors.push(`un plan est daté mais l'étape ${c.stage} le précède`);
  if (c.planAcknowledgedAt && !c.lastPlanAt) errors.push("l'accusé de réception du plan est daté mais pas le plan");
  return errors;
}

/** The known steps, each at its date, oldest first (ties: in the order of the journey). */
function knownSteps(c: ImportedCase): { at: string; command: PathwayCommand }[] {
  const rank = STAGE_RANK[c.stage];
  const referredAt = c.referral.referral.referredAt;
  const steps: { at: string; command: PathwayCommand }[] = [];
  const eligibleAt = rank >= 1 ? (c.assignedAt as string) : referredAt;
  steps.push({ at: eligibleAt, command: { type: 'decideEligibility', decision: 'ACCEPTED', criteria: { unstableSituation: true, insufficientCare: true, noCoordinator: true } } });
  if (rank >= 1) steps.push({ at: c.assignedAt as string, command: { type: 'assignCaseManager', caseManagerId: c.caseManagerId as string } });
  if (rank >= 2) {
    const at = c.lastAssessmentAt as string;
    steps.push({ at, command: { type: 'recordConsent', given: true, at } });
    steps.push({ at, command: { type: 'recordAssessment', assessment: { performedAt: at, summary: IMPORTED_ASSESSMENT_SUMMARY } } });
  }
  if (rank >= 3) {
    const at = c.lastPlanAt as string;
    steps.push({ at, command: { type: 'recordPlan', services: [{ ...IMPORTED_PLAN_SERVICE, startsAt: at.slice(0, 10) }] } });
  }
  if (c.planAcknowledgedAt) steps.push({ at: c.planAcknowledgedAt, command: { type: 'acknowledgePlan', acknowledgedAt: c.planAcknowledgedAt } });
  if (c.lastContactAt) steps.push({ at: c.lastContactAt, command: { type: 'logContact', at: c.lastContactAt, channel: 'PHONE' } });
  if (c.hospitalization) steps.push({ at: c.hospitalization.admittedAt, command: { type: 'admitToHospital', ...c.hospitalization } });
  if (c.apaSubmittedAt) steps.push({ at: c.apaSubmittedAt, command: { type: 'submitApaApplication', submittedAt: c.apaSubmittedAt } });
  if (c.legalProtection) steps.push({ at: c.legalProtection.requestedAt, command: { type: 'requestLegalProtection', kind: c.legalProtection.kind, certificateAt: c.legalProtection.requestedAt } });
  // A stable sort keeps the journey's order for steps of the same instant.
  return steps.map((s, i) => ({ ...s, i })).sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.i - b.i);
}

/**
 * The state and events of an imported case, as of `ctx.now`: the events are the timeline the pathway
 * would have (dated in the past), ending with PATHWAY_IMPORTED; `state.stage` is the stage at the last
 * known date (the workflow's first wake-up may move it on: a reassessment window opened since then).
 * Refused, with every reason in French, when the dates do not make the declared stage.
 */
export function importedPathway(pathwayId: string, c: ImportedCase, ctx: DecisionContext): ImportDecision {
  const errors = missingDates(c);
  const referredAt = c.referral.referral.referredAt;
  const dated = [c.assignedAt, c.lastAssessmentAt, c.lastPlanAt, c.planAcknowledgedAt, c.lastContactAt, c.apaSubmittedAt, c.legalProtection?.requestedAt].filter((d): d is string => Boolean(d));
  for (const d of [referredAt, ...dated, c.hospitalization?.admittedAt].filter((x): x is string => Boolean(x))) {
    if (Date.parse(d) > ctx.now.getTime()) errors.push(`la date ${d.slice(0, 10)} est dans le futur`);
  }
  if (dated.some((d) => Date.parse(d) < Date.parse(referredAt))) errors.push("une date précède la date d'orientation");
  const order: [string | undefined, string | undefined, string][] = [
    [c.assignedAt, c.lastAssessmentAt, "la dernière évaluation précède l'affectation"],
    [c.lastAssessmentAt, c.lastPlanAt, 'le dernier plan précède la dernière évaluation'],
    [c.lastPlanAt, c.planAcknowledgedAt, "l'accusé de réception précède le plan"],
  ];
  for (const [before, after, message] of order) if (before && after && Date.parse(after) < Date.parse(before)) errors.push(message);
  if (errors.length) return { ok: false, errors: [...new Set(errors)] };

  const opened = openPathway(pathwayId, c.referral, { ...ctx, now: new Date(referredAt) });
  let state = opened.state;
  const events = [...opened.events];
  for (const step of knownSteps(c)) {
    const passed = passUntil(state, step.at, ctx);
    events.push(...passed.events);
    const decision = decide(passed.state, step.command, { ...ctx, now: new Date(step.at) });
    if (!decision.ok) return { ok: false, errors: [`${STEP_LABELS[step.command.type] ?? step.command.type} du ${step.at.slice(0, 10)} refusé(e) : ${decision.rejection.reason}`] };
    state = decision.state;
    events.push(...decision.events);
  }
  // What the pathway shows once the workflow has passed the time since the last known date.
  const later = passUntil(state, ctx.now.toISOString(), ctx);
  const reassessing = [...events, ...later.events].some((e) => e.type === 'REASSESSMENT_CYCLE_STARTED');
  // A reassessment window opened since the plan: the old tool calls it follow-up, here it is the next
  // cycle's assessment (its deadline shows overdue if passed).
  const makes = (stage: PathwayStage) => stage === c.stage || (c.stage === 'FOLLOW_UP' && stage === 'ASSESSMENT' && reassessing);
  if (!makes(state.stage) && !makes(later.state.stage)) {
    const derived = state.stage === later.state.stage ? state.stage : `${state.stage} puis ${later.state.stage}`;
    return { ok: false, errors: [`les dates donnent l'étape ${derived}, pas ${c.stage}`] };
  }
  emit(state, events, ctx.now.toISOString(), ctx.actor, 'PATHWAY_IMPORTED', { stage: c.stage });
  return { ok: true, state, events };
}

/** Lets time pass up to `until`, waking up exactly when the workflow would (PathwayStory does the same for tests). */
function passUntil(from: PathwayState, until: string, ctx: DecisionContext): { state: PathwayState; events: PathwayEvent[] } {
  let state = from;
  const events: PathwayEvent[] = [];
  for (let wake = nextWakeUp(state, ctx.policy); wake && Date.parse(wake) <= Date.parse(until); wake = nextWakeUp(state, ctx.policy)) {
    const passed = passTime(state, { ...ctx, now: new Date(wake), actor: 'system' });
    state = passed.state;
    events.push(...passed.events);
  }
  return { state, events };
}

const STEP_LABELS: Partial<Record<PathwayCommand['type'], string>> = {
  decideEligibility: "l'éligibilité",
  assignCaseManager: "l'affectation",
  recordConsent: 'le consentement',
  recordAssessment: "l'évaluation",
  recordPlan: 'le plan',
  acknowledgePlan: "l'accusé de réception du plan",
  logContact: 'le contact',
  admitToHospital: "l'hospitalisation",
  submitApaApplication: 'le dossier APA',
  requestLegalProtection: 'la demande de protection juridique',
};
