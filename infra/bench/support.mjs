// What the benches share: a private stack (PostgreSQL, Temporal dev server, worker, API from dist/, like
// test/support/stack.ts), tokens, percentiles, memory readings. Not part of `npm test`.
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const ROOT = path.resolve(import.meta.dirname, '../..');
const { freePort } = require('../ports.cjs');
const { startPostgres } = require('../postgres.cjs');
const { startTemporalDevServer } = require('../temporal.cjs');
const { spawnService, pollUntil } = require('../processes.cjs');

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const round = (x, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
export const pct = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};
export const lat = (values) => ({ p50: round(pct(values, 50)), p95: round(pct(values, 95)), p99: round(pct(values, 99)), n: values.length });

/** Runs `work(i)` for i in 0..count-1 with at most `width` in flight. */
export async function inBatches(count, width, work) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, count) }, async () => {
    while (next < count) await work(next++);
  }));
}

export function token(claims) {
  const secret = process.env.AUTH_JWT_SECRET ?? 'care-pathway-local-development-secret';
  const enc = (v) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const unsigned = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ ...claims, iat: now, exp: now + 12 * 3600 })}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

export function machine() {
  return { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => round(l, 2)) };
}

/**
 * Starts the stack on free ports in a temporary directory. `workerEnv` adds to the worker's environment
 * (e.g. WORKER_MAX_CACHED_WORKFLOWS). Returns what the benches drive, and `stop()`, which removes it all.
 */
export async function startBenchStack({ env: extraEnv = {}, workerEnv = {} } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'care-pathways-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const stops = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const [pgPort, tPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const quiet = () => undefined;
    const pg = await startPostgres({ dataDir: path.join(dataDir, 'pg'), port: pgPort, log: quiet, serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] });
    stops.push(() => pg.stop());
    const temporal = await startTemporalDevServer({ dbFile: path.join(dataDir, 'temporal.sqlite'), port: tPort, headless: true, log: quiet });
    stops.push(() => temporal.stop());
    const env = { ...process.env, DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace, PORT: String(apiPort), STEP_RATE_LIMIT_BURST: '1000000', STEP_RATE_LIMIT_PER_MINUTE: '1000000', ...extraEnv };
    const logs = { worker: [], api: [] };
    const app = (name, script, extra = {}) =>
      spawnService(name, process.execPath, [path.join(ROOT, 'dist', script)], {
        cwd: ROOT,
        env: { ...env, ...extra },
        onLine: (l) => {
          logs[name]?.push(l);
          if (process.env.BENCH_LOGS) console.log(`[${name}] ${l}`);
        },
      });
    const migrate = app('migrate', 'apps/worker/src/migrate.js');
    if ((await migrate.exited).code !== 0) throw new Error('migrations failed');
    const stack = {
      env,
      pg,
      temporal,
      logs,
      apiUrl: `http://127.0.0.1:${apiPort}`,
      worker: app('worker', 'apps/worker/src/main.js', workerEnv),
      /** Stops the worker and starts one with `extra` environment (e.g. another cache size). */
      async restartWorker(extra = {}) {
        await stack.worker.stop({ graceMs: 10_000 });
        stack.worker = app('worker', 'apps/worker/src/main.js', { ...workerEnv, ...extra });
      },
      stop,
    };
    stops.push(() => stack.worker.stop({ graceMs: 10_000 }));
    const api = app('api', 'apps/api/src/main.js');
    stops.push(() => api.stop());
    await pollUntil(async () => (await fetch(`${stack.apiUrl}/health`).catch(() => undefined))?.status === 200, { timeoutMs: 60_000, intervalMs: 250, timeoutMessage: () => 'API not healthy' });
    return stack;
  } catch (err) {
    await stop();
    throw err;
  }
}

/** A JSON call to the API that fails loudly on a non-2xx answer. */
export function apiClient(apiUrl) {
  return async (method, p, tok, body, headers = {}) => {
    const r = await fetch(`${apiUrl}${p}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
}

/** The Temporal client the workers' data converter understands (payload codec, failure converter). */
export async function temporalClient(stack) {
  const { Client, Connection } = require('@temporalio/client');
  const wf = require(path.join(ROOT, 'dist/libs/workflows/src'));
  const { AesGcmPayloadCodec } = require(path.join(ROOT, 'dist/libs/payload-codec/src'));
  return new Client({
    connection: await Connection.connect({ address: stack.temporal.address }),
    namespace: stack.temporal.namespace,
    dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv(stack.env)], failureConverterPath: wf.failureConverterPath },
  });
}

/** The raw floor's worker (infra/bench/floor/), in its own process; resolves once it polls. */
export async function startFloorWorker(stack, maxCachedWorkflows) {
  let ready;
  const polling = new Promise((resolve) => (ready = resolve));
  const worker = spawnService('floor-worker', process.execPath, [path.join(ROOT, 'infra/bench/floor/worker.mjs'), stack.temporal.address, stack.temporal.namespace, ...(maxCachedWorkflows === undefined ? [] : [String(maxCachedWorkflows)])], {
    cwd: ROOT,
    env: process.env,
    onLine: (l) => {
      if (/floor worker ready/.test(l)) ready();
      if (process.env.BENCH_LOGS) console.log(`[floor-worker] ${l}`);
    },
  });
  await Promise.race([polling, worker.exited.then((s) => Promise.reject(new Error(`the floor worker exited (${s.code})`)))]);
  return worker;
}
