import { PathwayCommandType } from './commands';
import { ALLOWED_STAGES, decide } from './decide';
import { DEFAULT_POLICY } from './policy';
import { PATHWAY_STAGES, PathwayStage } from './stages';
import { PathwayState } from './state';
import { context, ENTERED_AT, pathwayIn, sampleCommand, shiftIso } from './testing/pathway-fixtures';

const COMMAND_TYPES = Object.keys(ALLOWED_STAGES) as PathwayCommandType[];

const fixtures = new Map<PathwayStage, PathwayState>(PATHWAY_STAGES.map((stage) => [stage, pathwayIn(stage)]));
/** One hour after the step that entered the stage: every fixture is still in its stage then. */
const nowIn = (stage: PathwayStage) => shiftIso(ENTERED_AT[stage], 60 * 60 * 1000);

const notAllowed = COMMAND_TYPES.flatMap((type) =>
  PATHWAY_STAGES.filter((stage) => !ALLOWED_STAGES[type].includes(stage)).map((stage) => [type, stage] as const),
);
const allowed = COMMAND_TYPES.flatMap((type) => ALLOWED_STAGES[type].map((stage) => [type, stage] as const));

describe('the stage machine', () => {
  it('has a fixture in every stage, built by the real steps from the referral', () => {
    expect([...fixtures.values()].map((s) => s.stage)).toEqual([...PATHWAY_STAGES]);
  });

  it('covers every step in every stage', () => {
    expect(notAllowed.length + allowed.length).toBe(COMMAND_TYPES.length * PATHWAY_STAGES.length);
    expect(notAllowed.length).toBeGreaterThan(0);
  });

  it('a closed pathway accepts no step of any kind', () => {
    expect(COMMAND_TYPES.filter((type) => ALLOWED_STAGES[type].includes('CLOSED'))).toEqual([]);
  });

  it.each(notAllowed)('%s in stage %s is rejected with that stage and a reason, and changes nothing', (type, stage) => {
    const state = fixtures.get(stage) as PathwayState;
    const before = structuredClone(state);
    const decision = decide(state, sampleCommand(type, nowIn(stage)), context(nowIn(stage), DEFAULT_POLICY));
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    expect(decision.rejection.stage).toBe(stage);
    expect(decision.rejection.reason).toMatch(stage === 'CLOSED' ? /closed .*accepts no more steps/ : new RegExp(`not allowed in stage ${stage}$`));
    expect(state).toEqual(before);
  });

  it.each(allowed)('%s in stage %s passes the stage check and leaves its input state alone', (type, stage) => {
    const state = fixtures.get(stage) as PathwayState;
    const before = structuredClone(state);
    const decision = decide(state, sampleCommand(type, nowIn(stage)), context(nowIn(stage), DEFAULT_POLICY));
    if (!decision.ok) {
      // Allowed here, but this pathway's situation may still refuse it (e.g. a discharge with no stay).
      expect(decision.rejection.stage).toBe(stage);
      expect(decision.rejection.reason).not.toMatch(/not allowed in stage/);
    }
    expect(state).toEqual(before);
  });

  it('closure is allowed from every open stage (PATHWAY.md: death, move, refusal, no longer complex)', () => {
    expect([...ALLOWED_STAGES.closePathway].sort()).toEqual(PATHWAY_STAGES.filter((s) => s !== 'CLOSED').sort());
  });
});
