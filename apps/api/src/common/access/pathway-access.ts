/**
 * Who reaches which pathway (API.md), in one place for every pathway route, lists included:
 * - a case manager: the pathways assigned to them (the projection's case manager is the token's `sub`);
 * - a supervisor and an intake coordinator: the pathways of the territory in their token;
 * - a physician: the pathways whose attending physician's email is the token's `email` claim (compared
 *   case-insensitively; from an OIDC issuer only when `email_verified`). Never the `sub`: an issuer
 *   vouches for a verified email, not for a subject that happens to look like one;
 * - an outside professional (a `professional`, signed in with their RPPS number): the pathways whose
 *   current care team lists a member with that number; a removed member reaches it no longer. What they
 *   read there is their part only (`professionalView`, PathwaysService);
 * - an admin: every pathway;
 * - a service identity: none (it is a machine; the codec endpoint has its own rule for it).
 * A caller holding several roles reaches the union; a route reaches through the roles it admits only
 * (a supervisor who is also a case manager records an assessment only on their own caseload).
 * A pathway out of reach is answered 404, exactly like an unknown one, so its existence does not leak.
 */
import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CareTeamMember, memberWithRpps } from '@pathway/domain';
import { findPathway, PathwayRecord, PathwayScope, PathwayWithPatient } from '@pathway/persistence';
import type { Principal, Role } from '../../auth/principal';
import { DATABASE } from '../../database/database.module';
import { forbidden, ProblemException } from '../problem';

type Reach = 'ALL' | { kind: 'territory' | 'caseload' | 'physician' | 'member' | 'none'; scope: Partial<PathwayScope> };

const REACH: Record<Role, (p: Principal) => Reach> = {
  admin: () => 'ALL',
  supervisor: (p) => ({ kind: 'territory', scope: { territories: p.territory ? [p.territory] : [] } }),
  intake: (p) => ({ kind: 'territory', scope: { territories: p.territory ? [p.territory] : [] } }),
  case_manager: (p) => ({ kind: 'caseload', scope: { caseManagerIds: [p.sub] } }),
  physician: (p) => ({
    kind: 'physician',
    scope: { physicianEmails: p.email ? [p.email.toLowerCase()] : [] },
  }),
  professional: (p) => ({ kind: 'member', scope: { memberRpps: p.rpps ? [p.rpps] : [] } }),
  service: () => ({ kind: 'none', scope: {} }),
};

/** A pathway's fields the rules look at (the projection row). */
type Reachable = Pick<PathwayRecord, 'territory' | 'caseManagerId' | 'summary'>;

@Injectable()
export class PathwayAccess {
  constructor(@Inject(DATABASE) private readonly db: DataSource) {}

  /** What the caller reaches through `through` (every role they hold when absent); undefined: everything. */
  scopeOf(principal: Principal, through?: readonly Role[]): PathwayScope | undefined {
    const reaches = this.reachesOf(principal, through);
    if (reaches.includes('ALL')) return undefined;
    const parts = reaches.filter((r): r is Exclude<Reach, 'ALL'> => r !== 'ALL');
    return {
      territories: parts.flatMap((r) => r.scope.territories ?? []),
      caseManagerIds: parts.flatMap((r) => r.scope.caseManagerIds ?? []),
      physicianEmails: parts.flatMap((r) => r.scope.physicianEmails ?? []),
      memberRpps: parts.flatMap((r) => r.scope.memberRpps ?? []),
    };
  }

  reaches(principal: Principal, pathway: Reachable, through?: readonly Role[]): boolean {
    const scope = this.scopeOf(principal, through);
    if (!scope) return true;
    const physicianEmail = physicianEmailOf(pathway.summary);
    return (
      scope.territories.includes(pathway.territory) ||
      (pathway.caseManagerId !== null && scope.caseManagerIds.includes(pathway.caseManagerId)) ||
      (physicianEmail !== undefined && scope.physicianEmails.includes(physicianEmail)) ||
      scope.memberRpps.some((rpps) => memberWithRpps(careTeamOf(pathway.summary), rpps) !== undefined)
    );
  }

  /** A `professional`'s own entry in the pathway's current care team (they reach no pathway without one). */
  memberOf(principal: Principal, pathway: Reachable): CareTeamMember | undefined {
    return principal.rpps ? memberWithRpps(careTeamOf(pathway.summary), principal.rpps) : undefined;
  }

  /** The pathway, if it exists and the caller reaches it through `through`; otherwise 404 (never 403: that would leak). */
  async reachable(principal: Principal, pathwayId: string, through?: readonly Role[]): Promise<PathwayWithPatient> {
    const pathway = await findPathway(this.db, pathwayId);
    if (!pathway || !this.reaches(principal, pathway, through)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `there is no pathway ${pathwayId}`);
    }
    return pathway;
  }

  /**
   * The scope of a list. Filters narrow it; a filter no part of the caller's reach can match (a
   * supervisor asking for another territory, a case manager for another's caseload) is 403, since a
   * filter value reveals nothing about any pathway.
   */
  listScope(principal: Principal, filter: { territory?: string; caseManagerId?: string }): PathwayScope | undefined {
    const reaches = this.reachesOf(principal).filter((r) => r === 'ALL' || r.kind !== 'none');
    if (reaches.length === 0) throw forbidden('your token carries no role that reaches pathways');
    if (reaches.includes('ALL')) return undefined;
    const parts = reaches.filter((r): r is Exclude<Reach, 'ALL'> => r !== 'ALL');
    const excluded = (r: Exclude<Reach, 'ALL'>): boolean =>
      (r.kind === 'territory' && (r.scope.territories?.length === 0 || (filter.territory !== undefined && !r.scope.territories?.includes(filter.territory)))) ||
      (r.kind === 'caseload' && filter.caseManagerId !== undefined && !r.scope.caseManagerIds?.includes(filter.caseManagerId)) ||
      (r.kind === 'physician' && r.scope.physicianEmails?.length === 0) ||
      (r.kind === 'member' && (filter.territory !== undefined || filter.caseManagerId !== undefined));
    if (parts.every(excluded)) {
      throw forbidden(`your roles (${principal.roles.join(', ')}) reach ${describe(principal)} only; this filter asks for pathways outside it`);
    }
    return this.scopeOf(principal);
  }

  /** A supervisor's territory for a supervision list: their own (the token's), never another one. */
  supervisedTerritory(principal: Principal, requested?: string): string {
    if (!principal.territory) throw forbidden('your token carries no territory claim: supervision lists are per territory');
    if (requested !== undefined && requested !== principal.territory) {
      throw forbidden(`you supervise territory ${principal.territory}, not ${requested}`);
    }
    return principal.territory;
  }

  /** Whether the caller may act on `territory` through `through` (an intake coordinator refers into their own territory). */
  assertTerritory(principal: Principal, territory: string, through: readonly Role[], what: string): void {
    const scope = this.scopeOf(principal, through);
    if (scope && !scope.territories.includes(territory)) {
      throw forbidden(principal.territory ? `you work in territory ${principal.territory}; ${what} in territory ${territory} is not yours to do` : `your token carries no territory claim; ${what} needs one`);
    }
  }

  private reachesOf(principal: Principal, through?: readonly Role[]): Reach[] {
    return principal.roles.filter((role) => !through || through.includes(role)).map((role) => REACH[role](principal));
  }
}

function physicianEmailOf(summary: unknown): string | undefined {
  const email = (summary as { physician?: { email?: unknown } } | null)?.physician?.email;
  return typeof email === 'string' ? email.toLowerCase() : undefined;
}

function careTeamOf(summary: unknown): CareTeamMember[] | undefined {
  const team = (summary as { careTeam?: unknown } | null)?.careTeam;
  return Array.isArray(team) ? (team as CareTeamMember[]) : undefined;
}

function describe(p: Principal): string {
  const parts = p.roles.map((role) =>
    role === 'case_manager' ? 'your own caseload' : role === 'physician' ? 'your own patients' : role === 'professional' ? "the pathways whose care team you are in" : role === 'admin' ? 'everything' : role === 'service' ? 'no pathway' : `territory ${p.territory ?? '(none in your token)'}`,
  );
  return [...new Set(parts)].join(' and ');
}
