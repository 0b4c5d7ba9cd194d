import { DEFAULT_POLICY } from './policy';
import { importedPathway, ImportedCase } from './imported-pathway';
import { referralOf } from './testing/pathway-fixtures';
import { passTime } from './timers';
import { stuckReasons } from './summary';

const NOW = new Date('2026-12-01T10:00:00.000Z');
const ctx = { now: NOW, policy: DEFAULT_POLICY, actor: 'import:sup-1' };
const day = (d: string) => `${d}T12:00:00.000Z`;

function followUp(overrides: Partial<ImportedCase> = {}): ImportedCase {
  return {
    referral: referralOf(day('2025-09-01')),
    stage: 'FOLLOW_UP',
    caseManagerId: 'cm-1',
    assignedAt: day('2025-09-05'),
    lastAssessmentAt: day('2025-09-20'),
    lastPlanAt: day('2025-10-01'),
    planAcknowledgedAt: day('2025-10-06'),
    lastContactAt: day('2026-11-20'),
    ...overrides,
  };
}

describe('importedPathway: a case brought in mid-course', () => {
  it('runs its clocks from its own dates, as if it had run here', () => {
    const recent = followUp({ lastAssessmentAt: day('2026-09-20'), lastPlanAt: day('2026-10-01'), planAcknowledgedAt: day('2026-10-06'), assignedAt: day('2026-09-05'), referral: referralOf(day('2026-09-01')) });
    const imported = importedPathway('pw-1', recent, ctx);
    if (!imported.ok) throw new Error(imported.errors.join('; '));
    const { state, events } = imported;
    expect(state.stage).toBe('FOLLOW_UP');
    expect(state.caseManagerId).toBe('cm-1');
    // The periodic reassessment runs six months from the plan, the next contact from the last one.
    expect(state.clocks.find((c) => c.kind === 'reassessmentDue')?.dueAt).toBe('2027-04-01T12:00:00.000Z');
    expect(state.clocks.find((c) => c.kind === 'contactDue')?.startedAt).toBe(day('2026-11-20'));
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(events[events.length - 1]).toMatchObject({ type: 'PATHWAY_IMPORTED', at: NOW.toISOString(), actor: 'import:sup-1' });
    expect(stuckReasons(state)).toEqual([]);
  });

  it('arrives overdue at once when its reassessment date has passed', () => {
    const imported = importedPathway('pw-1', followUp(), ctx);
    if (!imported.ok) throw new Error(imported.errors.join('; '));
    // Six months from the plan of 2025-10-01: the window opened (a new cycle) and the deadline passed.
    const woken = passTime(imported.state, { ...ctx, actor: 'system' }).state;
    expect(woken.stage).toBe('ASSESSMENT');
    expect(stuckReasons(woken).map((r) => r.code)).toContain('reassessmentDue');
    expect(stuckReasons(woken).find((r) => r.code === 'reassessmentDue')?.since).toBe('2026-04-01T12:00:00.000Z');
  });

  it('refuses, in French, dates that do not make the stage or that are missing', () => {
    const refused = importedPathway('pw-1', followUp({ lastPlanAt: undefined, planAcknowledgedAt: undefined }), ctx);
    expect(refused).toEqual({ ok: false, errors: ['la date du dernier plan est obligatoire à l\'étape FOLLOW_UP'] });
    const early = importedPathway('pw-1', followUp({ lastPlanAt: day('2025-09-10') }), ctx);
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.errors).toContain('le dernier plan précède la dernière évaluation');
    const future = importedPathway('pw-1', followUp({ lastContactAt: day('2027-01-10') }), ctx);
    if (!future.ok) expect(future.errors).toContain('la date 2027-01-10 est dans le futur');
    // A plan recorded three days ago, not acknowledged: the pathway is in validation, not in follow-up.
    const validating = importedPathway('pw-1', followUp({ lastPlanAt: day('2026-11-28'), planAcknowledgedAt: undefined, lastContactAt: undefined, lastAssessmentAt: day('2026-11-20') }), ctx);
    expect(validating).toEqual({ ok: false, errors: ["les dates donnent l'étape PLAN_VALIDATION, pas FOLLOW_UP"] });
  });

  it('brings episodes in progress with their clocks: a hospital stay, an APA file, a protection request', () => {
    const imported = importedPathway(
      'pw-1',
      followUp({ hospitalization: { admittedAt: day('2026-11-25'), facility: 'CHU Bichat' }, apaSubmittedAt: day('2026-11-10'), legalProtection: { kind: 'CURATELLE', requestedAt: day('2026-10-15') } }),
      ctx,
    );
    if (!imported.ok) throw new Error(imported.errors.join('; '));
    expect(imported.state.hospitalization).toMatchObject({ facility: 'CHU Bichat' });
    expect(imported.state.apa?.status).toBe('SUBMITTED');
    expect(imported.state.legalProtection?.kind).toBe('CURATELLE');
    expect(imported.state.clocks.map((c) => c.kind)).toEqual(expect.arrayContaining(['apaAcknowledgementDue', 'apaDecisionDue']));
  });
});
