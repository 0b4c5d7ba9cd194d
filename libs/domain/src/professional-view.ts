/**
 * What an outside professional of the care team (a nurse, a specialist, the attending physician signed
 * in with Pro Santé Connect) reads of a pathway they belong to: who the person is, where the pathway
 * stands, their own member entry, the services of the plan they provide and the deadlines. Nothing of
 * the assessment (scores, notes), the other members, the episodes' details or the consent: the care
 * team is told its part, not the whole file (issue 18; PATHWAY.md "providers are notified of their part").
 */
import type { CareTeamMember } from './care-team';
import { servicesProvidedBy } from './care-team';
import type { PlanService } from './state';
import type { DeadlineView, PathwaySummary } from './summary';

export interface ProfessionalView {
  id: string;
  stage: PathwaySummary['stage'];
  stageSince: string;
  territory: string;
  patient: Pick<PathwaySummary['patient'], 'firstName' | 'lastName' | 'birthDate'>;
  /** Their own entry in the care team. */
  member: CareTeamMember;
  /** The plan's version and acknowledgement, and only the services this member provides. */
  plan?: { version: number; recordedAt: string; acknowledgedAt?: string; services: PlanService[] };
  deadlines: DeadlineView[];
  /** Why and when it closed; not the case manager's note. */
  closure?: { reason: NonNullable<PathwaySummary['closure']>['reason']; at: string };
}

/** The member of the care team holding that RPPS number, if any (a removed member is no longer in it). */
export function memberWithRpps(careTeam: readonly CareTeamMember[] | undefined, rpps: string): CareTeamMember | undefined {
  return (careTeam ?? []).find((m) => m.rpps === rpps);
}

/** The summary restricted to `member`'s part. */
export function professionalView(summary: PathwaySummary, member: CareTeamMember): ProfessionalView {
  const { plan } = summary;
  return {
    id: summary.id,
    stage: summary.stage,
    stageSince: summary.stageSince,
    territory: summary.territory,
    patient: { firstName: summary.patient.firstName, lastName: summary.patient.lastName, birthDate: summary.patient.birthDate },
    member,
    ...(plan
      ? {
          plan: {
            version: plan.version,
            recordedAt: plan.recordedAt,
            ...(plan.acknowledgedAt ? { acknowledgedAt: plan.acknowledgedAt } : {}),
            services: servicesProvidedBy(member.id, plan.services),
          },
        }
      : {}),
    deadlines: summary.deadlines,
    ...(summary.closure ? { closure: { reason: summary.closure.reason, at: summary.closure.at } } : {}),
  };
}
