/**
 * Providers told their part (PATHWAY.md: "named on the plan; notified of their part"): the care-team
 * member a plan service names gets a message when a plan version adds, changes or stops their service,
 * when a hospital stay suspends it and the discharge home restarts it, and when the pathway closes.
 *
 * What each one is told is decided by the step, on the state it changes, and carried in the event's
 * data (`providerChanges`, `suspendedProviders`, `restartedProviders`, `closedProviders`): the notices
 * follow from the event alone, as every other notification does. They carry the service (type,
 * frequency, start) and nothing of the person's health beyond what providing it needs.
 */
import { careTeamMember, memberAddress, servicesProvidedBy } from './care-team';
import type { ServiceType } from './input-types';
import type { RecipientRole } from './stages';
import type { PathwayEvent, PathwayState, PlanService } from './state';
import type { PathwaySummary } from './summary';

export const PROVIDER_NOTICE_KINDS = ['serviceAdded', 'serviceChanged', 'serviceStopped', 'servicesSuspended', 'servicesRestarted'] as const;
export type ProviderNoticeKind = (typeof PROVIDER_NOTICE_KINDS)[number];

/** What a provider is told of one service: no status, no note, nothing of the assessment. */
export interface ProvidedService {
  type: ServiceType;
  frequency: string;
  startsAt: string;
}

/** A provider's part at a step: who, and the services of theirs the step is about. */
export interface ProviderPart {
  memberId: string;
  services: ProvidedService[];
}

export interface ProviderChange extends ProviderPart {
  change: 'ADDED' | 'CHANGED' | 'STOPPED';
}

function provided(svc: PlanService): ProvidedService {
  return { type: svc.type, frequency: svc.frequency, startsAt: svc.startsAt };
}

function byProvider(services: readonly PlanService[] | undefined): Map<string, PlanService[]> {
  const parts = new Map<string, PlanService[]>();
  for (const svc of services ?? []) {
    if (svc.providerMemberId === undefined || svc.status === 'STOPPED') continue;
    parts.set(svc.providerMemberId, [...(parts.get(svc.providerMemberId) ?? []), svc]);
  }
  return parts;
}

/** Each provider of these services (not stopped) with their own; undefined when none names a provider. */
export function providerParts(services: readonly PlanService[] | undefined): ProviderPart[] | undefined {
  const parts = [...byProvider(services)].map(([memberId, own]) => ({ memberId, services: own.map(provided) }));
  return parts.length ? parts : undefined;
}

const sameServices = (a: PlanService[], b: PlanService[]) =>
  JSON.stringify(a.map(provided).sort(order)) === JSON.stringify(b.map(provided).sort(order));
const order = (x: ProvidedService, y: ProvidedService) => `${x.type}${x.startsAt}${x.frequency}`.localeCompare(`${y.type}${y.startsAt}${y.frequency}`);

/**
 * From one plan version to the next, per provider: a service of theirs added (they had none), changed
 * (other services, frequency or start), or stopped (they have none left). A provider whose part is the
 * same is not written to. Undefined when no provider is concerned.
 */
export function providerChanges(previous: readonly PlanService[] | undefined, next: readonly PlanService[]): ProviderChange[] | undefined {
  const before = byProvider(previous);
  const after = byProvider(next);
  const changes: ProviderChange[] = [];
  for (const [memberId, own] of after) {
    const had = before.get(memberId);
    if (!had) changes.push({ memberId, change: 'ADDED', services: own.map(provided) });
    else if (!sameServices(had, own)) changes.push({ memberId, change: 'CHANGED', services: own.map(provided) });
  }
  for (const [memberId, had] of before) {
    if (!after.has(memberId)) changes.push({ memberId, change: 'STOPPED', services: had.map(provided) });
  }
  return changes.length ? changes : undefined;
}

/** One notice to one provider, in the outbox's shape (notifications.ts adds them to the others). */
export interface ProviderNotice {
  kind: ProviderNoticeKind | 'pathwayClosed';
  recipientRole: Extract<RecipientRole, 'provider'>;
  memberId: string;
  discriminator: string;
  recipientAddress?: string;
  data: Record<string, unknown>;
}

const CHANGE_KIND: Record<ProviderChange['change'], ProviderNoticeKind> = { ADDED: 'serviceAdded', CHANGED: 'serviceChanged', STOPPED: 'serviceStopped' };

/** The provider notices one timeline event calls for. */
export function providerNoticesFor(state: PathwayState, event: PathwayEvent): ProviderNotice[] {
  const d = event.data;
  const notice = (kind: ProviderNotice['kind'], part: ProviderPart, discriminator: string, data: Record<string, unknown> = {}): ProviderNotice => {
    const member = careTeamMember(state, part.memberId);
    return {
      kind,
      recipientRole: 'provider',
      memberId: part.memberId,
      discriminator: `${discriminator}:${part.memberId}`,
      recipientAddress: memberAddress(member),
      data: { memberId: part.memberId, providerName: member?.name, services: part.services, ...data },
    };
  };
  switch (event.type) {
    case 'PLAN_RECORDED':
      return ((d.providerChanges as ProviderChange[] | undefined) ?? []).map((c) => notice(CHANGE_KIND[c.change], c, `v${d.version as number}`, { version: d.version }));
    case 'HOSPITAL_ADMISSION':
      return ((d.suspendedProviders as ProviderPart[] | undefined) ?? []).map((p) => notice('servicesSuspended', p, String(event.seq), { since: d.admittedAt }));
    case 'HOSPITAL_DISCHARGE':
      return ((d.restartedProviders as ProviderPart[] | undefined) ?? []).map((p) => notice('servicesRestarted', p, String(event.seq), { dischargedAt: d.dischargedAt }));
    case 'PATHWAY_CLOSED':
      return ((d.closedProviders as ProviderPart[] | undefined) ?? []).map((p) => notice('pathwayClosed', p, String(event.seq), { reason: d.reason }));
    default:
      return [];
  }
}

/** True for a kind only a provider receives (the workflow patches their hand-over, see pathway.workflow.ts). */
export function isProviderNotice(n: { recipientRole: string }): boolean {
  return n.recipientRole === 'provider';
}

/**
 * Is a provider's notice still true when it is about to go out (reminder-relevance.ts)? A member no
 * longer in the team is not written to; a service added or changed must still be theirs in the plan as
 * it is now, a stopped one must still be stopped; a suspension holds while the person is in hospital,
 * a restart while they are not. Undefined for a kind that is not a provider's.
 */
export function providerNoticeStillWanted(kind: string, payload: Record<string, unknown>, summary: Partial<PathwaySummary>): { send: true } | { send: false; reason: string } | undefined {
  if (!(PROVIDER_NOTICE_KINDS as readonly string[]).includes(kind)) return undefined;
  const memberId = typeof payload.memberId === 'string' ? payload.memberId : undefined;
  if (summary.careTeam && !summary.careTeam.some((m) => m.id === memberId)) return { send: false, reason: `member ${String(memberId)} has left the care team since` };
  const providesNow = memberId !== undefined && servicesProvidedBy(memberId, summary.plan?.services).length > 0;
  const inHospital = Boolean(summary.episodes?.hospitalization);
  switch (kind as ProviderNoticeKind) {
    case 'serviceAdded':
    case 'serviceChanged':
      return providesNow ? { send: true } : { send: false, reason: `a later plan version no longer has ${String(memberId)} provide a service` };
    case 'serviceStopped':
      return providesNow ? { send: false, reason: `a later plan version has ${String(memberId)} provide a service again` } : { send: true };
    case 'servicesSuspended':
      return inHospital ? { send: true } : { send: false, reason: 'the patient has left hospital since' };
    case 'servicesRestarted':
      return inHospital ? { send: false, reason: 'the patient is in hospital again' } : { send: true };
  }
}
