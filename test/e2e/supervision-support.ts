// What the supervision suites share: a stack on a short policy file, polling the API until a condition
// holds, the stuck list of a territory, and the operators' Temporal CLI queries of the README.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { temporalCliPath } from '../../infra/tools.cjs';
import { eventuallyValue } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, Json } from './api-support';

export interface SupervisionStack {
  stack: Stack;
  api: Api;
  stop(): Promise<void>;
}

/** The stack with `policy` as its PATHWAY_POLICY_FILE (and `env` for the apps). */
export async function startSupervisionStack(policy: Record<string, unknown>, env: Record<string, string> = {}): Promise<SupervisionStack> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'supervision-e2e-'));
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(policy));
  try {
    const stack = await startStack({ env: { PATHWAY_POLICY_FILE: policyFile, ...env } });
    return {
      stack,
      api: new Api(stack.apiUrl),
      stop: async () => {
        await stack.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Polls until `done` holds (`@pathway/testing`); fails naming `what` and the last value seen. Resolves with that value and when it held. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<{ value: T; at: number }> {
  const value = await eventuallyValue(read, done, { timeoutMs, intervalMs: 200, message: what });
  return { value, at: Date.now() };
}

export interface StuckEntry {
  pathwayId: string;
  stage: string;
  /** The key of the oldest reason (the clock whose deadline passed, `activityFailing`, ...). */
  code?: string;
  reason: string;
  since: string | null;
  caseManagerId: string | null;
  reasons: { reason: string; since: string | null; source: string }[];
  failingActivity?: { activityType: string; attempts: number; since: string; lastFailedAt: string; lastError?: string };
}

export async function stuckList(api: Api, supervisorToken: string): Promise<StuckEntry[]> {
  const answer = await api.get<StuckEntry[]>('/api/v1/supervision/stuck', supervisorToken);
  if (answer.status !== 200) throw new Error(`GET /supervision/stuck answered ${answer.status}: ${answer.text.slice(0, 500)}`);
  return answer.body;
}

export const entryOf = (list: StuckEntry[], pathwayId: string) => list.find((e) => e.pathwayId === pathwayId);

/**
 * The operators' queries of README.md ("Finding pathways in Temporal"): every `temporal workflow list|count
 * --query "..."` line, with `$(date ...)` replaced by the instant it stands for (one minute ago).
 */
export function readmeVisibilityQueries(): { command: 'list' | 'count'; query: string }[] {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const oneMinuteAgo = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  return [...readme.matchAll(/^temporal workflow (list|count) --query "(.+)"/gm)].map((m) => ({
    command: m[1] as 'list' | 'count',
    query: m[2].replace(/\$\(date [^)]*\)/g, oneMinuteAgo),
  }));
}

/** Runs the standard CLI against the stack's Temporal (any with its address and namespace): workflow ids found (list), or the count. */
export function temporalCli(stack: Pick<Stack, 'temporalAddress' | 'temporalNamespace'>, command: 'list' | 'count', query: string): Promise<string[] | number> {
  const args = ['workflow', command, '--query', query, '--address', stack.temporalAddress, '--namespace', stack.temporalNamespace, '-o', 'json'];
  return new Promise((resolve, reject) => {
    execFile(temporalCliPath(), [...args, '--disable-config-env', '--disable-config-file'], { timeout: 15_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`temporal workflow ${command} --query "${query}": ${(stderr || err.message).trim().split('\n')[0]}`));
      const parsed = (stdout.trim() ? JSON.parse(stdout) : []) as Json;
      resolve(command === 'count' ? Number(parsed.count ?? 0) : (parsed as { execution: { workflowId: string } }[]).map((w) => w.execution.workflowId));
    });
  });
}
