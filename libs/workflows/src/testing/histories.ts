/**
 * Histories of real pathways, recorded from the workflow tests and replayed by replay.spec.ts against the
 * current workflow code: the gate that keeps a code change from breaking pathways already running.
 *
 * Record (or re-record) them with `RECORD_HISTORIES=1 npx jest -c libs/workflows/jest.config.js`; see
 * libs/workflows/EVOLUTION.md for when that is allowed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

export const HISTORIES_DIR = path.resolve(__dirname, '../../histories');

export interface RunHistory {
  runId: string;
  history: History;
}

/**
 * Every run of a workflow, first to last, following the continue-as-new chain from the first run:
 * the last event of a continued run names the next run.
 */
export async function runHistories(client: Client, handle: WorkflowHandleWithFirstExecutionRunId): Promise<RunHistory[]> {
  const runs: RunHistory[] = [];
  let runId: string | undefined = handle.firstExecutionRunId;
  while (runId) {
    const history = await client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
    runs.push({ runId, history });
    const last = history.events?.at(-1);
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

export function recordingHistories(): boolean {
  return process.env.RECORD_HISTORIES === '1';
}

/**
 * With RECORD_HISTORIES=1, writes each run as `histories/<name>.run-<n>.json` (the proto JSON that the
 * Temporal CLI's `workflow show --output json` also produces), replacing the previous recording of `name`.
 */
export function saveHistories(name: string, runs: RunHistory[]): string[] {
  if (!recordingHistories()) return [];
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  for (const old of fs.readdirSync(HISTORIES_DIR)) {
    if (old.startsWith(`${name}.run-`) && old.endsWith('.json')) fs.rmSync(path.join(HISTORIES_DIR, old));
  }
  return runs.map(({ history }, i) => {
    const file = path.join(HISTORIES_DIR, `${name}.run-${String(i + 1).padStart(2, '0')}.json`);
    fs.writeFileSync(file, `${historyToJSON(history)}\n`);
    return file;
  });
}

/** Every committed history, as `Worker.runReplayHistories` takes them (the file name stands for the workflow id). */
export function committedHistories(): { workflowId: string; history: History }[] {
  if (!fs.existsSync(HISTORIES_DIR)) return [];
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
}
