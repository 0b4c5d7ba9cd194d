/**
 * A Prometheus scrape endpoint on a listener of its own (METRICS_ADDRESS, WORKER_METRICS_ADDRESS), not on
 * the API's port: what the load balancer and the Internet reach never serves it, and the operator opens
 * this port to the Prometheus server only. It answers GET /metrics and 404 to anything else.
 */
import * as http from 'node:http';
import type { Registry } from 'prom-client';

export async function serveMetrics(registry: Registry, address: string): Promise<http.Server> {
  const separator = address.lastIndexOf(':');
  const host = address.slice(0, separator);
  const port = Number(address.slice(separator + 1));
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: Error) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics could not be collected: ${err.message}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code === 'EADDRINUSE' ? `the metrics address ${address} is already in use` : `cannot serve metrics on ${address}: ${err.message}`)),
    );
    server.listen(port, host, () => resolve());
  });
  // It never keeps a stopping process alive: the app's own shutdown decides when it exits.
  server.unref();
  return server;
}
