import { applyPolicyChange, carriedPolicy, previewPolicyChange } from './policy-change';
import { DEFAULT_POLICY, parsePolicy, PathwayPolicy } from './policy';
import { PathwayState } from './state';
import { storyUpTo } from './testing/pathway-fixtures';

const LAW_CHANGE = parsePolicy({ apaDecisionDue: 'P1M' });
const LAW_OVERRIDES = { apaDecisionDue: 'P1M' };
const clockOf = (state: PathwayState, kind: string) => state.clocks.find((c) => c.kind === kind);

/** In follow-up, an APA file submitted 2025-05-13 09:00: decision due 2025-07-13, reminded 14 days before. */
function withApaFile() {
  const story = storyUpTo('FOLLOW_UP');
  story.step({ type: 'submitApaApplication', submittedAt: '2025-05-13T09:00:00Z' }, '2025-05-13T10:00:00Z', 'cm-1');
  return story;
}

describe('the carried policy', () => {
  it('reads a key the carried policy predates from the current defaults, and keeps what it carries', () => {
    const { apaDecisionDue: _dropped, ...old } = { ...DEFAULT_POLICY, assessmentDue: 'P20D' };
    const policy = carriedPolicy(old as Partial<PathwayPolicy>);
    expect(policy.apaDecisionDue).toBe(DEFAULT_POLICY.apaDecisionDue);
    expect(policy.assessmentDue).toBe('P20D');
    expect(carriedPolicy(undefined)).toEqual(DEFAULT_POLICY);
  });
});

describe('a policy change on a running pathway (the APA decision deadline shortened by law)', () => {
  it('previews the decision date and its reminder one month earlier, and nothing else', () => {
    const story = withApaFile();
    const moves = previewPolicyChange(story.state, DEFAULT_POLICY, LAW_CHANGE);
    expect(moves).toEqual([
      {
        kind: 'apaDecisionDue',
        dueAt: { from: '2025-07-13T09:00:00.000Z', to: '2025-06-13T09:00:00.000Z' },
        deltaMs: -30 * 24 * 3600_000,
        reminders: { from: ['2025-06-29T09:00:00.000Z'], to: ['2025-05-30T09:00:00.000Z'] },
      },
    ]);
  });

  it('RUNNING moves the running clock and records who did it; the other clocks are untouched', () => {
    const story = withApaFile();
    const applied = applyPolicyChange(story.state, DEFAULT_POLICY, { changeId: 'law-2026', overrides: LAW_OVERRIDES, mode: 'RUNNING' }, { now: new Date('2025-05-20T08:00:00Z'), actor: 'ops-1' });
    expect(clockOf(applied.state, 'apaDecisionDue')).toMatchObject({ dueAt: '2025-06-13T09:00:00.000Z', reminders: [{ at: '2025-05-30T09:00:00.000Z' }] });
    const others = (s: PathwayState) => s.clocks.filter((c) => c.kind !== 'apaDecisionDue');
    expect(others(applied.state)).toEqual(others(story.state));
    expect(applied.policy).toEqual(LAW_CHANGE);
    expect(applied.events).toEqual([
      expect.objectContaining({
        type: 'POLICY_CHANGED',
        actor: 'ops-1',
        data: {
          changeId: 'law-2026',
          mode: 'RUNNING',
          changed: { apaDecisionDue: { from: 'P2M', to: 'P1M' } },
          moves: [{ kind: 'apaDecisionDue', from: '2025-07-13T09:00:00.000Z', to: '2025-06-13T09:00:00.000Z' }],
        },
      }),
    ]);
  });

  it('NEW_CLOCKS leaves the running clock alone: only the policy changes, for clocks started later', () => {
    const story = withApaFile();
    const applied = applyPolicyChange(story.state, DEFAULT_POLICY, { changeId: 'law-2026', overrides: LAW_OVERRIDES, mode: 'NEW_CLOCKS' }, { now: new Date('2025-05-20T08:00:00Z'), actor: 'ops-1' });
    expect(applied.state.clocks).toEqual(story.state.clocks);
    expect(applied.policy.apaDecisionDue).toBe('P1M');
    expect(applied.events.map((e) => e.type)).toEqual(['POLICY_CHANGED']);
  });

  it('is idempotent: the same policy again changes nothing and records nothing', () => {
    const story = withApaFile();
    const once = applyPolicyChange(story.state, DEFAULT_POLICY, { changeId: 'c', overrides: LAW_OVERRIDES, mode: 'RUNNING' }, { now: new Date('2025-05-20T08:00:00Z'), actor: 'ops-1' });
    const twice = applyPolicyChange(once.state, once.policy, { changeId: 'c', overrides: LAW_OVERRIDES, mode: 'RUNNING' }, { now: new Date('2025-05-20T09:00:00Z'), actor: 'ops-1' });
    expect(twice).toEqual({ state: once.state, policy: once.policy, events: [], moves: [] });
  });

  it('changes only the keys it names: what the pathway carried otherwise stays', () => {
    const story = withApaFile();
    const territory = { ...DEFAULT_POLICY, assessmentDue: 'P20D' };
    const applied = applyPolicyChange(story.state, territory, { changeId: 'c', overrides: LAW_OVERRIDES, mode: 'NEW_CLOCKS' }, { now: new Date('2025-05-20T08:00:00Z'), actor: 'ops-1' });
    expect(applied.policy).toEqual({ ...territory, apaDecisionDue: 'P1M' });
  });

  it('keeps a reminder already sent as sent, and leaves an overdue clock and a date the step gave where they are', () => {
    const story = withApaFile();
    story.advanceTo('2025-07-01T00:00:00Z'); // the decision reminder (06-29) went out
    expect(clockOf(story.state, 'apaDecisionDue')!.reminders[0].sentAt).toBeDefined();
    const moves = previewPolicyChange(story.state, DEFAULT_POLICY, parsePolicy({ apaDecisionDue: 'P3M' }));
    expect(moves).toEqual([expect.objectContaining({ kind: 'apaDecisionDue', dueAt: { from: '2025-07-13T09:00:00.000Z', to: '2025-08-13T09:00:00.000Z' }, reminders: { from: [], to: [] } })]);
    // The acknowledgement deadline (10 days) has passed: a longer one does not revive it.
    expect(clockOf(story.state, 'apaAcknowledgementDue')!.overdueSince).toBeDefined();
    expect(previewPolicyChange(story.state, DEFAULT_POLICY, parsePolicy({ apaAcknowledgementDue: 'P2M' }))).toEqual([]);
  });
});
