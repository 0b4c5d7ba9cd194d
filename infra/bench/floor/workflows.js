// The raw floor of `npm run bench`: the least a step can cost on this Temporal server. One Update per
// step and a timer re-armed by each (as a pathway re-arms its next deadline); no activity, no search
// attribute, nothing persisted outside Temporal.
const { condition, defineUpdate, setHandler } = require('@temporalio/workflow');

const step = defineUpdate('step');

async function floorWorkflow() {
  let steps = 0;
  setHandler(step, () => ++steps);
  for (;;) {
    const seen = steps;
    await condition(() => steps !== seen, '30 days');
  }
}

module.exports = { floorWorkflow };
