import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/principal';
import { PathwayAccess } from './pathway-access';

const access = new PathwayAccess({} as DataSource);
const pathway = (over: { territory?: string; caseManagerId?: string | null; physicianEmail?: string; careTeam?: unknown[] } = {}) => ({
  territory: over.territory ?? 'T75',
  caseManagerId: over.caseManagerId === undefined ? 'cm-1' : over.caseManagerId,
  summary: { physician: { name: 'Dr D', email: over.physicianEmail ?? 'Dr.D@Cabinet.example' }, ...(over.careTeam ? { careTeam: over.careTeam } : {}) },
});
const who = (p: Partial<Principal> & Pick<Principal, 'roles'>): Principal => ({ sub: 'u-1', ...p });

describe('who reaches a pathway', () => {
  it('a case manager: the pathways assigned to them, whatever the territory', () => {
    expect(access.reaches(who({ sub: 'cm-1', roles: ['case_manager'], territory: 'T13' }), pathway())).toBe(true);
    expect(access.reaches(who({ sub: 'cm-2', roles: ['case_manager'], territory: 'T75' }), pathway())).toBe(false);
  });

  it('a supervisor and an intake coordinator: their territory; without a territory claim, nothing', () => {
    expect(access.reaches(who({ roles: ['supervisor'], territory: 'T75' }), pathway())).toBe(true);
    expect(access.reaches(who({ roles: ['intake'], territory: 'T13' }), pathway())).toBe(false);
    expect(access.reaches(who({ roles: ['supervisor'] }), pathway())).toBe(false);
  });

  it('a physician: pathways whose physician email is their email claim, in any case; never by sub alone', () => {
    expect(access.reaches(who({ roles: ['physician'], email: 'DR.D@cabinet.example' }), pathway())).toBe(true);
    expect(access.reaches(who({ sub: 'dr.d@cabinet.example', roles: ['physician'] }), pathway())).toBe(false);
    expect(access.reaches(who({ roles: ['physician'], email: 'other@cabinet.example' }), pathway())).toBe(false);
  });

  it("a care-team professional: the pathways whose current team lists their RPPS number; a list filter is 403", () => {
    const nurse = who({ roles: ['professional'], rpps: '10003456786' });
    const member = { id: 'm1', role: 'NURSE', name: 'Inès Robert', rpps: '10003456786', since: '2025-04-01T08:00:00Z' };
    expect(access.reaches(nurse, pathway({ careTeam: [member] }))).toBe(true);
    expect(access.memberOf(nurse, pathway({ careTeam: [member] }))).toEqual(member);
    expect(access.reaches(nurse, pathway({ careTeam: [{ ...member, rpps: '10000000000' }] }))).toBe(false);
    expect(access.reaches(nurse, pathway())).toBe(false);
    expect(access.listScope(nurse, {})).toEqual({ territories: [], caseManagerIds: [], physicianEmails: [], memberRpps: ['10003456786'] });
    expect(() => access.listScope(nurse, { territory: 'T75' })).toThrow(/care team you are in only/);
  });

  it('an admin: every pathway; a service identity or no role: none', () => {
    expect(access.reaches(who({ roles: ['admin'] }), pathway({ territory: 'T01' }))).toBe(true);
    expect(access.reaches(who({ roles: ['service'], territory: 'T75' }), pathway())).toBe(false);
    expect(() => access.listScope(who({ roles: ['service'] }), {})).toThrow(/no role that reaches pathways/);
    expect(access.reaches(who({ roles: [] }), pathway())).toBe(false);
  });

  it('a route reaches through the roles it admits only', () => {
    const supervisorAndCaseManager = who({ sub: 'cm-9', roles: ['supervisor', 'case_manager'], territory: 'T75' });
    expect(access.reaches(supervisorAndCaseManager, pathway(), ['case_manager'])).toBe(false);
    expect(access.reaches(supervisorAndCaseManager, pathway(), ['supervisor'])).toBe(true);
    expect(access.reaches(supervisorAndCaseManager, pathway({ caseManagerId: 'cm-9', territory: 'T13' }), ['case_manager'])).toBe(true);
  });
});

describe('the scope of a list', () => {
  it('is the union of what each role reaches; undefined (everything) for an admin', () => {
    expect(access.listScope(who({ sub: 'cm-9', roles: ['supervisor', 'case_manager'], territory: 'T75' }), {})).toEqual({
      territories: ['T75'],
      caseManagerIds: ['cm-9'],
      physicianEmails: [],
      memberRpps: [],
    });
    expect(access.listScope(who({ roles: ['admin'] }), { territory: 'T01' })).toBeUndefined();
  });

  it('is 403 for a filter no role of the caller can match', () => {
    expect(() => access.listScope(who({ roles: ['supervisor'], territory: 'T75' }), { territory: 'T13' })).toThrow(/reach territory T75 only/);
    expect(() => access.listScope(who({ sub: 'cm-1', roles: ['case_manager'] }), { caseManagerId: 'cm-2' })).toThrow(/your own caseload only/);
    expect(() => access.listScope(who({ roles: [] }), {})).toThrow(/no role that reaches pathways/);
    // A case manager who is also a supervisor may list another's caseload in their territory.
    expect(access.listScope(who({ sub: 'cm-1', roles: ['case_manager', 'supervisor'], territory: 'T75' }), { caseManagerId: 'cm-2' })).toBeDefined();
  });
});

describe('supervision lists', () => {
  it("are the supervisor's own territory; another one is 403", () => {
    expect(access.supervisedTerritory(who({ roles: ['supervisor'], territory: 'T75' }))).toBe('T75');
    expect(() => access.supervisedTerritory(who({ roles: ['supervisor'], territory: 'T75' }), 'T13')).toThrow(/supervise territory T75, not T13/);
    expect(() => access.supervisedTerritory(who({ roles: ['supervisor'] }))).toThrow(/no territory claim/);
  });
});
