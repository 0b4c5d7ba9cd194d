// Runs the operators' consistency check (`npm run check:consistency`, built in dist/) against a test
// stack, as an operator would: its own process, the stack's settings, its JSON output and exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Stack } from './stack';

const SCRIPT = path.resolve(__dirname, '../../dist/apps/worker/src/check-consistency.js');

export interface ConsistencyReport {
  exitCode: number | null;
  checked: number;
  drift: { pathwayId: string; kind: string; detail: string }[];
}

export function runConsistencyCheck(stack: Stack): Promise<ConsistencyReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, '--json'], { env: stack.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (exitCode) => {
      try {
        const report = JSON.parse(out) as Omit<ConsistencyReport, 'exitCode'>;
        resolve({ exitCode, ...report });
      } catch {
        reject(new Error(`check-consistency exited ${exitCode} without its report: ${err.trim() || out.trim()}`));
      }
    });
  });
}

/** After a suite's story: the check finds nothing to report (exit code 0). */
export async function expectNoDrift(stack: Stack): Promise<void> {
  const report = await runConsistencyCheck(stack);
  expect(report.drift).toEqual([]);
  expect(report.exitCode).toBe(0);
}
