// @ts-check
// Child-process plumbing shared by the launchers (npm start, the end-to-end stack): spawn a long-running
// service with line-wise output, stop it for sure (signal, grace period, SIGKILL), and make sure it
// cannot outlive the Node process that started it.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** @typedef {{ code: number | null, signal: NodeJS.Signals | null, error?: Error }} ExitStatus */
/** @typedef {'stdout' | 'stderr'} StreamName */

/**
 * @typedef {object} ServiceOptions
 * @property {NodeJS.ProcessEnv} [env]
 * @property {string} [cwd]
 * @property {number} [uid]   run as this user (root launching Postgres as `postgres`)
 * @property {number} [gid]
 * @property {(line: string, stream: StreamName) => void} [onLine]  every output line, without the newline
 * @property {NodeJS.Signals} [stopSignal]  the signal that asks this program to shut down cleanly (SIGTERM)
 * @property {number} [keepLines]  how many recent lines to keep for error messages (200)
 */

/**
 * @typedef {object} ServiceProcess
 * @property {string} name
 * @property {number | undefined} pid
 * @property {Promise<ExitStatus>} exited  settles once the program has exited and its output is read
 * @property {() => boolean} isRunning
 * @property {(max?: number) => string[]} recentLines  the last output lines, oldest first
 * @property {(options?: { signal?: NodeJS.Signals, graceMs?: number }) => Promise<ExitStatus>} stop
 */

/** Services still running, for the exit hook below. */
/** @type {Set<ServiceProcess>} */
const running = new Set();
/** @type {Map<ServiceProcess, NodeJS.Signals>} */
const stopSignals = new Map();
// Under Jest this module is loaded once per test file, inside the file's sandbox: the set is also
// published on the sandbox's global, where test/support/leak-guard-environment.cjs finds whatever a
// file left running when it ends (and stops it, and fails the run).
/** @type {Record<symbol, unknown>} */ (/** @type {unknown} */ (globalThis))[Symbol.for('care-pathways.running-services')] = running;

// Last resort on any normal exit of this Node process (including process.exit() and a crash on an
// uncaught exception): signal every service still running. Synchronous, as 'exit' handlers must be.
// Under Jest `process` is a sandbox copy whose 'exit' never fires: there the orphan guard does the job.
process.on('exit', () => {
  for (const service of running) {
    try {
      if (service.pid) process.kill(service.pid, stopSignals.get(service) ?? 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
});

// A tiny shell loop per service that outlives a hard kill of this process (SIGKILL, OOM, a killed test
// run): once our pid is gone it asks the service to stop, then kills its process group after 10 s.
// It costs one `sh` and a `sleep` per service; it is killed as soon as the service is stopped normally.
const ORPHAN_GUARD = [
  'parent=$1; pid=$2; sig=$3',
  'while kill -0 "$parent" 2>/dev/null; do sleep 1; done',
  'kill -s "$sig" "$pid" 2>/dev/null || exit 0',
  'i=0; while kill -0 "$pid" 2>/dev/null && [ "$i" -lt 20 ]; do sleep 0.5; i=$((i+1)); done',
  'kill -s KILL -- "-$pid" 2>/dev/null; exit 0',
].join('\n');

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function startOrphanGuard(pid, signal) {
  if (process.platform === 'win32') return undefined;
  const guard = spawn('/bin/sh', ['-c', ORPHAN_GUARD, 'orphan-guard', String(process.pid), String(pid), signal.replace(/^SIG/, '')], {
    detached: true,
    stdio: 'ignore',
  });
  guard.on('error', () => undefined); // no /bin/sh: we lose the guard, not the service
  guard.unref();
  return guard;
}

/**
 * Calls `onLine` for each complete line of `stream`.
 * @param {NodeJS.ReadableStream | null} stream
 * @param {(line: string) => void} onLine
 */
function forEachLine(stream, onLine) {
  if (!stream) return;
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (/** @type {string} */ chunk) => {
    const lines = (pending + chunk).split(/\r?\n/);
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => {
    if (pending) onLine(pending);
    pending = '';
  });
}

/**
 * Sends `signal` to a process (or, with a negative pid, its process group), ignoring "no such process".
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function signalQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Starts a long-running program in its own process group. Its own group means the terminal's Ctrl-C
 * reaches only the launcher, which then stops services in order (apps before the servers they use).
 * @param {string} name  short name for messages, e.g. "worker"
 * @param {string} command
 * @param {string[]} args
 * @param {ServiceOptions} [options]
 * @returns {ServiceProcess}
 */
function spawnService(name, command, args, options = {}) {
  const { env, cwd, uid, gid, onLine, stopSignal = 'SIGTERM', keepLines = 200 } = options;
  const child = spawn(command, args, { env, cwd, uid, gid, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  /** @type {string[]} */
  const recent = [];
  /** @type {ExitStatus | undefined} */
  let status;

  /** @param {StreamName} stream */
  const collect = (stream) => (/** @type {string} */ line) => {
    recent.push(line);
    if (recent.length > keepLines) recent.shift();
    onLine?.(line, stream);
  };
  forEachLine(child.stdout, collect('stdout'));
  forEachLine(child.stderr, collect('stderr'));

  const guard = child.pid ? startOrphanGuard(child.pid, stopSignal) : undefined;

  /** @type {ServiceProcess} */
  const service = {
    name,
    pid: child.pid,
    exited: new Promise((resolve) => {
      let finished = false;
      /** @param {ExitStatus} exitStatus */
      const finish = (exitStatus) => {
        if (finished) return;
        finished = true;
        status = exitStatus;
        running.delete(service);
        guard?.kill('SIGKILL');
        resolve(exitStatus);
      };
      child.on('error', (error) => finish({ code: null, signal: null, error })); // e.g. ENOENT, EACCES
      child.on('exit', (code, signal) => {
        status = { code, signal };
        // 'close' comes once the output is drained; a grandchild holding the pipe must not delay us.
        setTimeout(() => finish({ code, signal }), 1000).unref();
      });
      child.on('close', (code, signal) => finish({ code, signal }));
    }),
    isRunning: () => status === undefined,
    recentLines: (max = keepLines) => recent.slice(-max),
    stop: ({ signal = stopSignal, graceMs = 10_000 } = {}) => {
      if (!stopping) stopping = stopService(signal, graceMs);
      return stopping;
    },
  };
  /** @type {Promise<ExitStatus> | undefined} */
  let stopping;

  /**
   * @param {NodeJS.Signals} signal
   * @param {number} graceMs
   */
  async function stopService(signal, graceMs) {
    const pid = child.pid;
    if (pid && service.isRunning()) {
      signalQuietly(pid, signal);
      const timer = setTimeout(() => signalQuietly(-pid, 'SIGKILL'), graceMs);
      await service.exited;
      clearTimeout(timer);
    }
    const exitStatus = await service.exited;
    if (pid) signalQuietly(-pid, 'SIGKILL'); // anything the program left behind in its group
    return exitStatus;
  }

  if (child.pid) {
    running.add(service);
    stopSignals.set(service, stopSignal);
  }
  return service;
}

/**
 * "exit code 1", "signal SIGKILL" or the spawn error, for messages.
 * @param {ExitStatus} status
 */
function describeExit(status) {
  if (status.error) return status.error.message;
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}

/**
 * Polls `check` until it returns a truthy value, which is returned. Between polls `failIf` may return
 * a reason to give up early (e.g. the process died). Rejects with `timeoutMessage` after `timeoutMs`
 * (a function to describe the last state seen).
 * @template T
 * @param {() => Promise<T | undefined | false | null> | T | undefined | false | null} check
 * @param {{ timeoutMs: number, intervalMs?: number, timeoutMessage: string | (() => string), failIf?: () => string | undefined }} options
 * @returns {Promise<T>}
 */
async function pollUntil(check, { timeoutMs, intervalMs = 200, timeoutMessage, failIf }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = failIf?.();
    if (failure) throw new Error(failure);
    const result = await check();
    if (result) return result;
    const failureAfterCheck = failIf?.();
    if (failureAfterCheck) throw new Error(failureAfterCheck);
    if (Date.now() >= deadline) throw new Error(typeof timeoutMessage === 'function' ? timeoutMessage() : timeoutMessage);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Waits until `check` passes for a service that is starting. Rejects with one line if the service exits
 * first ("<name> exited during start-up (exit code 1): <its last error line>") or after `timeoutMs`
 * ("<notReadyMessage> within 30 s; last log line: ..."). Leaves stopping the service to the caller.
 * @template T
 * @param {ServiceProcess} service
 * @param {() => Promise<T | undefined | false | null>} check
 * @param {{ timeoutMs: number, notReadyMessage: string, intervalMs?: number }} options
 * @returns {Promise<T>}
 */
async function waitForService(service, check, { timeoutMs, notReadyMessage, intervalMs }) {
  /** @type {ExitStatus | undefined} */
  let exitStatus;
  void service.exited.then((status) => (exitStatus = status));
  try {
    return await pollUntil(check, {
      timeoutMs,
      intervalMs,
      timeoutMessage: 'timeout',
      failIf: () => (exitStatus ? 'exited' : undefined),
    });
  } catch (err) {
    const lastLine = lastErrorLine(service.recentLines());
    if (exitStatus) throw new Error(`${service.name} exited during start-up (${describeExit(exitStatus)}): ${lastLine}`);
    if ((/** @type {Error} */ (err))?.message === 'timeout') {
      throw new Error(`${notReadyMessage} within ${timeoutMs / 1000} s; last log line: ${lastLine}`);
    }
    throw err;
  }
}

/**
 * The most telling line of a failed server's output: the last one that looks like an error, else the last.
 * @param {string[]} lines
 */
function lastErrorLine(lines) {
  // Without colours and the log prefix ("2026-01-02 10:00:00.000 UTC [1234] ") the line fits a terminal.
  const meaningful = lines
    .map((line) => line.replace(/\x1b\[[\d;]*m/g, '').replace(/^\d{4}-\d\d-\d\d[ T][\d:.]+( \w+)? (\[\d+\] )?/, '').trim())
    .filter(Boolean);
  const errors = meaningful.filter((line) => /\b(FATAL|PANIC|ERROR|Error|error)\b/.test(line));
  return errors.at(-1) ?? meaningful.at(-1) ?? '(no output)';
}

/**
 * Path of an installed package's executable (its package.json "bin"), to run it with `node` directly
 * rather than through npx and a shell.
 * @param {string} pkg   e.g. "nx"
 * @param {string} [name]  the executable's name, default `pkg`
 */
function packageBin(pkg, name = pkg) {
  const root = path.resolve(__dirname, '..');
  const manifestPath = require.resolve(`${pkg}/package.json`, { paths: [root] });
  const { bin } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const relative = typeof bin === 'string' ? bin : bin?.[name];
  if (!relative) throw new Error(`${pkg} has no executable named ${name}`);
  return path.join(path.dirname(manifestPath), relative);
}

module.exports = { spawnService, describeExit, pollUntil, waitForService, lastErrorLine, packageBin };
