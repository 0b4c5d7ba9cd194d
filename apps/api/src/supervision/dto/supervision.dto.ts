import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLOCK_KINDS, ClockKind, PATHWAY_STAGES, STUCK_CODES } from '@pathway/domain';
import { IsIsoDateTime } from '../../common/validation';
import { PatientDto } from '../../pathways/dto/create-pathway.dto';
import { OfferedToDto } from './waiting-list-offer.dto';

export class TerritoryQueryDto {
  @ApiPropertyOptional({ example: 'T75-EST', description: "the supervisor's own territory (the default); another one is 403", maxLength: 100 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  territory?: string;
}

export const STUCK_SOURCES = ['projection', 'activity', 'unprocessedDeadline'] as const;

/** The stuck list's codes: the domain's (libs/domain STUCK_CODES), and `deadlinePassed` for a passed deadline whose clock is unknown. */
export const SUPERVISION_STUCK_CODES = [...STUCK_CODES, 'deadlinePassed'] as const;
export type SupervisionStuckCode = (typeof SUPERVISION_STUCK_CODES)[number];

const CODE_DESCRIPTION =
  'the stable key of the reason (issue 22): the clock whose deadline passed (a policy key of PATHWAY.md; inactivityStuckAfter for ' +
  'inactivity), activityFailing, or deadlinePassed (a deadline not yet processed, of unknown clock); translate and count by it, never by `reason`';

const CLOCK_DESCRIPTION =
  'the clock (a policy key of PATHWAY.md) whose deadline passed, or inactivityStuckAfter for inactivity: a code to translate ' +
  '`reason` from (absent: a failing activity)';

/**
 * One reason a pathway of the stuck list is stuck. Not named StuckReasonDto: the pathway summary has a
 * class of that name (pathways/dto), and the OpenAPI document keys schemas by class name, so one of
 * the two would silently stand for both.
 */
export class SupervisionStuckReasonDto {
  @ApiProperty({ enum: SUPERVISION_STUCK_CODES, example: 'assessmentDue', description: CODE_DESCRIPTION }) code!: SupervisionStuckCode;
  @ApiProperty({ example: 'assessment overdue', description: 'in English, for display only (it may be reworded): translate from `code`' }) reason!: string;
  @ApiPropertyOptional({ enum: CLOCK_KINDS, example: 'assessmentDue', description: CLOCK_DESCRIPTION }) clock?: ClockKind;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) since!: string | null;
  @ApiProperty({
    enum: STUCK_SOURCES,
    description:
      "projection: the workflow's own verdict (an overdue deadline, inactivity, a failing activity); activity: a failing " +
      "activity the worker recorded (shown even when the failing write is the projection's); unprocessedDeadline: the " +
      'next deadline has passed but the workflow has not processed it yet (its worker is stopped or behind)',
  })
  source!: (typeof STUCK_SOURCES)[number];
}

export class FailingActivityDto {
  @ApiProperty({ example: 'recordPathwayEvents', description: "the activity of the pathway's workflow that keeps failing" }) activityType!: string;
  @ApiProperty({ example: 7, description: 'failed attempts so far' }) attempts!: number;
  @ApiProperty({ format: 'date-time', description: 'when the first failing attempt was scheduled' }) since!: string;
  @ApiProperty({ format: 'date-time' }) lastFailedAt!: string;
  @ApiPropertyOptional({
    example: 'ApplicationFailure: recordPathwayEvents: the database refused the write (SQLSTATE 22P02)',
    description: 'the last error: for a database error, the activity and the SQLSTATE (and constraint, table), never the values',
  })
  lastError?: string;
}

export class StuckPathwayDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ enum: PATHWAY_STAGES, description: 'as last projected (REFERRED when the first write of the pathway is the one failing)' }) stage!: string;
  @ApiProperty({ enum: SUPERVISION_STUCK_CODES, example: 'firstContactDue', description: `the oldest reason's code: ${CODE_DESCRIPTION}` }) code!: SupervisionStuckCode;
  @ApiProperty({ example: 'first contact overdue', description: 'the oldest reason, in English, for display only' }) reason!: string;
  @ApiPropertyOptional({ enum: CLOCK_KINDS, example: 'firstContactDue', description: `the oldest reason's clock: ${CLOCK_DESCRIPTION}` }) clock?: ClockKind;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'since when it is stuck (its oldest reason)' }) since!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseManagerId!: string | null;
  @ApiProperty({ type: [SupervisionStuckReasonDto], description: 'every reason, oldest first' }) reasons!: SupervisionStuckReasonDto[];
  @ApiPropertyOptional({ type: FailingActivityDto, description: 'present when an activity keeps failing' }) failingActivity?: FailingActivityDto;
}

export class CaseloadDto {
  @ApiProperty({ example: 'cm-louise' }) caseManagerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 38 }) active!: number;
  @ApiProperty({ example: 40 }) capacity!: number;
  @ApiProperty({ example: 2, description: 'capacity - active (never below 0)' }) available!: number;
}

export class WaitingPathwayDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty() territory!: string;
  @ApiProperty({ type: PatientDto }) patient!: PatientDto;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'when eligibility was accepted' }) waitingSince!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'the assignment deadline' }) assignmentDueAt!: string | null;
  @ApiProperty({ type: () => OfferedToDto, nullable: true, description: 'the open waiting-list offer of this pathway (to a case manager with a free slot), if any' })
  offeredTo!: OfferedToDto | null;
}

export class IndicatorsQueryDto extends TerritoryQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-01-01T00:00:00Z', description: 'start of the period, included (default: `to` minus 30 days)' })
  @IsOptional() @IsIsoDateTime()
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-04-01T00:00:00Z', description: 'end of the period, excluded (default: now); at most 2 years after `from`' })
  @IsOptional() @IsIsoDateTime()
  to?: string;
}

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class PathwayCountsDto {
  @ApiProperty({ example: 42, description: 'referrals recorded in the period (REFERRAL_RECEIVED)' }) opened!: number;
  @ApiProperty({ example: 17, description: 'closures in the period (PATHWAY_CLOSED)' }) closed!: number;
  @ApiProperty({ ...COUNTS, example: { DECEASED: 6, INSTITUTIONALIZED: 5, REORIENTED: 4, MOVED: 2 }, description: 'closures by reason' })
  closedByReason!: Record<string, number>;
}

export class DelayDto {
  @ApiProperty({ example: 40, description: 'delays measured' }) count!: number;
  @ApiProperty({ type: Number, nullable: true, example: 1_641_600, description: 'median, in seconds (percentile_cont 0.5)' }) medianSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 2_419_200, description: '90th percentile, in seconds (percentile_cont 0.9)' }) p90Seconds!: number | null;
  @ApiProperty({ type: String, nullable: true, example: 'P19D', description: 'the median as an ISO-8601 duration (days, hours, minutes, seconds)' }) median!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'P28D', description: 'the 90th percentile as an ISO-8601 duration' }) p90!: string | null;
}

export class DelaysDto {
  @ApiProperty({ type: DelayDto, description: "referral date → first assessment recorded, for first assessments recorded in the period" })
  referralToFirstAssessment!: DelayDto;
  @ApiProperty({ type: DelayDto, description: "assessment recorded → the cycle's plan recorded (PLANNING → PLAN_VALIDATION), for plans recorded in the period" })
  assessmentToPlan!: DelayDto;
}

export class PlanAcknowledgementIndicatorDto {
  @ApiProperty({ example: 12, description: 'plans acknowledged by the physician while their window was open (PLAN_ACKNOWLEDGED)' }) acknowledgedInTime!: number;
  @ApiProperty({ example: 4, description: 'windows that ended without acknowledgement (PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED)' }) windowEnded!: number;
  @ApiProperty({ example: 1, description: 'acknowledgements after the window ended, or of a plan revised in follow-up (not counted in the share)' }) acknowledgedLate!: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.75, description: 'acknowledgedInTime / (acknowledgedInTime + windowEnded); null when no window ended in the period' })
  shareInTime!: number | null;
}

export class RemindersIndicatorDto {
  @ApiProperty({ example: 230, description: 'outbox messages sent in the period' }) sent!: number;
  @ApiProperty({ ...COUNTS, example: { case_manager: 120, physician: 80, caregiver: 30 }, description: 'sent, by recipient role' }) sentByRecipient!: Record<string, number>;
}

export class OverdueIndicatorDto {
  @ApiProperty({ example: 9, description: 'deadlines that passed in the period (DEADLINE_PASSED)' }) deadlinesPassed!: number;
  @ApiProperty({ ...COUNTS, example: { assessmentDue: 3, contactDue: 6 }, description: 'deadlines passed, by deadline' }) deadlinesPassedByKind!: Record<string, number>;
  @ApiProperty({ example: 5, description: 'open pathways with an overdue deadline now, whatever the period (as the stuck list shows them)' }) pathwaysOverdueNow!: number;
}

export class IndicatorsDto {
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ format: 'date-time', description: 'start of the period, included' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'end of the period, excluded' }) to!: string;
  @ApiProperty({ type: PathwayCountsDto }) pathways!: PathwayCountsDto;
  @ApiProperty({ type: DelaysDto }) delays!: DelaysDto;
  @ApiProperty({ type: PlanAcknowledgementIndicatorDto }) planAcknowledgement!: PlanAcknowledgementIndicatorDto;
  @ApiProperty({ type: RemindersIndicatorDto }) reminders!: RemindersIndicatorDto;
  @ApiProperty({ type: OverdueIndicatorDto }) overdue!: OverdueIndicatorDto;
}
