// The HTTP API for case managers, intake coordinators, physicians and supervisors.
import 'reflect-metadata';
import { httpPort, runMain } from '@pathway/config';
import { createApp } from './app';

runMain('api', async () => {
  const port = httpPort();
  const app = await createApp();
  await app.listen(port, '127.0.0.1').catch((err: NodeJS.ErrnoException) => {
    throw new Error(err.code === 'EADDRINUSE' ? `port ${port} is already in use; set PORT to another port` : err.message);
  });
  console.log(`[api] listening on http://127.0.0.1:${port} (OpenAPI UI /docs)`);
});
