import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { ID_PATTERN } from '@pathway/domain';
import { IsPlannedDateTime } from '../../common/validation';

export class AbsenceDto {
  @ApiProperty({ format: 'date-time', example: '2025-08-01T00:00:00+02:00', description: 'the pathways move at this time (now if past); at most 2 years ahead' }) @IsPlannedDateTime()
  from!: string;

  @ApiProperty({ format: 'date-time', example: '2025-08-22T00:00:00+02:00', description: 'after from, in the future and at most 2 years ahead: ownership returns at this time' }) @IsPlannedDateTime()
  to!: string;

  @ApiProperty({ type: [String], example: ['cm-david', 'cm-emma'], description: 'case managers of the same territory; the pathways are spread by remaining capacity', items: { type: 'string', pattern: ID_PATTERN.source } })
  // Each id is checked by the domain's validateAbsence (coveredBy[i]), the element decorators only type them.
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
  coveredBy!: string[];
}

export class ReassignmentOutcomeDto {
  @ApiProperty({ enum: ['MOVED', 'SKIPPED'] }) status!: 'MOVED' | 'SKIPPED';
  @ApiPropertyOptional({ example: 'the pathway is closed' }) reason?: string;
}

export class AbsenceCoverDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ example: 'cm-david' }) coveredBy!: string;
  @ApiPropertyOptional({ type: ReassignmentOutcomeDto, description: 'at `from`: moved to the covering case manager, or skipped' }) cover?: ReassignmentOutcomeDto;
  @ApiPropertyOptional({ type: ReassignmentOutcomeDto, description: 'at `to`: returned, or skipped (closed or reassigned meanwhile, cap)' }) return?: ReassignmentOutcomeDto;
}

export class AbsenceViewDto {
  @ApiProperty({ format: 'uuid' }) absenceId!: string;
  @ApiProperty({ example: 'cm-claire' }) caseManagerId!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'COVERED', 'RETURNED'], description: 'SCHEDULED until `from`, COVERED until `to`, then RETURNED' }) phase!: string;
  @ApiProperty({ type: [AbsenceCoverDto] }) covers!: AbsenceCoverDto[];
  @ApiProperty({
    type: [String],
    format: 'uuid',
    description: 'the pathways no covering case manager had a slot for: they stay with the absent case manager, their reminders going to the supervisor, until placed (GET …/absences/{absenceId}/unplaced)',
  })
  unplaced!: string[];
}

export class UnplacedPatientDto {
  @ApiProperty({ example: 'Jeanne' }) firstName!: string;
  @ApiProperty({ example: 'Martin' }) lastName!: string;
}

/** A pathway an absence left unplaced, and where it stands now. */
export class UnplacedPathwayDto {
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ type: UnplacedPatientDto }) patient!: UnplacedPatientDto;
  @ApiPropertyOptional({ example: 'cm-claire', description: 'its case manager now', nullable: true, type: String }) caseManagerId!: string | null;
  @ApiProperty({
    enum: ['TO_PLACE', 'PLACED', 'CLOSED', 'RETURNED'],
    description: 'TO_PLACE: still with the absent case manager, its reminders going to the supervisor; PLACED: a supervisor placed it on `caseManagerId` until the end; CLOSED; RETURNED: the absence ended, the absent case manager has it again',
  })
  status!: 'TO_PLACE' | 'PLACED' | 'CLOSED' | 'RETURNED';
}

/** A declared absence as recorded (GET /case-managers/{id}/absences). */
export class AbsenceRecordDto {
  @ApiProperty({ format: 'uuid' }) absenceId!: string;
  @ApiProperty({ example: 'cm-claire' }) caseManagerId!: string;
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: [String], example: ['cm-david', 'cm-emma'] }) coveredBy!: string[];
  @ApiProperty({ example: 'sup-1', description: 'the supervisor who declared it' }) declaredBy!: string;
  @ApiProperty({ format: 'date-time' }) declaredAt!: string;
  @ApiProperty({ enum: ['SCHEDULED', 'COVERED', 'RETURNED'], description: 'from the clock: SCHEDULED before `from`, COVERED until `to`, then RETURNED (the words of the answer to the POST)' })
  phase!: 'SCHEDULED' | 'COVERED' | 'RETURNED';
}
