// Test only (rolling-deploy.workflow.spec.ts): the old build's worker, in its own process as in a real
// rolling deploy. It runs workflow tasks only, from the production bundle (dist/workflow-bundle), with the
// production data converter; the activities run on the new build's worker. Stops on SIGTERM.
// usage: node old-build-worker.cjs <address> <namespace> <taskQueue>
'use strict';
const path = require('node:path');
const { DefaultLogger, NativeConnection, Runtime, Worker } = require('@temporalio/worker');

const DIST = path.resolve(__dirname, '../../../../dist');
const { AesGcmPayloadCodec } = require(path.join(DIST, 'libs/payload-codec/src'));
const { workflowSpanSinks } = require(path.join(DIST, 'libs/telemetry/src'));
const [address, namespace, taskQueue] = process.argv.slice(2);

Runtime.install({ logger: new DefaultLogger('WARN') });

(async () => {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection,
    namespace,
    taskQueue,
    workflowBundle: { codePath: path.join(DIST, 'workflow-bundle/workflows.js') },
    sinks: workflowSpanSinks(),
    dataConverter: { payloadCodecs: [AesGcmPayloadCodec.fromEnv({})], failureConverterPath: path.join(DIST, 'libs/workflows/src/failure-converter.js') },
    // No cache: every workflow task replays the whole history, whichever build recorded it.
    maxCachedWorkflows: 0,
  });
  process.once('SIGTERM', () => worker.shutdown());
  console.log('old build polling');
  await worker.run();
  await connection.close();
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
