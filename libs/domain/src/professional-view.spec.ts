import { memberWithRpps, professionalView } from './professional-view';
import { summarize } from './summary';
import { DAY, JOURNEY, shiftIso, storyUpTo } from './testing/pathway-fixtures';

const NURSE = { role: 'NURSE' as const, name: 'Inès Robert', email: 'ines.robert@example.org', rpps: '10003456786' };
const SSIAD = { role: 'SSIAD' as const, name: 'SSIAD Paris Nord', email: 'ssiad@example.org', finess: '750001232' };

function planned() {
  const story = storyUpTo('PLANNING');
  const at = shiftIso(JOURNEY.assessedAt, DAY);
  story.step({ type: 'addCareTeamMember', member: NURSE }, at);
  story.step({ type: 'addCareTeamMember', member: SSIAD }, at);
  story.step(
    {
      type: 'recordPlan',
      services: [
        { type: 'OTHER', provider: 'Inès Robert', frequency: 'daily', startsAt: at, providerMemberId: 'm1' },
        { type: 'SSIAD', provider: 'SSIAD Paris Nord', frequency: 'daily', startsAt: at, providerMemberId: 'm2' },
      ],
    },
    at,
  );
  return { story, summary: summarize(story.state, new Date(at)) };
}

describe("a care-team professional's part of a pathway", () => {
  it('is their member entry, the services they provide, the deadlines; no assessment, consent, other members or identifiers', () => {
    const { summary } = planned();
    const nurse = memberWithRpps(summary.careTeam, NURSE.rpps);
    if (!nurse) throw new Error('the nurse is not in the team');
    expect(nurse).toMatchObject({ id: 'm1', role: 'NURSE' });
    const view = professionalView(summary, nurse);
    expect(view.member).toEqual(nurse);
    expect(view.plan?.services.map((s) => s.providerMemberId)).toEqual(['m1']);
    expect(view.deadlines).toEqual(summary.deadlines);
    expect(view.patient).toEqual({ firstName: summary.patient.firstName, lastName: summary.patient.lastName, birthDate: summary.patient.birthDate });
    expect(Object.keys(view).sort()).toEqual(['deadlines', 'id', 'member', 'patient', 'plan', 'stage', 'stageSince', 'territory']);
    expect(summary.latestAssessment).toBeDefined();
    expect(JSON.stringify(view)).not.toContain('SSIAD Paris Nord');
  });

  it('is nobody once the member is removed from the team', () => {
    const story = storyUpTo('ASSESSMENT');
    const at = shiftIso(JOURNEY.referredAt, DAY);
    story.step({ type: 'addCareTeamMember', member: NURSE }, at);
    expect(memberWithRpps(summarize(story.state, new Date(at)).careTeam, NURSE.rpps)).toBeDefined();
    story.step({ type: 'removeCareTeamMember', memberId: 'm1' }, at);
    expect(memberWithRpps(summarize(story.state, new Date(at)).careTeam, NURSE.rpps)).toBeUndefined();
  });
});
