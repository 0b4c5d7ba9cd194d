// @ts-check
// The Jest environment of every project: Node's, plus a check when a test file ends. Whatever the file's
// services (infra/processes.cjs: PostgreSQL, the Temporal dev server, the worker, the API) are still
// running after its afterAll hooks is a leak: a set-up that failed half-way, a stop() never reached.
// They are killed here, so the run ends instead of waiting on their output pipes, and the file fails.
'use strict';
const { TestEnvironment } = require('jest-environment-node');

const RUNNING = Symbol.for('care-pathways.running-services');

class LeakGuardEnvironment extends TestEnvironment {
  async teardown() {
    const running = /** @type {Set<{ name: string, pid?: number }> | undefined} */ (this.global?.[/** @type {any} */ (RUNNING)]);
    const left = running ? [...running] : [];
    for (const service of left) {
      try {
        if (service.pid) process.kill(-service.pid, 'SIGKILL'); // its whole process group: it was spawned detached
      } catch {
        /* already gone */
      }
    }
    await super.teardown();
    if (left.length) {
      throw new Error(`left running after the last hook: ${left.map((service) => `${service.name} (pid ${service.pid})`).join(', ')}; killed`);
    }
  }
}

module.exports = LeakGuardEnvironment;
