import { careTeamOf, validateCareTeamMember } from './care-team';
import { decide } from './decide';
import { finessProblem, luhnValid, rppsProblem } from './professional-ids';
import { reminderStillWanted } from './reminder-relevance';
import { validateStepInput } from './step-fields';
import { summarize } from './summary';
import { context, JOURNEY, PathwayStory, sampleCommand, shiftIso, storyUpTo, DAY } from './testing/pathway-fixtures';

const NURSE = { role: 'NURSE' as const, name: 'Inès Robert', email: 'ines.robert@example.org', rpps: '10003456786' };
const SSIAD = { role: 'SSIAD' as const, name: 'SSIAD Paris Nord', email: 'ssiad@example.org', finess: '750001232' };
const SAAD = { role: 'SAAD' as const, name: 'SAAD Les Aides', secureMessaging: 'saad@aides.mssante.fr' };

describe('professional identifiers', () => {
  it('an RPPS number is 11 digits whose last is the Luhn key of the first ten', () => {
    expect(luhnValid('10003456786')).toBe(true);
    expect(rppsProblem('rpps', '10003456786')).toBeUndefined();
    expect(rppsProblem('rpps', '10003456787')?.message).toMatch(/Luhn key/);
    expect(rppsProblem('rpps', '1000345678')?.message).toMatch(/11 digits/);
    expect(rppsProblem('rpps', '1000345678a')?.message).toMatch(/11 digits/);
  });

  it('a FINESS number is 9 characters with its key; real numbers (AP-HP, HCL, AP-HM) pass', () => {
    for (const finess of ['750712184', '690781810', '130786049', '750001232']) expect(finessProblem('finess', finess)).toBeUndefined();
    expect(finessProblem('finess', '750712185')?.message).toMatch(/key/);
    expect(finessProblem('finess', '75071218')?.message).toMatch(/9 characters/);
    expect(finessProblem('finess', '2A0000008')).toBeUndefined();
  });

  it('only a health professional has an RPPS number, only a facility a FINESS number', () => {
    expect(validateCareTeamMember({ ...SAAD, rpps: '10003456786' }).map((e) => e.field)).toEqual(['member.rpps']);
    expect(validateCareTeamMember({ ...NURSE, finess: '750712184' }).map((e) => e.field)).toEqual(['member.finess']);
    expect(validateCareTeamMember({ role: 'CAREGIVER', name: 'Paul' }).map((e) => e.message)).toEqual(['member needs a way to be reached: email, secureMessaging or phone']);
    expect(validateCareTeamMember({ ...NURSE, email: 'not an address' }).map((e) => e.field)).toEqual(['member.email']);
  });
});

describe('the care team of a pathway', () => {
  it("starts with the referral's physician and caregiver, whatever the pathway's age", () => {
    const story = PathwayStory.referred(JOURNEY.referredAt);
    expect(careTeamOf(story.state).map((m) => [m.id, m.role, m.name])).toEqual([
      ['physician', 'ATTENDING_PHYSICIAN', 'Dr Martin'],
      ['caregiver', 'CAREGIVER', 'Claire A.'],
    ]);
    expect(story.state.careTeam).toBeUndefined();
    expect(summarize(story.state, new Date(JOURNEY.referredAt)).careTeam).toHaveLength(2);
  });

  it('members are added, changed and removed, each on the timeline; a second caregiver is welcome, a second attending physician is not', () => {
    const story = storyUpTo('ASSESSMENT');
    const at = shiftIso(JOURNEY.assignedAt, DAY);
    const [added] = story.step({ type: 'addCareTeamMember', member: NURSE }, at, 'cm-1');
    expect(added).toMatchObject({ type: 'CARE_TEAM_MEMBER_ADDED', actor: 'cm-1', data: { memberId: 'm1', member: { ...NURSE, id: 'm1' } } });
    story.step({ type: 'addCareTeamMember', member: { role: 'CAREGIVER', name: 'Marc A.', phone: '06 11 22 33 44', relationship: 'son' } }, at, 'cm-1');
    const second = story.attempt({ type: 'addCareTeamMember', member: { role: 'ATTENDING_PHYSICIAN', name: 'Dr Autre', email: 'autre@example.org' } }, at);
    expect(second).toMatchObject({ ok: false, rejection: { reason: expect.stringMatching(/already has a ATTENDING_PHYSICIAN \(Dr Martin, member physician\)/) } });

    const [changed] = story.step({ type: 'updateCareTeamMember', memberId: 'physician', member: { role: 'ATTENDING_PHYSICIAN', name: 'Dr Martin', email: 'martin@mssante.fr' } }, at);
    expect(changed).toMatchObject({ type: 'CARE_TEAM_MEMBER_CHANGED', data: { memberId: 'physician', changed: ['email'] } });
    const [removed] = story.step({ type: 'removeCareTeamMember', memberId: 'caregiver', note: 'moved abroad' }, at);
    expect(removed).toMatchObject({ type: 'CARE_TEAM_MEMBER_REMOVED', data: { memberId: 'caregiver', role: 'CAREGIVER' } });
    expect(careTeamOf(story.state).map((m) => m.id)).toEqual(['physician', 'm1', 'm2']);
    expect(story.attempt({ type: 'removeCareTeamMember', memberId: 'physician' }, at)).toMatchObject({ ok: false, rejection: { reason: expect.stringMatching(/cannot be removed/) } });
    expect(story.attempt({ type: 'removeCareTeamMember', memberId: 'm9' }, at)).toMatchObject({ ok: false, rejection: { reason: 'there is no member m9 in the care team' } });
  });

  it('an invalid member is refused whole, naming the field; nothing changes', () => {
    const story = storyUpTo('ASSESSMENT');
    const at = shiftIso(JOURNEY.assignedAt, DAY);
    const before = story.state;
    const decision = decide(before, { type: 'addCareTeamMember', member: { ...NURSE, rpps: '10003456787' } }, context(at));
    expect(decision).toMatchObject({ ok: false, rejection: { errors: [{ field: 'member.rpps' }] } });
    expect(validateStepInput({ type: 'addCareTeamMember', member: { ...NURSE, rpps: '123' } }, { now: new Date(at) }).map((e) => e.field)).toEqual(['member.rpps']);
    expect(before.careTeam).toBeUndefined();
  });

  it('a plan service names a member of the team, or is refused; a member providing a service cannot be removed', () => {
    const story = storyUpTo('PLANNING');
    const at = shiftIso(JOURNEY.assessedAt, DAY);
    story.step({ type: 'addCareTeamMember', member: SSIAD }, at);
    const unknown = story.attempt({ type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Paris Nord', frequency: 'daily', startsAt: at, providerMemberId: 'm7' }] }, at);
    expect(unknown).toMatchObject({ ok: false, rejection: { errors: [{ field: 'services[0].providerMemberId' }] } });
    story.step({ type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Paris Nord', frequency: 'daily', startsAt: at, providerMemberId: 'm1' }] }, at);
    expect(story.attempt({ type: 'removeCareTeamMember', memberId: 'm1' }, at)).toMatchObject({ ok: false, rejection: { reason: expect.stringMatching(/provides SSIAD in plan version 1/) } });
  });
});

describe('providers told their part', () => {
  function planned() {
    const story = storyUpTo('PLANNING');
    const at = shiftIso(JOURNEY.assessedAt, DAY);
    story.step({ type: 'addCareTeamMember', member: SSIAD }, at);
    story.step({ type: 'addCareTeamMember', member: SAAD }, at);
    story.step(
      {
        type: 'recordPlan',
        services: [
          { type: 'SSIAD', provider: 'SSIAD Paris Nord', frequency: 'daily', startsAt: at, providerMemberId: 'm1' },
          { type: 'SAAD', provider: 'SAAD Les Aides', frequency: '3 times a week', startsAt: at, providerMemberId: 'm2' },
          { type: 'MEAL_DELIVERY', provider: 'Mairie', frequency: 'daily', startsAt: at },
        ],
      },
      at,
    );
    return { story, at };
  }
  const providerNotices = (story: PathwayStory) => story.notifications.filter((n) => n.recipientRole === 'provider');

  it('a plan with SSIAD and SAAD tells each provider once, of their own service only', () => {
    const { story } = planned();
    const notices = providerNotices(story);
    expect(notices.map((n) => [n.kind, n.data.memberId, n.recipientAddress])).toEqual([
      ['serviceAdded', 'm1', 'ssiad@example.org'],
      ['serviceAdded', 'm2', 'saad@aides.mssante.fr'],
    ]);
    expect(notices[0].data.services).toEqual([{ type: 'SSIAD', frequency: 'daily', startsAt: expect.any(String) }]);
    expect(new Set(notices.map((n) => n.dedupeKey)).size).toBe(2);
  });

  it('a new version tells whose service changed or stopped, and nobody whose part is the same', () => {
    const { story, at } = planned();
    story.step({ type: 'acknowledgePlan', acknowledgedAt: at }, at);
    const later = shiftIso(at, 3 * DAY);
    story.step({ type: 'recordPlan', services: [{ type: 'SSIAD', provider: 'SSIAD Paris Nord', frequency: 'twice a day', startsAt: at, providerMemberId: 'm1' }] }, later);
    expect(providerNotices(story).slice(2).map((n) => [n.kind, n.data.memberId, n.data.version])).toEqual([
      ['serviceChanged', 'm1', 2],
      ['serviceStopped', 'm2', 2],
    ]);
  });

  it('a hospital stay suspends each provider, the discharge home restarts them, and a death tells providers but not the family', () => {
    const { story, at } = planned();
    story.step({ type: 'acknowledgePlan', acknowledgedAt: at }, at);
    const admitted = shiftIso(at, 5 * DAY);
    story.step({ type: 'admitToHospital', admittedAt: admitted, facility: 'CHU Bichat' }, admitted);
    const home = shiftIso(admitted, 4 * DAY);
    story.step({ type: 'dischargeFromHospital', dischargedAt: home, destination: 'HOME' }, home);
    const death = shiftIso(home, 2 * DAY);
    story.step({ type: 'closePathway', reason: 'DECEASED' }, death);
    expect(providerNotices(story).slice(2).map((n) => [n.kind, n.data.memberId])).toEqual([
      ['servicesSuspended', 'm1'],
      ['servicesSuspended', 'm2'],
      ['servicesRestarted', 'm1'],
      ['servicesRestarted', 'm2'],
      ['pathwayClosed', 'm1'],
      ['pathwayClosed', 'm2'],
    ]);
    // The closure's notices: the providers', and none to the caregiver.
    const closure = story.notifications.filter((n) => n.sendAt === death && n.kind === 'pathwayClosed');
    expect(closure.map((n) => n.recipientRole)).toEqual(['provider', 'provider']);
    expect(story.notifications.filter((n) => Date.parse(n.sendAt) >= Date.parse(death) && n.recipientRole === 'caregiver')).toEqual([]);
  });

  it('a notice no longer true when it would go out is not sent', () => {
    const { story, at } = planned();
    const [added] = providerNotices(story);
    const now = summarize(story.state, new Date(at));
    expect(reminderStillWanted(added.kind, added.data, now)).toEqual({ send: true });
    const replaced = { ...now, plan: { ...now.plan!, version: 2, services: [] } };
    expect(reminderStillWanted(added.kind, added.data, replaced)).toMatchObject({ send: false });
    expect(reminderStillWanted('servicesSuspended', added.data, now)).toMatchObject({ send: false, reason: 'the patient has left hospital since' });
    expect(reminderStillWanted(added.kind, added.data, { ...now, careTeam: now.careTeam.filter((m) => m.id !== 'm1') })).toMatchObject({ send: false });
  });

  it('a plan naming no member tells no provider (pathways planned before the care team)', () => {
    const story = storyUpTo('FOLLOW_UP');
    story.step(sampleCommand('admitToHospital', shiftIso(JOURNEY.acknowledgedAt, DAY)), shiftIso(JOURNEY.acknowledgedAt, DAY));
    expect(providerNotices(story)).toEqual([]);
  });
});
