// The HTTP API for case managers, intake coordinators, physicians and supervisors.
import 'reflect-metadata';
import { httpPort, runMain, telemetrySettings } from '@pathway/config';
import { serveMetrics, startTracing } from '@pathway/telemetry';
import { createApp } from './app';
import { authSettings } from './auth/token-verifier';
import { codecCorsOrigins } from './codec/codec-cors';
import { codecRateLimit, stepRateLimit } from './common/rate-limit/rate-limits';
import { apiMetrics } from './observability/api-metrics';

runMain('api', async () => {
  const port = httpPort();
  // Settings that decide who gets in are checked before anything connects: a half-configured OIDC
  // issuer stops start-up here, with one line naming what is missing.
  authSettings();
  stepRateLimit();
  codecRateLimit();
  codecCorsOrigins();
  // Before the app: the Temporal client's interceptors and the request spans use the global tracer.
  const { metricsAddress, otlpEndpoint } = telemetrySettings();
  startTracing('care-pathways-api', otlpEndpoint);
  const app = await createApp();
  if (metricsAddress) await serveMetrics(apiMetrics, metricsAddress);
  // Idle keep-alive connections are closed after 65 s, not Node's 5 s: a client (or a load balancer,
  // whose idle timeout is typically 60 s) reusing a connection the server is closing at that moment
  // gets "other side closed" instead of an answer. The headers timeout must exceed it.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(port, '127.0.0.1').catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to another port` : err.message);
  });
  console.log(`[api] listening on http://127.0.0.1:${port} (OpenAPI UI /docs)${metricsAddress ? `; metrics on http://${metricsAddress}/metrics` : ''}`);
});
