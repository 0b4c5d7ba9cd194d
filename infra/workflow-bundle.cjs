// @ts-check
// The workflow bundle, built once at build time from dist/ (the code the worker runs): the worker loads it
// (`workflowBundle: { codePath }`) instead of bundling at start-up, and the replay gate
// (libs/workflows/src/replay.spec.ts) replays the committed histories against this very file.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BUNDLE_DIR = path.join(ROOT, 'dist/workflow-bundle');
const BUNDLE_PATH = path.join(BUNDLE_DIR, 'workflows.js');
/**
 * The same workflows with the OpenTelemetry workflow interceptors, which the worker loads only when it
 * exports traces (OTEL_EXPORTER_OTLP_ENDPOINT). Apart because they are not free: the SDK gives every
 * workflow its own instance of every bundled module, and theirs, with the tracer provider each workflow
 * builds, came to ~2 MB of every cached workflow (`npm run bench:scale`, 1,000 imported pathways cached:
 * worker RSS 2,713 MB with them, 663 MB without; a worker set to cache 2,000 died at about 1,500), and the
 * import ran at 16 rows/s against 18–22 without. They add no command, so both bundles replay the same
 * histories (replay.spec.ts).
 */
const TRACED_BUNDLE_PATH = path.join(BUNDLE_DIR, 'workflows-traced.js');
const SOURCES_HASH_PATH = path.join(BUNDLE_DIR, 'sources.sha256');
/** The sources the bundle is made of: workflow code and the domain it imports (not their tests). */
const SOURCE_DIRS = ['libs/workflows/src', 'libs/domain/src'];

function sourceFiles(dir) {
  return fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'testing' ? [] : sourceFiles(rel);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [rel] : [];
    })
    .sort();
}

/** A hash of the bundle's sources: a bundle older than its sources is stale (the gate rebuilds it). */
function sourcesHash() {
  const hash = crypto.createHash('sha256');
  for (const file of [...SOURCE_DIRS.flatMap(sourceFiles), 'infra/workflow-bundle.cjs']) hash.update(file).update('\0').update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  return hash.digest('hex');
}

function bundleIsFresh() {
  return fs.existsSync(BUNDLE_PATH) && fs.existsSync(TRACED_BUNDLE_PATH) && fs.existsSync(SOURCES_HASH_PATH) && fs.readFileSync(SOURCES_HASH_PATH, 'utf8').trim() === sourcesHash();
}

/** Bundles dist/libs/workflows/src/workflows.js (SWC has already rewritten the @pathway/* aliases). */
async function buildWorkflowBundle() {
  const { bundleWorkflowCode } = require('@temporalio/worker');
  const entry = path.join(ROOT, 'dist/libs/workflows/src/workflows.js');
  if (!fs.existsSync(entry)) throw new Error(`${path.relative(ROOT, entry)} is missing: build dist/ first`);
  const hash = sourcesHash();
  const quiet = () => undefined;
  const bundle = async (/** @type {string[]} */ workflowInterceptorModules) =>
    (
      await bundleWorkflowCode({
        workflowsPath: entry,
        // Failure messages go through the payload codec (encrypted) inside the sandbox too: with a prebuilt
        // bundle the worker cannot add the converter itself, so it is bundled here.
        failureConverterPath: path.join(ROOT, 'dist/libs/workflows/src/failure-converter.js'),
        workflowInterceptorModules,
        logger: /** @type {never} */ ({ trace: quiet, debug: quiet, info: quiet, warn: quiet, error: console.error, log: quiet }),
      })
    ).code;
  const plain = await bundle([]);
  // Traces (README "Operating it"): the OpenTelemetry workflow interceptors continue the caller's trace in
  // each run, Update and activity scheduled; their spans leave through the worker's `exporter` sink
  // (apps/worker/src/worker-telemetry.ts).
  const traced = await bundle([require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')]);
  fs.mkdirSync(BUNDLE_DIR, { recursive: true });
  fs.writeFileSync(BUNDLE_PATH, plain);
  fs.writeFileSync(TRACED_BUNDLE_PATH, traced);
  fs.writeFileSync(SOURCES_HASH_PATH, `${hash}\n`);
}

module.exports = { BUNDLE_PATH, TRACED_BUNDLE_PATH, buildWorkflowBundle, bundleIsFresh, sourcesHash };

if (require.main === module) {
  buildWorkflowBundle().catch((err) => {
    console.error(`bundling the workflows failed: ${/** @type {Error} */ (err).message}`);
    process.exitCode = 1;
  });
}
