import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { forecastDueWork, PathwayPolicy, tasksAhead, TasksAhead } from '@pathway/domain';
import { pathwayPolicy } from '@pathway/config';
import {
  caseManagerOfCalendarSecret,
  findCalendarFeed,
  listCaseManagersWithCaseload,
  openPathwaysWork,
  revokeCalendarFeed,
  setCalendarFeed,
} from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { notFound } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { deadlineLabelFr } from './deadline-labels';
import { CalendarFeedDto, CalendarFeedStatusDto, DueWorkForecastDto } from './dto/work-ahead.dto';
import { renderCalendar } from './icalendar';

export const CALENDAR_FEED_PATH = 'api/v1/calendar-feeds';

/**
 * The case manager's work ahead, from the projection the workflows write (libs/persistence
 * work-ahead-reads.ts): their tasks, the supervisor's forecast, and the calendar feed.
 */
@Injectable()
export class WorkAheadService {
  /** The territory's policy, as the API refers pathways with it: the forecast projects periodic clocks with it. */
  private readonly policy: PathwayPolicy = pathwayPolicy();

  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
  ) {}

  /** "Mes tâches": a case manager's own caseload (the token's `sub` is their id). */
  async tasks(principal: Principal, now = new Date()): Promise<TasksAhead> {
    return tasksAhead(await openPathwaysWork(this.db, { caseManagerId: principal.sub }), now);
  }

  async forecast(principal: Principal, query: { territory?: string; weeks?: number }, now = new Date()): Promise<DueWorkForecastDto> {
    const territory = this.access.supervisedTerritory(principal, query.territory);
    const [pathways, caseManagers] = await Promise.all([openPathwaysWork(this.db, { territory }), listCaseManagersWithCaseload(this.db, { territory })]);
    const forecast = forecastDueWork(pathways, this.policy, now, query.weeks ?? 13);
    const empty = forecast.territory.map((w) => ({ weekStart: w.weekStart, due: 0, projected: 0, total: 0 }));
    const rows = new Map(forecast.caseManagers.map((row) => [row.caseManagerId, row]));
    // Every case manager of the territory, those with nothing due too (the one with room is the answer to overload).
    const staffed = caseManagers.map((cm) => ({ caseManagerId: cm.id, active: cm.active, capacity: cm.capacity, weeks: rows.get(cm.id)?.weeks ?? empty }));
    const others = forecast.caseManagers.filter((row) => row.caseManagerId === undefined || !caseManagers.some((cm) => cm.id === row.caseManagerId));
    return { territory, from: forecast.from, weeks: forecast.weeks, totals: forecast.territory, caseManagers: [...staffed, ...others] };
  }

  // ---- the calendar feed --------------------------------------------------------------------------

  /** Creates the feed, or rotates it: a new secret, the old URL answers 404 from now on. */
  async createCalendarFeed(principal: Principal, origin: string): Promise<CalendarFeedDto> {
    // 32 random bytes: the URL is the only credential, as for any calendar subscription.
    const secret = randomBytes(32).toString('base64url');
    const { createdAt } = await setCalendarFeed(this.db, principal.sub, secret, principal.sub);
    return { url: `${origin}/${CALENDAR_FEED_PATH}/${secret}/calendar.ics`, createdAt: createdAt.toISOString() };
  }

  async calendarFeedStatus(principal: Principal): Promise<CalendarFeedStatusDto> {
    const feed = await findCalendarFeed(this.db, principal.sub);
    return feed ? { active: true, createdAt: feed.createdAt.toISOString() } : { active: false };
  }

  async revokeCalendarFeed(principal: Principal): Promise<void> {
    if (!(await revokeCalendarFeed(this.db, principal.sub))) throw notFound('you have no calendar feed');
  }

  /** The feed a secret opens; an unknown (revoked, rotated) secret is 404, like any unknown URL. */
  async calendar(secret: string, origin: string, now = new Date()): Promise<string> {
    const caseManagerId = /^[A-Za-z0-9_-]{43}$/.test(secret) ? await caseManagerOfCalendarSecret(this.db, secret) : undefined;
    if (!caseManagerId) throw notFound('no such calendar');
    const pathways = await openPathwaysWork(this.db, { caseManagerId });
    return renderCalendar(pathways, { caseManagerId, appUrl: origin, now, deadlineLabel: deadlineLabelFr });
  }
}
