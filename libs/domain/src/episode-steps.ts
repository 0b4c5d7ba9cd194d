/**
 * Episodes and files (PATHWAY.md "Episodes" and "Rules from practice and law"): what interrupts the
 * stages (the end of a hospital stay, respite, crises) and the social and legal files whose clocks the
 * law sets (APA, legal protection, nursing-home applications).
 *
 * Why they are state of the pathway and not child workflows: every rule here reads or moves the pathway
 * itself (a crisis resolved or a discharge home opens a reassessment and a new cycle; the first accepted
 * EHPAD application institutionalizes the pathway and cancels the others; a closure or a death silences
 * them all at once). Kept in one `PathwayState`, one validator (`decide`, run synchronously by the
 * workflow's Update validators, which cannot query or signal another workflow) sees the stage and every
 * episode together; their deadlines are ordinary clocks in the same list, so the one timer loop, the
 * summary, the stuck list and closure handle them with no extra machinery; and the whole lives in one
 * history, bounded by continue-as-new at each cycle with the state carried across (a five-year legal
 * measure keeps its end date through every run). Child workflows would split that state across histories
 * and make each rule a cross-workflow conversation.
 */
import { ClockKind, Clock, startClock } from './clocks';
import type { EpisodeCommandType } from './commands';
import { daysPerYear } from './calendar-days';
import { isBefore, notBefore } from './date-order';
import type { Step } from './decision-context';
import { addDuration, parseDuration } from './durations';
import { addFlag, emit, enterInstitution, openReassessment, releaseRespiteDays, removeFlag, stopClock } from './effects';
import { PathwayPolicy } from './policy';
import { NursingHomeApplication, PathwayState, RespiteRecord } from './state';

/** "The discharge letter is due on the day of discharge": a policy in days means by the end of that (UTC) day; in hours or less (a demo), exactly. */
export function dischargeLetterDueAt(dischargedAt: string, policy: PathwayPolicy): string {
  const due = addDuration(dischargedAt, policy.dischargeLetterDue);
  const { hours, minutes, seconds } = parseDuration(policy.dischargeLetterDue);
  if (hours || minutes || seconds) return due.toISOString();
  return new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth(), due.getUTCDate() + 1) - 1).toISOString();
}

export const EPISODE_STEPS: { [T in EpisodeCommandType]: Step<T> } = {
  // ---- hospitalization: after the discharge (admission and discharge are in decide.ts) ----------

  recordDischargeLetter(s, c, ctx, events) {
    const discharge = s.lastDischarge;
    if (!discharge) return 'there is no hospital discharge on record';
    if (discharge.dischargeLetterReceivedAt) {
      return `the discharge letter of the ${discharge.dischargedAt} discharge is already recorded (received ${discharge.dischargeLetterReceivedAt})`;
    }
    const early = notBefore('receivedAt', c.receivedAt, discharge.admittedAt, 'the admission');
    if (early) return early.message;
    discharge.dischargeLetterReceivedAt = c.receivedAt;
    stopClock(s, 'dischargeLetterDue');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'DISCHARGE_LETTER_RECEIVED', { receivedAt: c.receivedAt, dischargedAt: discharge.dischargedAt });
  },

  confirmServicesRestarted(s, c, ctx, events) {
    const discharge = s.lastDischarge;
    if (s.hospitalization) return `the patient is in hospital since ${s.hospitalization.admittedAt}; home services restart at discharge`;
    if (!discharge || discharge.destination !== 'HOME') return 'there is no discharge home whose services are to restart';
    if (discharge.servicesRestartedAt) return `home services are already confirmed restarted (${discharge.servicesRestartedAt})`;
    const early = notBefore('at', c.at, discharge.dischargedAt, 'the discharge');
    if (early) return early.message;
    discharge.servicesRestartedAt = c.at;
    stopClock(s, 'servicesRestartDue');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'SERVICES_RESTARTED', { at: c.at, dischargedAt: discharge.dischargedAt });
  },

  // ---- respite: day care or temporary accommodation (90 days per calendar year) ------------------

  planRespite(s, c, ctx, events) {
    const startsAt = iso(c.startsAt);
    const endsAt = iso(c.endsAt);
    const clash = (s.respites ?? []).find((r) => r.kind === c.kind && isBefore(r.startsAt, endsAt) && isBefore(startsAt, r.endsAt));
    if (clash) return `a ${respiteLabel(c.kind)} (${clash.id}) is already planned from ${clash.startsAt} to ${clash.endsAt}`;
    let days: Record<string, number> | undefined;
    if (c.kind === 'TEMPORARY_ACCOMMODATION') {
      days = daysPerYear(startsAt, endsAt);
      const allowance = ctx.policy.respiteTemporaryAccommodationDaysPerYear;
      const short = Object.entries(days)
        .map(([year, needed]) => ({ year, needed, left: Math.max(0, allowance - (s.respiteDaysUsed?.[year] ?? 0)) }))
        .filter((y) => y.needed > y.left);
      if (short.length) {
        return short
          .map((y) => `temporary accommodation is limited to ${allowance} days per calendar year: ${y.left} days left in ${y.year}, this stay needs ${y.needed}`)
          .join('; ');
      }
    }
    const now = ctx.now.toISOString();
    const id = `respite-${nextId(s, 'respite')}`;
    const respite: RespiteRecord = { id, kind: c.kind, startsAt, endsAt, provider: c.provider, plannedAt: now, status: isBefore(now, startsAt) ? 'PLANNED' : 'ONGOING', days };
    s.respites = [...(s.respites ?? []), respite];
    if (days) {
      s.respiteDaysUsed = { ...(s.respiteDaysUsed ?? {}) };
      for (const [year, count] of Object.entries(days)) s.respiteDaysUsed[year] = (s.respiteDaysUsed[year] ?? 0) + count;
    }
    // The caregiver is reminded 2 days before the start and 2 days before the end; an end reminder that
    // would come before the respite has even begun (a stay of 2 days or less) is left out.
    if (respite.status === 'PLANNED') s.clocks.push(startClock('respiteStart', now, ctx.policy, startsAt, id));
    const end = startClock('respiteEnd', now, ctx.policy, endsAt, id);
    end.reminders = end.reminders.filter((r) => respite.status === 'ONGOING' || isBefore(startsAt, r.at));
    s.clocks.push(end);
    removeFlag(s, 'RESPITE_PROPOSED');
    emit(s, events, now, ctx.actor, 'RESPITE_PLANNED', {
      respiteId: id,
      kind: c.kind,
      startsAt,
      endsAt,
      provider: c.provider,
      daysLeft: days ? daysLeft(s, Object.keys(days), ctx.policy) : undefined,
    });
  },

  cancelRespite(s, c, ctx, events) {
    const respite = (s.respites ?? []).find((r) => r.id === c.respiteId);
    if (!respite) return `there is no planned respite ${c.respiteId}`;
    if (respite.status !== 'PLANNED') return `respite ${respite.id} began on ${respite.startsAt}; it can no longer be cancelled`;
    s.respites = (s.respites ?? []).filter((r) => r.id !== respite.id);
    releaseRespiteDays(s, respite.days);
    stopClock(s, 'respiteStart', respite.id);
    stopClock(s, 'respiteEnd', respite.id);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'RESPITE_CANCELLED', {
      respiteId: respite.id,
      kind: respite.kind,
      startsAt: respite.startsAt,
      note: c.note,
      daysLeft: respite.days ? daysLeft(s, Object.keys(respite.days), ctx.policy) : undefined,
    });
  },

  // ---- crisis: the supervisor told at once, action within 24 hours, reassessment after ---------------

  openCrisis(s, c, ctx, events) {
    if (s.crisis) return `a crisis (${s.crisis.kind}) is already open since ${s.crisis.openedAt}`;
    s.crisis = { kind: c.kind, openedAt: c.at, note: c.note, actionCount: 0 };
    addFlag(s, 'CRISIS_OPEN');
    // The 24 hours run from the crisis itself, not from when it was recorded.
    const action = startClock('crisisActionDue', c.at, ctx.policy);
    s.clocks.push(action);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CRISIS_OPENED', { at: c.at, kind: c.kind, note: c.note, actionDueAt: action.dueAt, notify: ['supervisor'] });
  },

  recordCrisisAction(s, c, ctx, events) {
    const crisis = s.crisis;
    if (!crisis) return 'there is no open crisis';
    const early = notBefore('at', c.at, crisis.openedAt, 'the crisis began');
    if (early) return early.message;
    crisis.actionCount += 1;
    crisis.firstActionAt ??= c.at;
    stopClock(s, 'crisisActionDue');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CRISIS_ACTION_RECORDED', { at: c.at, note: c.note, openedAt: crisis.openedAt });
  },

  resolveCrisis(s, c, ctx, events) {
    const crisis = s.crisis;
    if (!crisis) return 'there is no open crisis';
    const early = notBefore('at', c.at, crisis.openedAt, 'the crisis began');
    if (early) return early.message;
    crisis.resolvedAt = c.at;
    s.lastCrisis = crisis;
    s.crisis = undefined;
    removeFlag(s, 'CRISIS_OPEN');
    stopClock(s, 'crisisActionDue');
    // The closing of a crisis opens a significant-change reassessment (due within 15 days).
    const { cycle } = openReassessment(s, 'significantChangeReassessmentDue', c.at, ctx);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CRISIS_RESOLVED', {
      at: c.at,
      note: c.note,
      kind: crisis.kind,
      openedAt: crisis.openedAt,
      reassessmentDueAt: s.clocks.find((k) => k.kind === 'significantChangeReassessmentDue')?.dueAt,
      cycle,
      stage: s.stage,
    });
  },

  // ---- APA file (L232-14 CASF): acknowledged in 10 days, decided in 2 months, provider in 1 month ----

  submitApaApplication(s, c, ctx, events) {
    if (s.apa && (s.apa.status === 'SUBMITTED' || s.apa.status === 'ACKNOWLEDGED')) {
      return `the APA application submitted on ${s.apa.submittedAt} is still awaiting its decision`;
    }
    // A new application (a revision) replaces the previous file and whatever it still waited for.
    for (const kind of APA_CLOCKS) stopClock(s, kind);
    s.apa = { submittedAt: c.submittedAt, emergency: c.emergency === true, status: 'SUBMITTED', completeFileAt: c.submittedAt };
    const acknowledgement = startClock('apaAcknowledgementDue', c.submittedAt, ctx.policy);
    const decision = startClock('apaDecisionDue', c.submittedAt, ctx.policy);
    s.clocks.push(acknowledgement, decision);
    removeFlag(s, 'APA_PROPOSED');
    removeFlag(s, 'APA_DEEMED_GRANTED');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'APA_SUBMITTED', {
      submittedAt: c.submittedAt,
      emergency: s.apa.emergency,
      acknowledgementDueAt: acknowledgement.dueAt,
      decisionDueAt: decision.dueAt,
    });
  },

  acknowledgeApaApplication(s, c, ctx, events) {
    const apa = s.apa;
    if (!apa) return 'there is no APA application to acknowledge';
    if (apa.status !== 'SUBMITTED') return `the APA application submitted on ${apa.submittedAt} is already ${apa.status.toLowerCase().replace('_', ' ')}`;
    const early = notBefore('at', c.at, apa.submittedAt, 'the submission');
    if (early) return early.message;
    if (c.completeFileAt && (isBefore(c.completeFileAt, apa.submittedAt) || isBefore(c.at, c.completeFileAt))) {
      return `completeFileAt (${c.completeFileAt}) must fall between the submission (${apa.submittedAt}) and the acknowledgement (${c.at})`;
    }
    apa.status = 'ACKNOWLEDGED';
    apa.acknowledgedAt = c.at;
    stopClock(s, 'apaAcknowledgementDue');
    // The 2 months run from the complete file: a file completed after its submission moves the decision deadline.
    if (c.completeFileAt && Date.parse(c.completeFileAt) !== Date.parse(apa.completeFileAt)) {
      apa.completeFileAt = c.completeFileAt;
      stopClock(s, 'apaDecisionDue');
      s.clocks.push(startClock('apaDecisionDue', c.completeFileAt, ctx.policy));
    }
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'APA_ACKNOWLEDGED', {
      at: c.at,
      completeFileAt: apa.completeFileAt,
      decisionDueAt: s.clocks.find((k) => k.kind === 'apaDecisionDue')?.dueAt,
    });
  },

  decideApaApplication(s, c, ctx, events) {
    const apa = s.apa;
    if (!apa || (apa.status !== 'SUBMITTED' && apa.status !== 'ACKNOWLEDGED' && apa.status !== 'DEEMED_GRANTED')) {
      return apa ? `the APA application submitted on ${apa.submittedAt} is already decided (${apa.status})` : 'there is no APA application to decide';
    }
    const early = notBefore('decidedAt', c.decidedAt, apa.submittedAt, 'the submission');
    if (early) return early.message;
    apa.status = c.outcome;
    apa.decision = { decidedAt: c.decidedAt, outcome: c.outcome, gir: c.gir };
    stopClock(s, 'apaAcknowledgementDue');
    stopClock(s, 'apaDecisionDue');
    removeFlag(s, 'APA_DEEMED_GRANTED');
    // Once the grant is notified, the provider must be declared within a month.
    const declaration = c.outcome === 'GRANTED' ? startClock('apaProviderDeclarationDue', c.decidedAt, ctx.policy) : undefined;
    if (declaration) s.clocks.push(declaration);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'APA_DECIDED', {
      decidedAt: c.decidedAt,
      outcome: c.outcome,
      gir: c.gir,
      providerDeclarationDueAt: declaration?.dueAt,
    });
  },

  declareApaProvider(s, c, ctx, events) {
    const apa = s.apa;
    if (!apa?.decision || apa.status !== 'GRANTED') return 'there is no granted APA whose provider to declare';
    if (apa.provider) return `the APA provider is already declared (${apa.provider.provider}, ${apa.provider.declaredAt})`;
    const early = notBefore('at', c.at, apa.decision.decidedAt, 'the APA decision');
    if (early) return early.message;
    apa.provider = { declaredAt: c.at, provider: c.provider };
    stopClock(s, 'apaProviderDeclarationDue');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'APA_PROVIDER_DECLARED', { at: c.at, provider: c.provider });
  },

  // ---- legal protection: certificate → request filed (lapses in a year) → ruling → measure ---------

  requestLegalProtection(s, c, ctx, events) {
    const previous = s.legalProtection;
    if (previous?.status === 'PREPARING') return `a ${previous.kind} request is already in preparation since ${previous.requestedAt}`;
    if (previous?.status === 'FILED') return `a ${previous.kind} request filed on ${previous.filedAt} is awaiting its ruling`;
    // A measure in force stays, with its renewal reminder, until a new ruling grants the next one.
    s.legalProtection = { kind: c.kind, requestedAt: ctx.now.toISOString(), certificateAt: c.certificateAt, status: 'PREPARING', measure: previous?.measure };
    removeFlag(s, 'LEGAL_REQUEST_LAPSED');
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'LEGAL_PROTECTION_REQUESTED', {
      kind: c.kind,
      certificateAt: c.certificateAt,
      measureInForce: previous?.measure ? { kind: previous.measure.kind, endsAt: previous.measure.endsAt } : undefined,
    });
  },

  fileLegalProtectionRequest(s, c, ctx, events) {
    const file = s.legalProtection;
    if (!file || file.status !== 'PREPARING') {
      return file?.status === 'FILED' ? `the ${file.kind} request is already filed (${file.filedAt})` : 'there is no legal protection request in preparation';
    }
    // A request to the judge comes with a detailed medical certificate (art. 431 Code civil).
    const certificateAt = c.certificateAt ?? file.certificateAt;
    if (!certificateAt) return 'a legal protection request is filed with its medical certificate: give certificateAt';
    const early = notBefore('filedAt', c.filedAt, certificateAt, 'the medical certificate');
    if (early) return early.message;
    file.certificateAt = certificateAt;
    file.status = 'FILED';
    file.filedAt = c.filedAt;
    const lapse = startClock('legalRequestLapseAfter', c.filedAt, ctx.policy);
    stopClock(s, 'legalRequestLapseAfter');
    s.clocks.push(lapse);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'LEGAL_PROTECTION_FILED', { kind: file.kind, filedAt: c.filedAt, certificateAt, lapsesAt: lapse.dueAt });
  },

  recordLegalProtectionRuling(s, c, ctx, events) {
    const file = s.legalProtection;
    if (!file || file.status !== 'FILED') return 'there is no filed legal protection request to rule on';
    const early = notBefore('ruledAt', c.ruledAt, file.filedAt as string, 'the request was filed');
    if (early) return early.message;
    file.ruling = { ruledAt: c.ruledAt, outcome: c.outcome, measureEndsAt: c.measureEndsAt, representative: c.representative };
    stopClock(s, 'legalRequestLapseAfter');
    let renewal: Clock | undefined;
    if (c.outcome === 'GRANTED') {
      file.status = 'GRANTED';
      file.measure = { kind: file.kind, grantedAt: c.ruledAt, endsAt: iso(c.measureEndsAt as string), representative: c.representative };
      // Renewal reminder two months before the measure ends; due instants are fixed now and carried across runs.
      renewal = startClock('legalMeasureRenewal', ctx.now.toISOString(), ctx.policy, file.measure.endsAt);
      stopClock(s, 'legalMeasureRenewal');
      s.clocks.push(renewal);
    } else {
      file.status = 'REJECTED';
    }
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'LEGAL_PROTECTION_RULED', {
      kind: file.kind,
      ruledAt: c.ruledAt,
      outcome: c.outcome,
      measureEndsAt: renewal?.dueAt,
      renewalReminderAt: renewal?.reminders[0]?.at,
      representative: c.representative,
    });
  },

  // ---- nursing-home (EHPAD) applications: several at once; the first accepted admission wins ----------

  submitNursingHomeApplication(s, c, ctx, events) {
    const same = (s.nursingHomeApplications ?? []).find((a) => isOpenApplication(a) && sameFacility(a.facility, c.facility));
    if (same) return `an application to ${same.facility} is already open (${same.id}, submitted ${same.submittedAt})`;
    const id = `nh-${nextId(s, 'nursingHome')}`;
    s.nursingHomeApplications = [...(s.nursingHomeApplications ?? []), { id, facility: c.facility, submittedAt: c.submittedAt, status: 'SUBMITTED' }];
    const medicalPart = startClock('nursingHomeMedicalPartDue', c.submittedAt, ctx.policy, undefined, id);
    s.clocks.push(medicalPart);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'NURSING_HOME_APPLICATION_SUBMITTED', {
      applicationId: id,
      facility: c.facility,
      submittedAt: c.submittedAt,
      medicalPartDueAt: medicalPart.dueAt,
    });
  },

  completeNursingHomeMedicalPart(s, c, ctx, events) {
    const application = (s.nursingHomeApplications ?? []).find((a) => a.id === c.applicationId);
    if (!application) return `there is no nursing-home application ${c.applicationId}`;
    if (!isOpenApplication(application)) return `nursing-home application ${application.id} (${application.facility}) is ${application.status}`;
    if (application.medicalPartCompletedAt) return `the medical part of ${application.id} is already completed (${application.medicalPartCompletedAt})`;
    const early = notBefore('completedAt', c.completedAt, application.submittedAt, 'the application');
    if (early) return early.message;
    application.medicalPartCompletedAt = c.completedAt;
    stopClock(s, 'nursingHomeMedicalPartDue', application.id);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'NURSING_HOME_MEDICAL_PART_COMPLETED', {
      applicationId: application.id,
      facility: application.facility,
      completedAt: c.completedAt,
    });
  },

  decideNursingHomeApplication(s, c, ctx, events) {
    const application = (s.nursingHomeApplications ?? []).find((a) => a.id === c.applicationId);
    if (!application) return `there is no nursing-home application ${c.applicationId}`;
    if (!isOpenApplication(application)) return `nursing-home application ${application.id} (${application.facility}) is already ${application.status}`;
    const early = notBefore('at', c.at, application.submittedAt, 'the application');
    if (early) return early.message;
    application.status = c.outcome;
    application.decidedAt = c.at;
    if (c.outcome !== 'WAITLISTED') stopClock(s, 'nursingHomeMedicalPartDue', application.id);
    const others = (s.nursingHomeApplications ?? []).filter((a) => a !== application && isOpenApplication(a)).map((a) => a.id);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'NURSING_HOME_APPLICATION_DECIDED', {
      applicationId: application.id,
      facility: application.facility,
      at: c.at,
      outcome: c.outcome,
      cancelledApplications: c.outcome === 'ACCEPTED' && others.length ? others : undefined,
    });
    // The first accepted admission cancels the others and moves the pathway to INSTITUTIONALIZED.
    if (c.outcome === 'ACCEPTED') enterInstitution(s, c.at, application.facility, ctx, events);
  },
};

// ---- helpers ---------------------------------------------------------------------------------

const APA_CLOCKS: readonly ClockKind[] = ['apaAcknowledgementDue', 'apaDecisionDue', 'apaProviderDeclarationDue'];

function isOpenApplication(application: NursingHomeApplication): boolean {
  return application.status === 'SUBMITTED' || application.status === 'WAITLISTED';
}

function sameFacility(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function respiteLabel(kind: RespiteRecord['kind']): string {
  return kind === 'DAY_CARE' ? 'day care respite' : 'temporary accommodation';
}

/** Temporary-accommodation days still available in each of `years`. */
function daysLeft(s: PathwayState, years: string[], policy: PathwayPolicy): Record<string, number> {
  return Object.fromEntries(years.map((year) => [year, Math.max(0, policy.respiteTemporaryAccommodationDaysPerYear - (s.respiteDaysUsed?.[year] ?? 0))]));
}

/** Ids from counters in the state: the same on every replay, readable in a URL, unique within the pathway. */
function nextId(s: PathwayState, counter: 'respite' | 'nursingHome'): number {
  s.idSeq = { respite: s.idSeq?.respite ?? 0, nursingHome: s.idSeq?.nursingHome ?? 0 };
  s.idSeq[counter] += 1;
  return s.idSeq[counter];
}

function iso(at: string): string {
  return new Date(at).toISOString();
}
