/**
 * The gate for workflow code changes (libs/workflows/EVOLUTION.md): every committed history of a real
 * pathway, recorded from the workflow tests, replays against the current workflow bundle. A change that
 * would make a running pathway take a different path (a nondeterminism error) fails here, in CI, before
 * it reaches a worker. No server is needed.
 */
import { Worker } from '@temporalio/worker';
import { committedHistories } from './testing/histories';
import { workflowBundle } from './testing/workflow-test-env';

describe('replay of committed pathway histories against the current workflow code', () => {
  const histories = committedHistories();

  it('has histories to replay: the multi-year story (every run) and short ones', () => {
    const names = histories.map((h) => h.workflowId);
    expect(names.filter((n) => n.startsWith('multi-year-story.run-')).length).toBeGreaterThanOrEqual(2);
    expect(names.filter((n) => !n.startsWith('multi-year-story.')).length).toBeGreaterThanOrEqual(1);
  });

  it('replays every history without nondeterminism', async () => {
    const bundle = await workflowBundle();
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'pathway-replay' }, histories)) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  }, 120_000);
});
