/**
 * The care team (cercle de soins) of a pathway: the professionals, services and close people around the
 * person, each with a role, a name, how to reach them and, for a health professional or a facility, its
 * national identifier (professional-ids.ts). A plan's service names the member who provides it, so each
 * provider can be told their part (provider-notices.ts).
 *
 * The referral's physician and caregiver are members from the start: a pathway whose state holds no team
 * yet (every pathway referred before the team existed, and every new one until its first team step) reads
 * its team from the referral (`careTeamOf`), with the fixed ids `physician` and `caregiver`; the first
 * team step writes that team into the state and changes it. Reading it so changes no workflow command,
 * which is why no patch guards it (the provider notices, which do add activity calls, are patched).
 */
import type { CommandOf } from './commands';
import type { Step } from './decision-context';
import { emit } from './effects';
import { addProblem, FieldError, oneOf, optionalText, requireId, requireText } from './field-checks';
import type { PlanServiceInput, ReferralInput } from './input-types';
import { finessProblem, rppsProblem } from './professional-ids';
import type { PathwayState, PlanService } from './state';

export const CARE_TEAM_ROLES = [
  'ATTENDING_PHYSICIAN',
  'SPECIALIST',
  'NURSE',
  'SSIAD',
  'SAAD',
  'DAY_CARE',
  'TEMPORARY_ACCOMMODATION',
  'EHPAD',
  'HOSPITAL_TEAM',
  'LEGAL_REPRESENTATIVE',
  'CAREGIVER',
] as const;
export type CareTeamRole = (typeof CARE_TEAM_ROLES)[number];

/** People registered in the RPPS (an RPPS number is theirs alone). */
export const HEALTH_PROFESSIONAL_ROLES: readonly CareTeamRole[] = ['ATTENDING_PHYSICIAN', 'SPECIALIST', 'NURSE'];
/** Services and facilities registered in FINESS. */
export const FACILITY_ROLES: readonly CareTeamRole[] = ['SSIAD', 'SAAD', 'DAY_CARE', 'TEMPORARY_ACCOMMODATION', 'EHPAD', 'HOSPITAL_TEAM'];
/** One attending physician (médecin traitant) and one legal representative at a time; several of every other role. */
export const ONE_PER_TEAM_ROLES: readonly CareTeamRole[] = ['ATTENDING_PHYSICIAN', 'LEGAL_REPRESENTATIVE'];

export interface CareTeamMemberInput {
  role: CareTeamRole;
  name: string;
  email?: string;
  /** A secure health messaging address (MSSanté). */
  secureMessaging?: string;
  phone?: string;
  /** Health professionals: their RPPS number. */
  rpps?: string;
  /** Facilities and services: their FINESS number. */
  finess?: string;
  /** A caregiver's or a legal representative's relationship to the person. */
  relationship?: string;
}

export interface CareTeamMember extends CareTeamMemberInput {
  /** `physician` and `caregiver` for the referral's; `m1`, `m2`, … for those added (deterministic, so replay gives the same). */
  id: string;
  since: string;
}

export type CareTeamCommandType = 'addCareTeamMember' | 'updateCareTeamMember' | 'removeCareTeamMember';

/** The referral's physician and caregiver, as members. */
export function careTeamFromReferral(referral: ReferralInput): CareTeamMember[] {
  const since = referral.referral.referredAt;
  const team: CareTeamMember[] = [{ id: 'physician', role: 'ATTENDING_PHYSICIAN', name: referral.physician.name, email: referral.physician.email, since }];
  const caregiver = referral.caregiver;
  if (caregiver) {
    team.push({ id: 'caregiver', role: 'CAREGIVER', name: caregiver.name, email: caregiver.email, phone: caregiver.phone, relationship: caregiver.relationship, since });
  }
  return team.map(dropUndefined);
}

export function careTeamOf(state: Pick<PathwayState, 'careTeam' | 'referral'>): CareTeamMember[] {
  return state.careTeam ?? careTeamFromReferral(state.referral);
}

export function careTeamMember(state: Pick<PathwayState, 'careTeam' | 'referral'>, memberId: string | undefined): CareTeamMember | undefined {
  return memberId === undefined ? undefined : careTeamOf(state).find((m) => m.id === memberId);
}

/** Where a member is written to: their e-mail, else their secure messaging address (an e-mail address too). */
export function memberAddress(member: CareTeamMember | undefined): string | undefined {
  return member?.email ?? member?.secureMessaging;
}

const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optionalAddress(errors: FieldError[], field: string, value: unknown): void {
  optionalText(errors, field, value, 320);
  if (typeof value === 'string' && value.length <= 320 && !ADDRESS.test(value)) errors.push({ field, message: `${field} (${value}) is not an e-mail address` });
}

/** The field rules of one member (`prefix`: where it sits in the body, e.g. `member`). */
export function validateCareTeamMember(member: CareTeamMemberInput, prefix = 'member'): FieldError[] {
  const errors: FieldError[] = [];
  const f = (name: string) => `${prefix}.${name}`;
  if (typeof member !== 'object' || member === null) return [{ field: prefix, message: `${prefix} is required` }];
  oneOf(errors, f('role'), member.role, CARE_TEAM_ROLES);
  requireText(errors, f('name'), member.name, 200);
  optionalAddress(errors, f('email'), member.email);
  optionalAddress(errors, f('secureMessaging'), member.secureMessaging);
  optionalText(errors, f('phone'), member.phone, 50);
  if (typeof member.phone === 'string' && member.phone.length <= 50 && !/^\+?[\d .()-]{6,}$/.test(member.phone)) {
    errors.push({ field: f('phone'), message: `${f('phone')} (${member.phone}) is not a phone number` });
  }
  optionalText(errors, f('relationship'), member.relationship, 200);
  if (!member.email && !member.secureMessaging && !member.phone) {
    errors.push({ field: prefix, message: `${prefix} needs a way to be reached: email, secureMessaging or phone` });
  }
  if (member.rpps !== undefined && member.rpps !== null) {
    if (!HEALTH_PROFESSIONAL_ROLES.includes(member.role)) errors.push({ field: f('rpps'), message: `${f('rpps')}: only a health professional (${HEALTH_PROFESSIONAL_ROLES.join(', ')}) has an RPPS number` });
    else addProblem(errors, rppsProblem(f('rpps'), member.rpps));
  }
  if (member.finess !== undefined && member.finess !== null) {
    if (!FACILITY_ROLES.includes(member.role)) errors.push({ field: f('finess'), message: `${f('finess')}: only a facility or service (${FACILITY_ROLES.join(', ')}) has a FINESS number` });
    else addProblem(errors, finessProblem(f('finess'), member.finess));
  }
  return errors;
}

/** The field rules of a care-team step (step-fields.ts runs them with the others). */
export function validateCareTeamInput(command: CommandOf<CareTeamCommandType>): FieldError[] {
  switch (command.type) {
    case 'addCareTeamMember':
      return validateCareTeamMember(command.member);
    case 'updateCareTeamMember': {
      const errors: FieldError[] = [];
      requireId(errors, 'memberId', command.memberId);
      return [...errors, ...validateCareTeamMember(command.member)];
    }
    case 'removeCareTeamMember': {
      const errors: FieldError[] = [];
      requireId(errors, 'memberId', command.memberId);
      optionalText(errors, 'note', command.note);
      return errors;
    }
  }
}

/** A plan's services name members of the team (`services[i].providerMemberId`), when they name one. */
export function planProviderProblems(state: PathwayState, services: PlanServiceInput[]): FieldError[] {
  const team = careTeamOf(state);
  return services.flatMap((svc, i) =>
    svc.providerMemberId === undefined || team.some((m) => m.id === svc.providerMemberId)
      ? []
      : [{ field: `services[${i}].providerMemberId`, message: `services[${i}].providerMemberId (${svc.providerMemberId}) is not a member of the care team` }],
  );
}

/** The services of the plan that a member provides and that have not stopped. */
export function servicesProvidedBy(memberId: string, services: readonly PlanService[] | undefined): PlanService[] {
  return (services ?? []).filter((svc) => svc.providerMemberId === memberId && svc.status !== 'STOPPED');
}

function holderOf(team: CareTeamMember[], role: CareTeamRole, except?: string): CareTeamMember | undefined {
  return ONE_PER_TEAM_ROLES.includes(role) ? team.find((m) => m.role === role && m.id !== except) : undefined;
}

function nextMemberId(s: PathwayState): string {
  s.idSeq = { respite: s.idSeq?.respite ?? 0, nursingHome: s.idSeq?.nursingHome ?? 0, careTeam: (s.idSeq?.careTeam ?? 0) + 1 };
  return `m${s.idSeq.careTeam}`;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function memberFields(input: CareTeamMemberInput): CareTeamMemberInput {
  const { role, name, email, secureMessaging, phone, rpps, finess, relationship } = input;
  return dropUndefined({ role, name, email, secureMessaging, phone, rpps, finess, relationship });
}

export const CARE_TEAM_STEPS: { [T in CareTeamCommandType]: Step<T> } = {
  addCareTeamMember(s, c, ctx, events) {
    const team = careTeamOf(s);
    const holder = holderOf(team, c.member.role);
    if (holder) return `the care team already has a ${c.member.role} (${holder.name}, member ${holder.id}): change that member instead`;
    const member: CareTeamMember = { ...memberFields(c.member), id: nextMemberId(s), since: ctx.now.toISOString() };
    s.careTeam = [...team, member];
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CARE_TEAM_MEMBER_ADDED', { memberId: member.id, member });
  },

  updateCareTeamMember(s, c, ctx, events) {
    const team = careTeamOf(s);
    const current = team.find((m) => m.id === c.memberId);
    if (!current) return `there is no member ${c.memberId} in the care team`;
    const holder = holderOf(team, c.member.role, current.id);
    if (holder) return `the care team already has a ${c.member.role} (${holder.name}, member ${holder.id})`;
    if (current.role === 'ATTENDING_PHYSICIAN' && c.member.role !== 'ATTENDING_PHYSICIAN') {
      return 'the attending physician stays the attending physician: add the new role as another member';
    }
    const member: CareTeamMember = { ...memberFields(c.member), id: current.id, since: current.since };
    const changed = (Object.keys({ ...current, ...member }) as (keyof CareTeamMember)[]).filter((k) => current[k] !== member[k]);
    if (!changed.length) return `member ${c.memberId} already reads so: nothing to change`;
    s.careTeam = team.map((m) => (m.id === current.id ? member : m));
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CARE_TEAM_MEMBER_CHANGED', { memberId: member.id, member, changed });
  },

  removeCareTeamMember(s, c, ctx, events) {
    const team = careTeamOf(s);
    const current = team.find((m) => m.id === c.memberId);
    if (!current) return `there is no member ${c.memberId} in the care team`;
    if (current.role === 'ATTENDING_PHYSICIAN') return 'the attending physician cannot be removed: change the member to the new attending physician instead';
    const provided = servicesProvidedBy(current.id, s.plan?.services);
    if (provided.length) {
      return `${current.name} provides ${provided.map((svc) => svc.type).join(', ')} in plan version ${s.plan?.version}: record a plan without them first`;
    }
    s.careTeam = team.filter((m) => m.id !== current.id);
    emit(s, events, ctx.now.toISOString(), ctx.actor, 'CARE_TEAM_MEMBER_REMOVED', { memberId: current.id, role: current.role, name: current.name, note: c.note });
  },
};
