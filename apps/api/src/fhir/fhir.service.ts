/**
 * The FHIR face's reads: one pathway's file from what the REST API shows (the live summary, the
 * timeline, the outbox), lists in SQL over the projection (searchPathways, searchDeadlines), always
 * within the caller's reach (common/access), so FHIR shows no one more than the REST API would.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PathwayStage, PathwaySummary } from '@pathway/domain';
import { listReminders, listTimeline, PathwayScope, PathwayWithPatient, searchDeadlines, searchPathways, stageEvents } from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import type { AuditContext } from '../common/audit/audit-context';
import { badRequest, notFound } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { PathwaysService } from '../pathways/pathways.service';
import { searchset } from './bundle';
import { SERVED } from './capability-statement';
import { episodeOfCare, EpisodeStatus } from './episode-of-care';
import { patientResource } from './patient';
import { pathwayResources } from './pathway-file';
import { pathwayOfId, Resource } from './resources';
import { assertKnown, dateRange, MAX_COUNT, ownerId, paging, patientIdentifier, Query, referenceId, tokens } from './search';
import { deadlineTask } from './task';

/** What a search needs of its request: where it was asked, who asks, and the audit row to fill. */
export interface SearchContext {
  base: string;
  selfUrl: URL;
  principal: Principal;
  audit?: AuditContext;
}

const EPISODE_STATUSES: EpisodeStatus[] = ['planned', 'waitlist', 'active', 'finished', 'cancelled'];

const STAGES_OF: Record<Exclude<EpisodeStatus, 'finished' | 'cancelled'>, PathwayStage[]> = {
  planned: ['REFERRED'],
  waitlist: ['AWAITING_ASSIGNMENT'],
  active: ['ASSESSMENT', 'PLANNING', 'PLAN_VALIDATION', 'FOLLOW_UP', 'INSTITUTIONALIZED'],
};

@Injectable()
export class FhirService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
    private readonly pathways: PathwaysService,
  ) {}

  /** One resource by type and id; 404 when it does not exist or is out of the caller's reach. */
  async read(type: string, id: string, principal: Principal, audit?: AuditContext): Promise<Resource> {
    if (!SERVED.some((s) => s.type === type)) throw notFound(`this server serves no ${type} resources (see /fhir/R4/metadata)`);
    if (type === 'Patient') {
      const pathways = await this.patientPathways(id, principal, audit);
      return this.patientOf(pathways[0], pathways);
    }
    const pathwayId = pathwayOfId(id);
    if (!pathwayId) throw notFound(`there is no ${type}/${id}`);
    if (audit) audit.pathwayId = pathwayId;
    const pathway = await this.access.reachable(principal, pathwayId);
    const found = (await this.fileOf(pathway)).find((r) => r.resourceType === type && r.id === id);
    if (!found) throw notFound(`there is no ${type}/${id}`);
    return found;
  }

  /** Patient/{id}/$everything: the person and, for every pathway of theirs in reach, all its resources. */
  async everything(patientId: string, ctx: SearchContext): Promise<Resource> {
    const pathways = await this.patientPathways(patientId, ctx.principal, ctx.audit);
    const resources = [this.patientOf(pathways[0], pathways)];
    for (const pathway of pathways) resources.push(...(await this.fileOf(pathway)));
    if (ctx.audit) ctx.audit.listed = pathways.map((p) => p.id);
    return searchset(ctx.base, resources);
  }

  async search(type: string, query: Query, ctx: SearchContext): Promise<Resource> {
    if (type === 'EpisodeOfCare') return this.searchEpisodes(query, ctx);
    if (type === 'Task') return this.searchTasks(query, ctx);
    if (type === 'Patient') return this.searchPatients(query, ctx);
    throw notFound(SERVED.some((s) => s.type === type) ? `${type} is read by id only; search it through Patient/{id}/$everything` : `this server serves no ${type} resources (see /fhir/R4/metadata)`);
  }

  private async searchEpisodes(query: Query, ctx: SearchContext): Promise<Resource> {
    assertKnown(query, ['patient', 'status', 'care-manager', '_include']);
    const include = (query._include === undefined ? [] : [query._include].flat()) as string[];
    for (const i of include) if (i !== 'EpisodeOfCare:patient') throw badInclude(i);
    const statuses = tokens(query, 'status') as EpisodeStatus[] | undefined;
    const unknown = statuses?.find((s) => !EPISODE_STATUSES.includes(s));
    if (unknown !== undefined) throw badRequest(`status ${unknown} is not an EpisodeOfCare status`, [{ field: 'status', message: `status must be among ${EPISODE_STATUSES.join(', ')}` }]);
    const { count, offset } = paging(query);
    const updated = dateRange(query, '_lastUpdated');
    const page = await searchPathways(this.db, {
      patientId: referenceId(query, 'patient', 'Patient'),
      caseManagerId: referenceId(query, 'care-manager', 'Practitioner'),
      ...(statuses ? byStatus(statuses) : {}),
      updatedFrom: updated.from,
      updatedBefore: updated.before,
      scope: this.scope(ctx.principal),
      limit: count,
      offset,
    });
    // A list reads the projection (its summary, its stage events in one query), never the workflows one by one.
    const events = await stageEvents(this.db, page.items.map((p) => p.id));
    const episodes = page.items.map((p) => episodeOfCare(p, p.summary as PathwaySummary, events.get(p.id) ?? [], p.patientId));
    const patients = include.length ? uniqueBy(page.items, (p) => p.patientId).map((p) => this.patientOf(p, [p])) : [];
    if (ctx.audit) ctx.audit.listed = page.items.map((p) => p.id);
    return searchset(ctx.base, episodes, patients, { selfUrl: ctx.selfUrl, count, offset, total: page.total });
  }

  private async searchTasks(query: Query, ctx: SearchContext): Promise<Resource> {
    assertKnown(query, ['owner', 'owner:identifier', 'status', 'business-status', 'period', 'patient', 'focus']);
    const { count, offset } = paging(query);
    const statuses = tokens(query, 'status');
    const business = tokens(query, 'business-status');
    const due = dateRange(query, 'period');
    const updated = dateRange(query, '_lastUpdated');
    const overdue = business && business.length === 1 ? business[0] === 'overdue' : undefined;
    // A running deadline is in progress: asking for any other status (or none of overdue/on-time) matches nothing.
    const nothing = (statuses && !statuses.includes('in-progress')) || (business && !business.some((b) => b === 'overdue' || b === 'on-time'));
    const page = nothing
      ? { items: [], total: 0 }
      : await searchDeadlines(this.db, {
          caseManagerId: ownerId(query),
          patientId: referenceId(query, 'patient', 'Patient'),
          pathwayId: referenceId(query, 'focus', 'EpisodeOfCare'),
          overdue,
          dueFrom: due.from,
          dueBefore: due.before,
          updatedFrom: updated.from,
          updatedBefore: updated.before,
          scope: this.scope(ctx.principal),
          limit: count,
          offset,
        });
    if (ctx.audit) ctx.audit.listed = [...new Set(page.items.map((d) => d.pathwayId))];
    return searchset(ctx.base, page.items.map(deadlineTask), [], { selfUrl: ctx.selfUrl, count, offset, total: page.total });
  }

  /** By identifier: the people in reach holding it (one per patient, whatever their number of pathways). */
  private async searchPatients(query: Query, ctx: SearchContext): Promise<Resource> {
    assertKnown(query, ['identifier']);
    const identifier = patientIdentifier(query);
    const { count, offset } = paging(query);
    const found = await searchPathways(this.db, { ...identifier, scope: this.scope(ctx.principal), limit: MAX_COUNT, offset: 0 });
    const byPatient = new Map<string, PathwayWithPatient[]>();
    for (const p of found.items) byPatient.set(p.patientId, [...(byPatient.get(p.patientId) ?? []), p]);
    const patients = [...byPatient.values()].map((ps) => this.patientOf(ps[0], ps));
    if (ctx.audit) ctx.audit.listed = found.items.map((p) => p.id);
    return searchset(ctx.base, patients.slice(offset, offset + count), [], { selfUrl: ctx.selfUrl, count, offset, total: patients.length });
  }

  /** The patient's pathways the caller reaches, oldest first; 404 if none (unknown, or out of reach: the same answer). */
  private async patientPathways(patientId: string, principal: Principal, audit?: AuditContext): Promise<PathwayWithPatient[]> {
    const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(patientId);
    const reached = isUuid ? await searchPathways(this.db, { patientId, scope: this.scope(principal), limit: MAX_COUNT, offset: 0 }) : { items: [], total: 0 };
    if (reached.items.length === 0) {
      // Recorded as a denial when the person exists, like a pathway out of reach on the REST API.
      if (isUuid && audit && (await searchPathways(this.db, { patientId, limit: 1, offset: 0 })).total > 0) audit.outOfReach = true;
      throw notFound(`there is no Patient/${patientId}`);
    }
    return reached.items;
  }

  private patientOf(pathway: PathwayWithPatient, pathways: PathwayWithPatient[]): Resource {
    const lastUpdated = new Date(Math.max(...pathways.map((p) => p.updatedAt.getTime())));
    return patientResource(pathway.patient, lastUpdated);
  }

  /** Every resource of one pathway but its Patient. */
  private async fileOf(pathway: PathwayWithPatient): Promise<Resource[]> {
    const [summary, timeline, deadlines, reminders] = await Promise.all([
      this.pathways.summary(pathway),
      listTimeline(this.db, pathway.id),
      searchDeadlines(this.db, { pathwayId: pathway.id, limit: MAX_COUNT, offset: 0 }),
      listReminders(this.db, { pathwayId: pathway.id }),
    ]);
    return pathwayResources({ pathway, summary, timeline, deadlines: deadlines.items, reminders });
  }

  private scope(principal: Principal): PathwayScope | undefined {
    return this.access.scopeOf(principal);
  }
}

function byStatus(statuses: EpisodeStatus[]): { stages: string[]; closed?: 'all' | 'assigned' | 'unassigned' } {
  const stages = statuses.flatMap((s) => STAGES_OF[s as keyof typeof STAGES_OF] ?? []);
  const finished = statuses.includes('finished');
  const cancelled = statuses.includes('cancelled');
  return { stages, ...(finished && cancelled ? { closed: 'all' as const } : finished ? { closed: 'assigned' as const } : cancelled ? { closed: 'unassigned' as const } : {}) };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(key(item)) && Boolean(seen.add(key(item))));
}

function badInclude(value: string) {
  return badRequest(`_include=${value} is not supported; EpisodeOfCare:patient is`, [{ field: '_include', message: `_include=${value} is not supported (EpisodeOfCare:patient is)` }]);
}
