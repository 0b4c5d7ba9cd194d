/**
 * A change of law reaching running pathways on purpose (EVOLUTION.md "Policy"), on the time-skipping test
 * server: the APA decision deadline shortened from 2 months to 1 (L232-14 CASF) and sent by the applyPolicy
 * Update. RUNNING moves the decision date, its reminder and the deemed grant, and nothing else; NEW_CLOCKS
 * leaves running clocks alone; sending it twice changes nothing; a pathway that carries a policy older than
 * a key the code now reads runs on that key's default instead of wedging.
 */
import { WorkflowHandle } from '@temporalio/client';
import { addDuration, DEFAULT_POLICY, parsePolicy, PathwayPolicy, PathwaySummary, PolicyChangeMode, subtractDuration } from '@pathway/domain';
import { applyPolicyUpdate, ApplyPolicyResult } from './messages';
import { query, step } from './testing/pathway-client';
import { RecordingActivities } from './testing/workflow-test-env';
import { bringTo, DAY, dueAtOf, expectAt, untilIdle, WorkflowTestHarness } from './testing/harness';

const LAW_OVERRIDES: Partial<PathwayPolicy> = { apaDecisionDue: 'P1M' };
const LAW_CHANGE = parsePolicy(LAW_OVERRIDES);

describe('a policy change sent to running pathways (time-skipping test server)', () => {
  let h: WorkflowTestHarness;
  beforeAll(async () => {
    h = await WorkflowTestHarness.start();
  }, 120_000);
  afterAll(async () => {
    await h?.teardown();
  });

  function withCaseManager(): RecordingActivities {
    const io = new RecordingActivities();
    io.addCaseManager('cm-1', 40, 3);
    return io;
  }

  const apply = (handle: WorkflowHandle, mode: PolicyChangeMode): Promise<ApplyPolicyResult> =>
    handle.executeUpdate(applyPolicyUpdate, { args: [{ actor: 'ops-1', changeId: 'apa-decision-1-month', overrides: LAW_OVERRIDES, mode }], updateId: `policy-apa-decision-1-month-${mode}` });

  /** In follow-up, an APA file submitted now and 10 days of it gone by. */
  async function withApaFile(tq: string): Promise<{ handle: WorkflowHandle; submittedAt: string; before: PathwaySummary }> {
    const { handle } = await h.open(tq);
    await bringTo(h, handle, 'FOLLOW_UP');
    const submittedAt = await h.iso();
    await step(handle, { type: 'submitApaApplication', submittedAt });
    await h.sleep(10 * DAY + 1000);
    return { handle, submittedAt, before: await query.summary(handle) };
  }

  it('RUNNING: apaDecisionDue P2M → P1M moves the decision date, its reminder and the deemed grant; nothing else moves', async () => {
    const io = withCaseManager();
    await h.withWorker(io, async (tq) => {
      const { handle, submittedAt, before } = await withApaFile(tq);
      const decisionDueAt = addDuration(submittedAt, 'P1M').toISOString();
      expect(dueAtOf(before, 'apaDecisionDue')).toBe(addDuration(submittedAt, 'P2M').toISOString());

      const result = await apply(handle, 'RUNNING');
      expect(result.changed).toBe(true);
      expect(result.moves.map((m) => [m.kind, m.dueAt.to])).toEqual([['apaDecisionDue', decisionDueAt]]);
      const after = await query.summary(handle);
      expect(dueAtOf(after, 'apaDecisionDue')).toBe(decisionDueAt);
      const others = (s: PathwaySummary) => s.deadlines.filter((d) => d.kind !== 'apaDecisionDue');
      expect(others(after)).toEqual(others(before));
      // Audited in the timeline, by whom and what moved.
      expect(io.events.filter((e) => e.type === 'POLICY_CHANGED')).toEqual([
        expect.objectContaining({ actor: 'ops-1', data: expect.objectContaining({ changeId: 'apa-decision-1-month', mode: 'RUNNING', changed: { apaDecisionDue: { from: 'P2M', to: 'P1M' } } }) }),
      ]);
      // Idempotent: the same change again is a no-op, nothing recorded.
      expect(await apply(handle, 'RUNNING')).toEqual({ changed: true, moves: result.moves }); // same update id: the first answer
      expect(await handle.executeUpdate(applyPolicyUpdate, { args: [{ actor: 'ops-1', changeId: 'again', overrides: LAW_OVERRIDES, mode: 'RUNNING' }] })).toEqual({ changed: false, moves: [] });
      expect(io.events.filter((e) => e.type === 'POLICY_CHANGED')).toHaveLength(1);

      // The reminder 14 days before the new date, then the deemed grant at it; not at the old dates.
      await h.expectSentAt(io, 'apaDecisionDueReminder', ['case_manager'], subtractDuration(decisionDueAt, 'P14D').toISOString());
      await h.expectSentAt(io, 'apaDeemedGranted', ['case_manager'], decisionDueAt);
      expect(io.sent('apaDecisionDueReminder')).toHaveLength(1);
      const deemed = io.events.find((e) => e.type === 'APA_DEEMED_GRANTED');
      expectAt(deemed?.at, decisionDueAt);
      expect((await query.summary(handle)).episodes.apa).toMatchObject({ status: 'DEEMED_GRANTED' });
      await untilIdle([handle]);
    });
  });

  it('NEW_CLOCKS: the running decision date stays at two months; the pathway runs on the new policy from now on', async () => {
    const io = withCaseManager();
    await h.withWorker(io, async (tq) => {
      const { handle, submittedAt, before } = await withApaFile(tq);
      const result = await apply(handle, 'NEW_CLOCKS');
      expect(result).toEqual({ changed: true, moves: [] });
      const after = await query.summary(handle);
      expect(after.deadlines).toEqual(before.deadlines);
      expect(dueAtOf(after, 'apaDecisionDue')).toBe(addDuration(submittedAt, 'P2M').toISOString());
      expect(await handle.query<PathwayPolicy>('policy')).toEqual(LAW_CHANGE);
      await untilIdle([handle]);
    });
  });

  it('a carried policy that predates a key the code reads runs on its default instead of wedging the pathway', async () => {
    const io = withCaseManager();
    await h.withWorker(io, async (tq) => {
      const { apaDecisionDue: _missing, ...olderPolicy } = DEFAULT_POLICY;
      const { handle } = await h.open(tq, { policy: olderPolicy as PathwayPolicy });
      await bringTo(h, handle, 'FOLLOW_UP');
      const submittedAt = await h.iso();
      const submitted = await step(handle, { type: 'submitApaApplication', submittedAt });
      expect(dueAtOf(submitted, 'apaDecisionDue')).toBe(addDuration(submittedAt, DEFAULT_POLICY.apaDecisionDue).toISOString());
      await untilIdle([handle]);
    });
  });
});
