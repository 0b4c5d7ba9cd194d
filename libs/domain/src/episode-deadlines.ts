/**
 * What passing an episode's or a file's deadline means (timers.ts applies these): a respite begins and
 * ends, an APA without a decision is deemed granted, a legal protection request lapses. The steps that
 * start these clocks are episode-steps.ts's.
 */
import { Clock, ClockKind } from './clocks';
import type { DecisionContext } from './decision-context';
import { addFlag, emit, stopClock } from './effects';
import { PathwayEvent, PathwayState } from './state';

type DeadlineOutcome = (s: PathwayState, clock: Clock, ctx: DecisionContext, events: PathwayEvent[]) => void;

export const EPISODE_DEADLINE_OUTCOMES: Partial<Record<ClockKind, DeadlineOutcome>> = {
  respiteStart(s, clock, ctx, events) {
    const respite = (s.respites ?? []).find((r) => r.id === clock.ref);
    if (!respite) return;
    respite.status = 'ONGOING';
    emit(s, events, ctx.now.toISOString(), 'system', 'RESPITE_STARTED', { respiteId: respite.id, kind: respite.kind, startsAt: respite.startsAt, endsAt: respite.endsAt });
  },

  respiteEnd(s, clock, ctx, events) {
    const respite = (s.respites ?? []).find((r) => r.id === clock.ref);
    if (!respite) return;
    s.respites = (s.respites ?? []).filter((r) => r !== respite);
    emit(s, events, ctx.now.toISOString(), 'system', 'RESPITE_ENDED', { respiteId: respite.id, kind: respite.kind, endsAt: respite.endsAt });
  },

  // Without a decision within 2 months of the complete file, the APA is deemed granted at a flat rate
  // (L232-14 CASF): the case manager is told to inform the family.
  apaDecisionDue(s, clock, ctx, events) {
    const apa = s.apa;
    if (!apa || (apa.status !== 'SUBMITTED' && apa.status !== 'ACKNOWLEDGED')) return;
    apa.status = 'DEEMED_GRANTED';
    apa.deemedGrantedAt = clock.dueAt;
    stopClock(s, 'apaAcknowledgementDue');
    addFlag(s, 'APA_DEEMED_GRANTED');
    emit(s, events, ctx.now.toISOString(), 'system', 'APA_DEEMED_GRANTED', {
      submittedAt: apa.submittedAt,
      completeFileAt: apa.completeFileAt,
      dueAt: clock.dueAt,
      notify: ['case_manager'],
    });
  },

  // A request without a ruling within a year lapses: a new one is needed.
  legalRequestLapseAfter(s, clock, ctx, events) {
    const file = s.legalProtection;
    if (!file || file.status !== 'FILED') return;
    file.status = 'LAPSED';
    file.lapsedAt = clock.dueAt;
    addFlag(s, 'LEGAL_REQUEST_LAPSED');
    emit(s, events, ctx.now.toISOString(), 'system', 'LEGAL_REQUEST_LAPSED', {
      kind: file.kind,
      filedAt: file.filedAt,
      lapsedAt: clock.dueAt,
      notify: ['case_manager'],
    });
  },
};
