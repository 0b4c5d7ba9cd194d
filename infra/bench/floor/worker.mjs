// The floor's worker, in its own process like the product's: `node worker.mjs <address> <namespace> <maxCachedWorkflows>`.
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { bundleWorkflowCode, NativeConnection, Worker } = require('@temporalio/worker');
const [address, namespace, cache] = process.argv.slice(2);
const workflowBundle = await bundleWorkflowCode({ workflowsPath: path.join(import.meta.dirname, 'workflows.js'), logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error } });
const worker = await Worker.create({
  connection: await NativeConnection.connect({ address }),
  namespace,
  taskQueue: 'bench-floor',
  workflowBundle,
  ...(cache === undefined ? {} : { maxCachedWorkflows: Number(cache) }),
});
process.on('SIGTERM', () => worker.shutdown());
console.log('floor worker ready');
await worker.run();
