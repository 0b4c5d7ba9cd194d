// @ts-check
// The build, as Nx targets (each project's project.json): `build` compiles one project to dist/ with SWC
// (no type checking: that is each project's `typecheck` target; SWC also rewrites the @pathway/* path
// aliases to relative paths, so dist runs on plain Node), `workflows:bundle` makes the workflow bundle the
// worker loads from dist/, `web:build` the web app. All are cached by Nx (inputs and outputs in nx.json and
// the project files): a target whose sources have not changed is restored, not rebuilt. `node infra/build.cjs`,
// `npm start` and `npm test` run these targets through Nx; a target runs `node infra/build.cjs --project <root>`.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { packageBin } = require('./processes.cjs');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/**
 * Compiles one project (its root, e.g. `libs/domain`) into dist/<root>; throws one line if SWC fails (its
 * own output, printed above, says why). Tests and Jest configs are left out of dist: Jest runs from the sources.
 */
function compileProject(projectRoot) {
  const swc = packageBin('@swc/cli', 'swc');
  const result = spawnSync(process.execPath, [swc, projectRoot, '--out-dir', 'dist', '--ignore', '**/*.spec.ts,**/jest.config.js', '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
  });
  // SWC's CLI prints a banner about its next major version on stdout; keep only real output.
  const output = result.stdout.replace(/^=+\n[\s\S]*?\n=+\n+/m, '').trim();
  if (output) process.stdout.write(`${output}\n`);
  if (result.error) throw new Error(`could not run SWC: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`compiling ${projectRoot} into dist/ failed (SWC exit code ${result.status}); see its output above`);
}

/** Runs Nx targets on projects; throws one line if one fails (Nx's output, printed above, says which and why). */
function runTargets(targets, projects) {
  const nx = packageBin('nx');
  const result = spawnSync(process.execPath, [nx, 'run-many', '-t', ...targets, `--projects=${projects.join(',')}`, '--outputStyle=static'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  if (result.error) throw new Error(`could not run Nx: ${result.error.message}`);
  // A build that passes says nothing (the callers say how long it took); one that fails shows all Nx printed.
  if (result.status !== 0) process.stderr.write(`${result.stdout}${result.stderr}`);
  if (result.status !== 0) throw new Error(`nx run-many -t ${targets.join(' ')} --projects=${projects.join(',')} failed (exit code ${result.status}); see its output above`);
}

/**
 * Builds dist/: the API and the worker with every library they use (`build` depends on `^build`), and the
 * workflow bundle the worker loads and the replay gate replays (`workflows:bundle`, infra/workflow-bundle.cjs).
 * With `web`, also the web app (apps/web/dist), which the API serves under `/`: one Nx run for all.
 */
function buildDist({ web = false } = {}) {
  runTargets(['build', 'bundle'], ['api', 'worker', 'workflows', ...(web ? ['web'] : [])]);
}

module.exports = { buildDist, compileProject, DIST, ROOT, WEB_DIST: path.join(ROOT, 'apps/web/dist') };

if (require.main === module) {
  try {
    const project = process.argv.indexOf('--project');
    if (project !== -1) compileProject(process.argv[project + 1]);
    else buildDist({ web: process.argv.includes('--web') });
  } catch (err) {
    console.error(/** @type {Error} */ (err).message);
    process.exitCode = 1;
  }
}
