/**
 * The worker's health endpoint, for an orchestrator's probes (WORKER_HEALTH_PORT; none when unset):
 * GET /health/live is 200 while the process answers; GET /health/ready is 200 while the Temporal worker
 * runs (polling its task queue) and PostgreSQL and Temporal answer, 503 naming what is wrong otherwise,
 * and from the first SIGTERM on. Only these two routes, nothing about any pathway.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readiness } from '@pathway/config';

export interface WorkerHealth {
  /** The Temporal worker's state (Worker.getState()): ready only while RUNNING. */
  state: () => string;
  probes: Record<string, () => Promise<unknown>>;
}

export class HealthServer {
  private readonly server: http.Server;
  private shuttingDown = false;

  constructor(private readonly health: WorkerHealth) {
    this.server = http.createServer((req, res) => {
      void this.answer(req.method, (req.url ?? '').split('?')[0]).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
  }

  private async answer(method: string | undefined, path: string): Promise<{ status: number; body: unknown }> {
    if (method !== 'GET') return { status: 405, body: { status: 'GET only' } };
    if (path === '/health/live') return { status: 200, body: { status: 'ok' } };
    if (path !== '/health/ready' && path !== '/health') return { status: 404, body: { status: 'not found: /health/live, /health/ready' } };
    const state = this.health.state();
    const notReady = this.shuttingDown ? 'shutting down' : state !== 'RUNNING' ? `worker ${state.toLowerCase()}` : undefined;
    const { ready, ...body } = await readiness(this.health.probes, notReady);
    return { status: ready ? 200 : 503, body: { ...body, worker: state } };
  }

  /** Listens; resolves with the bound port. */
  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  /** Readiness false from now on (the process is stopping); liveness still answers until close(). */
  shutdown(): void {
    this.shuttingDown = true;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
