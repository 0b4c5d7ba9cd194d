/** "Mes tâches", the supervisor's forecast and the calendar feed (libs/domain work-ahead.ts), for the OpenAPI document. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppointmentViewDto } from '../../pathways/dto/appointment-view.dto';
import { DeadlineDto } from '../../pathways/dto/pathway-summary.dto';

export class DueTaskDto extends DeadlineDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
}

export class AgendaItemDto extends AppointmentViewDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
}

export class TaskBucketDto {
  @ApiProperty({ type: [DueTaskDto], description: 'deadlines the workflows hold, soonest first' }) deadlines!: DueTaskDto[];
  @ApiProperty({ type: [AgendaItemDto], description: 'booked appointments, soonest first' }) appointments!: AgendaItemDto[];
}

export class TasksAheadDto {
  @ApiProperty({ example: '2026-12-02', description: 'today, in Paris' }) today!: string;
  @ApiProperty({ example: '2026-11-30', description: 'Monday of this week' }) thisWeekStart!: string;
  @ApiProperty({ example: '2026-12-07', description: 'Monday of next week' }) nextWeekStart!: string;
  @ApiProperty({ type: [DueTaskDto], description: 'deadlines passed, most overdue first' }) overdue!: DueTaskDto[];
  @ApiProperty({ type: TaskBucketDto, description: 'due today (and booked appointments of today or left over from earlier days)' }) dueToday!: TaskBucketDto;
  @ApiProperty({ type: TaskBucketDto, description: 'the rest of this week, after today' }) thisWeek!: TaskBucketDto;
  @ApiProperty({ type: TaskBucketDto }) nextWeek!: TaskBucketDto;
}

export class ForecastWeekDto {
  @ApiProperty({ example: '2026-11-30', description: 'Monday of the week' }) weekStart!: string;
  @ApiProperty({ description: 'deadlines the workflows hold that fall due that week' }) due!: number;
  @ApiProperty({ description: 'periodic deadlines (follow-up contact, reassessment) the policy will start by then' }) projected!: number;
  @ApiProperty() total!: number;
}

export class ForecastRowDto {
  @ApiPropertyOptional({ example: 'cm-louise', description: 'absent: the pathways no case manager holds (the waiting list)' }) caseManagerId?: string;
  @ApiPropertyOptional({ example: 12, description: "the case manager's active pathways now" }) active?: number;
  @ApiPropertyOptional({ example: 40 }) capacity?: number;
  @ApiProperty({ type: [ForecastWeekDto] }) weeks!: ForecastWeekDto[];
}

export class DueWorkForecastDto {
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ example: '2026-11-30', description: 'Monday of the first week' }) from!: string;
  @ApiProperty({ example: 13 }) weeks!: number;
  @ApiProperty({ type: [ForecastWeekDto], description: 'the whole territory' }) totals!: ForecastWeekDto[];
  @ApiProperty({ type: [ForecastRowDto] }) caseManagers!: ForecastRowDto[];
}

export class ForecastQueryDto {
  @ApiPropertyOptional({ example: 'T75-EST', description: "the supervisor's own territory (the default); another one is 403", maxLength: 100 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  territory?: string;

  @ApiPropertyOptional({ example: 13, minimum: 1, maximum: 26, description: 'how many weeks from this one (default 13: about 90 days)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(26)
  weeks?: number;
}

export class CalendarFeedDto {
  @ApiProperty({ example: 'https://dac.example/api/v1/calendar-feeds/q1w2e3.../calendar.ics', description: 'the secret URL: shown once, give it to your calendar application' })
  url!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CalendarFeedStatusDto {
  @ApiProperty({ description: 'whether a feed URL is active (the URL itself is never shown again)' }) active!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) createdAt?: string;
}
