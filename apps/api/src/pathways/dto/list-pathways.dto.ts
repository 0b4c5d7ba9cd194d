import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PATHWAY_STAGES, PathwayStage } from '@pathway/domain';
import { MAX_PAGE_SIZE } from '@pathway/persistence';
import { PatientDto } from './create-pathway.dto';

export const DEFAULT_PAGE_SIZE = 50;

export class ListPathwaysQueryDto {
  @ApiPropertyOptional({ enum: PATHWAY_STAGES }) @IsOptional() @IsIn(PATHWAY_STAGES)
  stage?: PathwayStage;

  @ApiPropertyOptional({ example: 'cm-louise', maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  caseManagerId?: string;

  @ApiPropertyOptional({ example: 'T75-EST', maxLength: 100 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  territory?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the `nextCursor` of the previous page (opaque)', maxLength: 500 }) @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  cursor?: string;
}

export class PathwayListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PATHWAY_STAGES }) stage!: string;
  @ApiProperty() territory!: string;
  @ApiProperty({ type: String, nullable: true }) caseManagerId!: string | null;
  @ApiProperty({ type: PatientDto }) patient!: PatientDto;
  @ApiProperty({ format: 'date-time' }) referredAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextDeadlineAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) overdueSince!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'firstContactDue',
    description: "the oldest stuck reason's code (a clock kind, inactivityStuckAfter or activityFailing; see the summary's stuck[].code), not a sentence",
  })
  stuckReason!: string | null;
  @ApiProperty({ type: [String] }) flags!: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) closureReason!: string | null;
  @ApiProperty({ format: 'date-time' }) lastEventAt!: string;
}

export class PathwayPageDto {
  @ApiProperty({ type: [PathwayListItemDto], description: 'newest referral first' }) items!: PathwayListItemDto[];
  @ApiProperty({ type: String, nullable: true, description: 'pass as `cursor` for the next page; null on the last page' }) nextCursor!: string | null;
}

export class TimelineEventDto {
  @ApiProperty({ description: 'position in the pathway history' }) seq!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'ASSESSMENT_RECORDED' }) type!: string;
  @ApiProperty({ example: 'cm-louise', description: 'user id of the person who took the step, or "system"' }) actor!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}
