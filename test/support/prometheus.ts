// A real Prometheus server for a test (Debian's, installed once by infra/prometheus.cjs): it scrapes the
// given targets every second into a throw-away data directory, and the test asks it questions over its
// HTTP API (instant queries, series), as an operator's dashboards and alerts would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../infra/ports.cjs';
import { pollUntil, spawnService } from '../../infra/processes.cjs';
import { prometheusPath } from '../../infra/prometheus.cjs';

export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface Prometheus {
  url: string;
  /** An instant query's vector: each series' labels and value. */
  query(promql: string): Promise<PromSample[]>;
  /** Every series whose name matches (label sets only). */
  series(match: string): Promise<Record<string, string>[]>;
  stop(): Promise<void>;
}

/** `targets`: job name → `host:port` serving /metrics. */
export async function startPrometheus(targets: Record<string, string>): Promise<Prometheus> {
  const binary = prometheusPath();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-e2e-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    'scrape_configs:',
    ...Object.entries(targets).flatMap(([job, address]) => [`  - job_name: ${job}`, '    static_configs:', `      - targets: ['${address}']`]),
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), `${config}\n`);
  const port = await freePort();
  const server = spawnService('prometheus', binary, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    // Debian's build looks for its web assets under /usr/share; unpacked into .tools they are beside the binary.
    `--web.console.templates=${path.join(dir, 'consoles')}`,
    `--web.console.libraries=${path.join(dir, 'console_libraries')}`,
  ]);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop({ graceMs: 10_000 });
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(async () => (await fetch(`${url}/-/ready`).catch(() => undefined))?.status === 200, {
      timeoutMs: 30_000,
      intervalMs: 200,
      timeoutMessage: () => `Prometheus did not become ready within 30 s: ${server.recentLines(5).join(' | ')}`,
      failIf: () => (server.isRunning() ? undefined : `Prometheus exited: ${server.recentLines(5).join(' | ')}`),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const api = async <T>(endpoint: string, params: Record<string, string>): Promise<T> => {
    const answer = await fetch(`${url}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
    const body = (await answer.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`Prometheus ${endpoint} failed: ${body.error ?? answer.status}`);
    return body.data;
  };
  return {
    url,
    query: async (promql) => {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>('query', { query: promql });
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    series: (match) => api<Record<string, string>[]>('series', { 'match[]': match }),
    stop,
  };
}
