/**
 * The gate for workflow code changes (libs/workflows/EVOLUTION.md): every committed history replays against
 * the very workflow bundle the worker loads in production (dist/workflow-bundle, rebuilt here when older than
 * its sources), through the production payload codec. A change that would make a running pathway take a
 * different path (a nondeterminism error) fails here, in CI, before it reaches a worker. It also fails when
 * a committed history changed or disappeared, and when a step, signal or timer kind has no history.
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { bundleWorkflowCode, Worker, WorkflowBundleOption } from '@temporalio/worker';
import { workflowSpanSinks } from '@pathway/telemetry';
import { NormalModuleReplacementPlugin } from 'webpack';
import { committedHistories, manifestProblems } from './testing/histories';
import { kindsIn, OUTCOME_EVENTS, outcomeClocks, requiredKinds } from './testing/history-coverage';
import { testDataConverter } from './testing/workflow-test-env';

const ROOT = path.resolve(__dirname, '../../..');
const TIGHTENED_DOMAIN = path.join(ROOT, 'libs/workflows/src/testing/tightened-domain.ts');
const bundleTools = require('../../../infra/workflow-bundle.cjs') as { BUNDLE_PATH: string; TRACED_BUNDLE_PATH: string; bundleIsFresh(): boolean };

/** A production bundle, as `node infra/build.cjs` makes them for the worker: without the tracing interceptors, or with them. */
function productionBundle(traced = false): WorkflowBundleOption {
  if (!bundleTools.bundleIsFresh()) {
    const built = spawnSync(process.execPath, [path.join(ROOT, 'infra/build.cjs')], { cwd: ROOT, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('node infra/build.cjs failed: the gate has no bundle to replay against');
  }
  return { codePath: traced ? bundleTools.TRACED_BUNDLE_PATH : bundleTools.BUNDLE_PATH };
}

async function replay(workflowBundle: WorkflowBundleOption, histories = committedHistories()): Promise<{ failures: string[]; replayed: number }> {
  const failures: string[] = [];
  let replayed = 0;
  const options = { workflowBundle, dataConverter: testDataConverter, replayName: 'pathway-replay', sinks: workflowSpanSinks() };
  for await (const result of Worker.runReplayHistories(options, histories)) {
    replayed += 1;
    if (result.error) failures.push(`${result.workflowId}: ${result.error.name}: ${result.error.message.split('\n')[0]}`);
  }
  return { failures, replayed };
}

describe('the committed histories', () => {
  it('are all in the manifest, none changed, none gone (a recording is a new file, never a rewrite)', () => {
    expect(manifestProblems()).toEqual([]);
  });

  // Both bundles: the worker loads the traced one when it exports traces, and a deploy may switch between them.
  it.each([
    ['the production workflow bundle', false],
    ['the production bundle with the tracing interceptors', true],
  ])('replay without nondeterminism against %s, through the payload codec', async (_, traced) => {
    const histories = committedHistories();
    const { failures, replayed } = await replay(productionBundle(traced), histories);
    expect(failures).toEqual([]);
    expect(replayed).toBe(histories.length);
  }, 300_000);
});

describe('coverage: every step, signal and timer kind of the code has a committed history', () => {
  const covered = new Map<string, string>();
  beforeAll(async () => {
    for (const { workflowId, history } of committedHistories()) {
      for (const kind of await kindsIn(history, testDataConverter.payloadCodecs[0])) if (!covered.has(kind)) covered.set(kind, workflowId);
    }
  }, 120_000);

  it('knows the event of every deadline that is an outcome', () => {
    expect(Object.keys(OUTCOME_EVENTS).sort()).toEqual([...outcomeClocks()].sort());
  });

  it.each(requiredKinds())('%s', (kind) => {
    // The first history that covers the kind, for whoever reads the test output.
    expect({ kind, history: covered.get(kind) ?? 'none' }).toEqual({ kind, history: expect.not.stringMatching(/^none$/) });
  });
});

describe('the gate turns red on a deliberately tightened field rule', () => {
  it('a stricter assessment summary rule, bundled without a patch, fails the replay of pathways that recorded an assessment', async () => {
    const quiet = (): void => undefined;
    const tightened = await bundleWorkflowCode({
      workflowsPath: path.join(ROOT, 'libs/workflows/src/workflows.ts'),
      failureConverterPath: testDataConverter.failureConverterPath,
      // SWC has already turned `@pathway/domain` into a relative path: swap the resolved module instead.
      webpackConfigHook: (config) => {
        const replacement = new NormalModuleReplacementPlugin(/[\\/]domain[\\/]src([\\/]index(\.ts)?)?$/, (resource: { request: string; contextInfo?: { issuer?: string } }) => {
          if (!String(resource.contextInfo?.issuer).includes('tightened-domain')) resource.request = TIGHTENED_DOMAIN;
        });
        config.plugins = [...(config.plugins ?? []), replacement];
        return config;
      },
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet } as never,
    });
    const withAssessment = committedHistories().filter((h) => h.workflowId.startsWith('multi-year-story.run-01'));
    expect(withAssessment).toHaveLength(1);
    const { failures } = await replay(tightened, withAssessment);
    expect(failures).toEqual([expect.stringMatching(/^multi-year-story\.run-01: DeterminismViolationError/)]);
  }, 300_000);
});
