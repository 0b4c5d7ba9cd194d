// Liveness and readiness (issue 17), on the real stack: the API's /health/live and /health/ready and the
// worker's health endpoint (WORKER_HEALTH_PORT). With PostgreSQL or Temporal down both are alive and not
// ready, naming what is down, and ready again once it is back; on SIGTERM the API turns unready first, still answering
// requests for SHUTDOWN_DELAY_MS, then drains and exits.
import { startStack, Stack } from '../support/stack';
import { eventually } from '@pathway/testing';
import { Api, expectStatus, people } from './api-support';
const { freePort } = require('../../infra/ports.cjs') as { freePort(): Promise<number> };

let s: Stack;
let api: Api;
let workerHealth: string;

async function health(url: string): Promise<{ status: number; body: { status?: string; database?: { status: string }; temporal?: { status: string } } }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as never };
}

beforeAll(async () => {
  const port = await freePort();
  s = await startStack({ env: { WORKER_HEALTH_PORT: String(port), SHUTDOWN_DELAY_MS: '4000' } });
  api = new Api(s.apiUrl);
  workerHealth = `http://127.0.0.1:${port}/health`;
}, 120_000);
afterAll(() => s?.stop());

it('answers live and ready on the API and the worker while everything is up', async () => {
  expect(await health(`${s.apiUrl}/health/live`)).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await health(`${s.apiUrl}/health/ready`)).toMatchObject({ status: 200, body: { status: 'ok', database: { status: 'up' }, temporal: { status: 'up' } } });
  // The first route still answers readiness.
  expect(await health(`${s.apiUrl}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
  expect(await health(`${workerHealth}/live`)).toEqual({ status: 200, body: { status: 'ok' } });
  await eventually(async () => expect(await health(`${workerHealth}/ready`)).toMatchObject({ status: 200, body: { status: 'ok', worker: 'RUNNING' } }), {
    timeoutMs: 20_000,
    message: 'the worker to be ready',
  });
});

it('is alive and not ready, naming the database, while PostgreSQL is down; ready again once it is back', async () => {
  await s.stopPostgres();
  try {
    for (const url of [`${s.apiUrl}/health`, workerHealth]) {
      await eventually(async () => expect(await health(`${url}/ready`)).toMatchObject({ status: 503, body: { status: 'down: database', database: { status: 'down' }, temporal: { status: 'up' } } }), {
        timeoutMs: 20_000,
        message: `${url}/ready to answer 503 with the database down`,
      });
      expect((await health(`${url}/live`)).status).toBe(200);
    }
  } finally {
    await s.startPostgres();
  }
  for (const url of [`${s.apiUrl}/health`, workerHealth]) {
    await eventually(async () => expect((await health(`${url}/ready`)).status).toBe(200), { timeoutMs: 30_000, message: `${url}/ready once PostgreSQL is back` });
  }
}, 90_000);

it('is not ready, naming Temporal, while the Temporal server is down; ready again once it is back', async () => {
  await s.stopTemporal();
  try {
    for (const url of [`${s.apiUrl}/health`, workerHealth]) {
      await eventually(async () => expect(await health(`${url}/ready`)).toMatchObject({ status: 503, body: { status: 'down: temporal', database: { status: 'up' }, temporal: { status: 'down' } } }), {
        timeoutMs: 20_000,
        message: `${url}/ready to answer 503 with Temporal down`,
      });
      expect((await health(`${url}/live`)).status).toBe(200);
    }
  } finally {
    await s.startTemporal();
  }
  for (const url of [`${s.apiUrl}/health`, workerHealth]) {
    await eventually(async () => expect((await health(`${url}/ready`)).status).toBe(200), { timeoutMs: 45_000, message: `${url}/ready once Temporal is back` });
  }
}, 120_000);

it('on SIGTERM the API turns unready first while it still serves requests, then stops', async () => {
  const stopped = s.stopApi();
  await eventually(async () => expect(await health(`${s.apiUrl}/health/ready`)).toMatchObject({ status: 503, body: { status: 'shutting down' } }), {
    timeoutMs: 3_000,
    message: 'readiness to turn false on SIGTERM',
  });
  // Within SHUTDOWN_DELAY_MS: alive, and a request is answered as usual.
  expect((await health(`${s.apiUrl}/health/live`)).status).toBe(200);
  expectStatus(await api.get('/api/v1/pathways', people.supervisor), 200);
  await stopped;
  await expect(fetch(`${s.apiUrl}/health/live`)).rejects.toThrow();
  expect(s.logs.api.join('\n')).toMatch(/shutting down on SIGTERM: not ready; closing in 4000 ms/);
}, 60_000);
