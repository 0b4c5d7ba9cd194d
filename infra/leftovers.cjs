// @ts-check
// Finds the processes a run left behind: those whose environment carries the run's mark (`NAME=value`,
// which every process the run started inherits, PostgreSQL run as `postgres` included). Linux only
// (/proc); elsewhere it finds nothing.
'use strict';
const fs = require('node:fs');

/**
 * @param {string} mark  `NAME=value`
 * @returns {{ pid: number, command: string }[]}
 */
function markedProcesses(mark) {
  /** @type {{ pid: number, command: string }[]} */
  const found = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found;
  }
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!environ.includes(mark)) continue;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 200);
      if (command) found.push({ pid, command }); // an empty command line is a zombie, already gone
    } catch {
      /* gone meanwhile, or not ours to read */
    }
  }
  return found;
}

/**
 * The processes carrying `mark` that are still there after `waitMs`; with `kill`, they are then killed.
 * @param {string} mark
 * @param {{ waitMs?: number, kill?: boolean }} [options]
 */
async function leftoversOf(mark, { waitMs = 0, kill = false } = {}) {
  const deadline = Date.now() + waitMs;
  let left = markedProcesses(mark);
  while (left.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    left = markedProcesses(mark);
  }
  if (kill) {
    for (const { pid } of left) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  return left;
}

module.exports = { leftoversOf, markedProcesses };
