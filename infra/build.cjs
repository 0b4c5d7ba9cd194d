// @ts-check
// Compiles apps/ and libs/ to dist/ with SWC (no type checking: that is each project's `typecheck`
// target). SWC also rewrites the @pathway/* path aliases to relative paths, so dist runs on plain Node.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { packageBin } = require('./processes.cjs');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/**
 * Builds dist/ and throws one line if SWC fails (its own output, printed above, says why).
 * Tests and Jest configs are left out of dist: Jest runs from the sources.
 */
function buildDist() {
  const swc = packageBin('@swc/cli', 'swc');
  const result = spawnSync(
    process.execPath,
    [swc, 'apps', 'libs', '--out-dir', 'dist', '--ignore', '**/*.spec.ts,**/jest.config.js,apps/web/**', '--quiet'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
  );
  // SWC's CLI prints a banner about its next major version on stdout; keep only real output.
  const output = result.stdout.replace(/^=+\n[\s\S]*?\n=+\n+/m, '').trim();
  if (output) process.stdout.write(`${output}\n`);
  if (result.error) throw new Error(`could not run SWC: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`building dist/ failed (SWC exit code ${result.status}); see its output above`);
  // The worker loads this prebuilt bundle and the replay gate replays against it (infra/workflow-bundle.cjs).
  const bundle = spawnSync(process.execPath, [path.join(__dirname, 'workflow-bundle.cjs')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (bundle.status !== 0) throw new Error(`bundling the workflows into dist/workflow-bundle failed (exit code ${bundle.status}); see its output above`);
}

/**
 * Builds the web app (apps/web, Vite) into apps/web/dist, which the API serves under `/`; throws one line
 * if Vite fails (its output, printed above, says why).
 */
function buildWeb() {
  const vite = packageBin('vite', 'vite');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/web/vite.config.mts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw new Error(`could not run Vite: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`building apps/web failed (Vite exit code ${result.status}); see its output above`);
}

module.exports = { buildDist, buildWeb, DIST, ROOT, WEB_DIST: path.join(ROOT, 'apps/web/dist') };

if (require.main === module) {
  try {
    buildDist();
    if (process.argv.includes('--web')) buildWeb();
  } catch (err) {
    console.error(/** @type {Error} */ (err).message);
    process.exitCode = 1;
  }
}
