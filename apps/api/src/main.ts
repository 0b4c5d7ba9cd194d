// The HTTP API for case managers, intake coordinators, physicians and supervisors.
import 'reflect-metadata';
import { createLogger, httpPort, listenHost, readSettings, runMain, telemetrySettings } from '@pathway/config';
import { serveMetrics, startTracing } from '@pathway/telemetry';
import { createApp } from './app';
import { authSettings } from './auth/token-verifier';
import { codecCorsOrigins } from './codec/codec-cors';
import { codecRateLimit, stepRateLimit } from './common/rate-limit/rate-limits';
import { apiMetrics } from './observability/api-metrics';

runMain('api', async () => {
  const port = httpPort();
  const host = listenHost();
  readSettings(['SHUTDOWN_DELAY_MS']);
  const logger = createLogger('api');
  // Settings that decide who gets in are checked before anything connects: a half-configured OIDC
  // issuer stops start-up here, with one line naming what is missing.
  authSettings();
  stepRateLimit();
  codecRateLimit();
  codecCorsOrigins();
  // Before the app: the Temporal client's interceptors and the request spans use the global tracer.
  const { metricsAddress, otlpEndpoint } = telemetrySettings();
  startTracing('care-pathways-api', otlpEndpoint);
  const app = await createApp(logger);
  if (metricsAddress) await serveMetrics(apiMetrics, metricsAddress);
  // Idle keep-alive connections are closed after 65 s, not Node's 5 s: a client (or a load balancer,
  // whose idle timeout is typically 60 s) reusing a connection the server is closing at that moment
  // gets "other side closed" instead of an answer. The headers timeout must exceed it.
  const server = app.getHttpServer() as import('node:http').Server;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await app.listen(port, host).catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to another port` : err.code === 'EADDRNOTAVAIL' ? `HOST ${host} is not an address of this machine` : err.message);
  });
  // The address actually bound (PORT=0 picks one); an IPv6 address in brackets.
  const bound = server.address() as import('node:net').AddressInfo;
  const url = `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  logger.info({ url, host, port: bound.port, metricsAddress }, `listening on ${url} (OpenAPI UI /docs)${metricsAddress ? `; metrics on http://${metricsAddress}/metrics` : ''}`);
});
