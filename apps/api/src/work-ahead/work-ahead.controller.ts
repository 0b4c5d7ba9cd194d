/**
 * The case manager's week: their tasks ("Mes tâches"), the supervisor's forecast of due work, and the
 * private calendar feed of a case manager's appointments and deadlines (a secret URL, created, rotated
 * and revoked here; read without a token by the calendar application).
 */
import { Controller, Delete, Get, Header, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Public, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { CalendarFeedDto, CalendarFeedStatusDto, DueWorkForecastDto, ForecastQueryDto, TasksAheadDto } from './dto/work-ahead.dto';
import { CALENDAR_FEED_PATH, WorkAheadService } from './work-ahead.service';

/** The origin the caller reached the API at (what a calendar application and a browser must use again). */
function originOf(req: Request): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

@ApiTags('work ahead')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1')
export class WorkAheadController {
  constructor(private readonly work: WorkAheadService) {}

  @Get('tasks')
  @Roles('case_manager')
  @ApiOperation({
    summary: 'Mes tâches: what is overdue, due today, the rest of this week and next week across my caseload, with the booked appointments',
    description: "From the deadlines the workflows write to the projection (never recomputed); days and weeks in Paris time, weeks from Monday.",
  })
  @ApiOkResponse({ type: TasksAheadDto })
  tasks(@CurrentUser() user: Principal) {
    return this.work.tasks(user);
  }

  @Get('supervision/forecast')
  @Roles('supervisor')
  @ApiProblems(400)
  @ApiOperation({
    summary: 'Due work of the next weeks, week by week, for the territory and each case manager',
    description:
      'The deadlines the workflows hold (`due`) and the periodic ones the policy will start after them (`projected`: the follow-up ' +
      'contact every contactDue, the reassessment every reassessmentDue), so an overload shows before it comes.',
  })
  @ApiOkResponse({ type: DueWorkForecastDto })
  forecast(@Query() query: ForecastQueryDto, @CurrentUser() user: Principal) {
    return this.work.forecast(user, query);
  }

  @Post('calendar-feed')
  @Roles('case_manager')
  @ApiOperation({ summary: 'Create my calendar feed, or rotate it (a new secret URL; the previous one answers 404 from now on)' })
  @ApiCreatedResponse({ type: CalendarFeedDto })
  createCalendarFeed(@CurrentUser() user: Principal, @Req() req: Request) {
    return this.work.createCalendarFeed(user, originOf(req));
  }

  @Get('calendar-feed')
  @Roles('case_manager')
  @ApiOperation({ summary: 'Whether my calendar feed is active (its URL is shown only when created)' })
  @ApiOkResponse({ type: CalendarFeedStatusDto })
  calendarFeedStatus(@CurrentUser() user: Principal) {
    return this.work.calendarFeedStatus(user);
  }

  @Delete('calendar-feed')
  @Roles('case_manager')
  @HttpCode(204)
  @ApiProblems(404)
  @ApiOperation({ summary: 'Revoke my calendar feed: its URL answers 404 from now on' })
  @ApiNoContentResponse()
  async revokeCalendarFeed(@CurrentUser() user: Principal): Promise<void> {
    await this.work.revokeCalendarFeed(user);
  }
}

@ApiTags('work ahead')
@Controller(CALENDAR_FEED_PATH)
export class CalendarFeedController {
  constructor(private readonly work: WorkAheadService) {}

  @Get(':secret/calendar.ics')
  @Public()
  @Header('content-type', 'text/calendar; charset=utf-8')
  @Header('cache-control', 'private, no-store')
  @ApiProduces('text/calendar')
  @ApiParam({ name: 'secret', description: 'the secret of the URL POST /api/v1/calendar-feed answered' })
  @ApiOperation({
    summary: "A case manager's appointments and deadlines as iCalendar (no token: the secret URL is the credential; 404 once revoked or rotated)",
    description: 'Each event names only the kind of step and the pathway reference (the start of its id), and links to the pathway in the web app.',
  })
  @ApiProblems(404)
  calendar(@Param('secret') secret: string, @Req() req: Request) {
    return this.work.calendar(secret, originOf(req));
  }
}
