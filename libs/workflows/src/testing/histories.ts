/**
 * Histories of real pathways, recorded from the workflow tests and replayed by replay.spec.ts against the
 * production workflow bundle: the gate that keeps a code change from breaking pathways already running.
 *
 * Record new ones with `RECORD_HISTORIES=1 npx jest -c libs/workflows/jest.config.js <spec>` (EVOLUTION.md):
 * a recording is always a new file, never a rewrite, and its content hash goes into histories/MANIFEST.json,
 * so a committed history that changes or disappears fails the gate.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

export const HISTORIES_DIR = path.resolve(__dirname, '../../histories');
export const MANIFEST_PATH = path.join(HISTORIES_DIR, 'MANIFEST.json');
/** Names this recording session's files apart from earlier ones (minute precision, UTC). */
const SESSION = process.env.RECORDING_SESSION ?? new Date().toISOString().replace(/[-:]/g, '').slice(0, 13);

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
 * With RECORD_HISTORIES=1, writes each run as `histories/<name>.<session>.run-<n>.json` (the proto JSON that
 * the Temporal CLI's `workflow show --output json` also produces, payloads encrypted as the server holds
 * them) and adds it to the manifest. Refuses to overwrite a file: a recording is never rewritten.
 */
export function saveHistories(name: string, runs: RunHistory[]): string[] {
  if (!recordingHistories()) return [];
  fs.mkdirSync(HISTORIES_DIR, { recursive: true });
  const manifest = readManifest();
  const files = runs.map(({ history }, i) => {
    const file = `${name}.${SESSION}.run-${String(i + 1).padStart(2, '0')}.json`;
    if (fs.existsSync(path.join(HISTORIES_DIR, file)) || manifest[file]) throw new Error(`${file} is already recorded: a history is never rewritten`);
    const text = `${historyToJSON(history)}\n`;
    fs.writeFileSync(path.join(HISTORIES_DIR, file), text, { flag: 'wx' });
    manifest[file] = sha256(text);
    return file;
  });
  writeManifest(manifest);
  return files;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** file name → sha256 of its content, for every committed history. */
export function readManifest(): Record<string, string> {
  return fs.existsSync(MANIFEST_PATH) ? (JSON.parse(fs.readFileSync(MANIFEST_PATH, 'utf8')) as Record<string, string>) : {};
}

function writeManifest(manifest: Record<string, string>): void {
  const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(MANIFEST_PATH, `${JSON.stringify(sorted, null, 2)}\n`);
}

/** What is wrong between the manifest and the files: a history changed, gone, or not in the manifest. */
export function manifestProblems(): string[] {
  const manifest = readManifest();
  const onDisk = fs.readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json') && f !== 'MANIFEST.json');
  const problems: string[] = [];
  for (const [file, hash] of Object.entries(manifest)) {
    const full = path.join(HISTORIES_DIR, file);
    if (!fs.existsSync(full)) problems.push(`${file} disappeared: a committed history is never removed`);
    else if (sha256(fs.readFileSync(full)) !== hash) problems.push(`${file} changed: a committed history is never rewritten (record a new file instead)`);
  }
  for (const file of onDisk) if (!manifest[file]) problems.push(`${file} is not in MANIFEST.json: record histories with saveHistories`);
  return problems;
}

/** Every committed history, as `Worker.runReplayHistories` takes them (the file name stands for the workflow id). */
export function committedHistories(): { workflowId: string; history: History }[] {
  if (!fs.existsSync(HISTORIES_DIR)) return [];
  return fs
    .readdirSync(HISTORIES_DIR)
    .filter((file) => file.endsWith('.json') && file !== 'MANIFEST.json')
    .sort()
    .map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, file), 'utf8'))),
    }));
}
