// The HTTP API for case managers, intake coordinators, physicians and supervisors.
import 'reflect-metadata';
import { httpPort, runMain } from '@pathway/config';
import { createApp } from './app';
import { authSettings } from './auth/token-verifier';
import { codecCorsOrigins } from './codec/codec-cors';
import { codecRateLimit, stepRateLimit } from './common/rate-limit/rate-limits';

runMain('api', async () => {
  const port = httpPort();
  // Settings that decide who gets in are checked before anything connects: a half-configured OIDC
  // issuer stops start-up here, with one line naming what is missing.
  authSettings();
  stepRateLimit();
  codecRateLimit();
  codecCorsOrigins();
  const app = await createApp();
  await app.listen(port, '127.0.0.1').catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to another port` : err.message);
  });
  console.log(`[api] listening on http://127.0.0.1:${port} (OpenAPI UI /docs)`);
});
