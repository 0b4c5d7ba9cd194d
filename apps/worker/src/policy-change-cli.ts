/**
 * `npm run policy -- preview|apply --file <policy.json> …` (README "Changing the policy of running pathways",
 * libs/workflows/EVOLUTION.md): a policy change reaches running pathways only when an operator sends it.
 *
 * preview: for every open pathway, the domain computes from its state and carried policy which deadlines
 * the change would move (`previewPolicyChange`); printed as how many pathways see which deadline move, by how
 * much, with examples. Sends nothing.
 * apply: sends the change to every open pathway through its applyPolicy Update (validated, audited in the
 * timeline, idempotent: update id `policy-<changeId>`, and the same keys twice change nothing), paced so that
 * 40,000 pathways are not all woken at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { carriedPolicy, changedPolicy, ClockMove, parsePolicy, PathwayPolicy, PolicyChangeMode, PolicyError, previewPolicyChange } from '@pathway/domain';
import { runMain, SettingsError, temporalSettings } from '@pathway/config';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { applyPolicyUpdate, failureConverterPath, PATHWAY_WORKFLOW_TYPE, policyQuery, stateQuery } from '@pathway/workflows';

const USAGE = [
  'usage: npm run policy -- preview --file <policy.json> [--examples 3]',
  '       npm run policy -- apply --file <policy.json> --mode running|new-clocks [--change-id <id>] [--actor <who>] [--rate 20]',
].join('\n');

const MODES: Record<string, PolicyChangeMode> = { running: 'RUNNING', 'new-clocks': 'NEW_CLOCKS' };

/** Runs `fn` over `items`, starting at most `rate` per second and `concurrency` at a time. */
async function paced<T>(items: T[], rate: number, concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  const started = Date.now();
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      const due = started + (i * 1000) / rate;
      if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
      await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  const text = Number.isInteger(d) ? `${Math.abs(d)} d` : `${Math.abs(ms / 3_600_000).toFixed(1)} h`;
  return `${ms < 0 ? '−' : '+'}${text}`;
}

async function openPathways(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowType = '${PATHWAY_WORKFLOW_TYPE}' AND ExecutionStatus = 'Running'` })) {
    ids.push(execution.workflowId);
  }
  return ids.sort();
}

runMain('policy', async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      mode: { type: 'string' },
      'change-id': { type: 'string' },
      actor: { type: 'string' },
      rate: { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '10' },
      examples: { type: 'string', default: '3' },
    },
  });
  const command = positionals[0];
  if ((command !== 'preview' && command !== 'apply') || !values.file) throw new SettingsError(USAGE);
  const text = readFileSync(values.file, 'utf8');
  const overrides = JSON.parse(text) as Partial<PathwayPolicy>;
  try {
    parsePolicy(overrides); // unknown keys, malformed durations: refused before anything is sent
  } catch (err) {
    if (err instanceof PolicyError) throw new SettingsError(`${values.file}: ${err.problems.join('; ')}`);
    throw err;
  }
  const rate = Number(values.rate);
  const concurrency = Number(values.concurrency);
  if (!(rate > 0) || !(concurrency > 0)) throw new SettingsError('--rate and --concurrency must be positive numbers');

  const temporal = temporalSettings();
  const connection = await Connection.connect({ address: temporal.address, tls: temporal.tls, apiKey: temporal.apiKey });
  const client = new Client({ connection, namespace: temporal.namespace, dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv()], failureConverterPath } });
  const began = Date.now();
  const ids = await openPathways(client);
  console.log(`${ids.length} open pathways (listed in ${Date.now() - began} ms)`);

  if (command === 'preview') {
    const byKind = new Map<string, { pathways: number; min: number; max: number; examples: string[] }>();
    let moving = 0;
    let failed = 0;
    await paced(ids, Math.max(rate, 200), concurrency, async (workflowId) => {
      try {
        const handle = client.workflow.getHandle(workflowId);
        const [state, carried] = await Promise.all([handle.query(stateQuery), handle.query(policyQuery)]);
        const policy = carriedPolicy(carried);
        const moves: ClockMove[] = previewPolicyChange(state, policy, changedPolicy(policy, overrides));
        if (moves.length) moving += 1;
        for (const move of moves) {
          const entry = byKind.get(move.kind) ?? { pathways: 0, min: Infinity, max: -Infinity, examples: [] };
          entry.pathways += 1;
          entry.min = Math.min(entry.min, move.deltaMs);
          entry.max = Math.max(entry.max, move.deltaMs);
          if (entry.examples.length < Number(values.examples)) entry.examples.push(`${state.pathwayId}: ${move.dueAt.from} → ${move.dueAt.to}`);
          byKind.set(move.kind, entry);
        }
      } catch (err) {
        failed += 1;
        console.error(`${workflowId}: ${(err as Error).message}`);
      }
    });
    console.log(`with the running clocks moved (apply --mode running), ${moving} of ${ids.length} pathways would see a deadline move:`);
    for (const [kind, e] of [...byKind].sort(([a], [b]) => a.localeCompare(b))) {
      const by = e.min === e.max ? days(e.min) : `${days(e.min)} to ${days(e.max)}`;
      console.log(`  ${kind}: ${e.pathways} pathways, ${by}`);
      for (const example of e.examples) console.log(`    e.g. ${example}`);
    }
    console.log(`preview took ${Date.now() - began} ms${failed ? `; ${failed} pathways could not be read` : ''}`);
    return;
  }

  const mode = MODES[values.mode ?? ''];
  if (!mode) throw new SettingsError(`apply needs --mode running (move the clocks already running) or --mode new-clocks (only clocks started from now)\n${USAGE}`);
  const changeId = values['change-id'] ?? `policy-${createHash('sha256').update(text).update(mode).digest('hex').slice(0, 12)}`;
  const actor = values.actor ?? `operator:${userInfo().username}`;
  const counts = { changed: 0, unchanged: 0, failed: 0 };
  await paced(ids, rate, concurrency, async (workflowId) => {
    try {
      const result = await client.workflow
        .getHandle(workflowId)
        .executeUpdate(applyPolicyUpdate, { args: [{ actor, changeId, overrides, mode }], updateId: `policy-${changeId}` });
      counts[result.changed ? 'changed' : 'unchanged'] += 1;
    } catch (err) {
      counts.failed += 1;
      console.error(`${workflowId}: ${(err as Error).message}`);
    }
    const done = counts.changed + counts.unchanged + counts.failed;
    if (done % 500 === 0) console.log(`  ${done} of ${ids.length}`);
  });
  console.log(`change ${changeId} (${mode}) by ${actor}: ${counts.changed} changed, ${counts.unchanged} already on it or closed, ${counts.failed} failed; took ${Date.now() - began} ms`);
  if (counts.failed) process.exitCode = 1;
});
