import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { APPOINTMENT_KINDS, APPOINTMENT_OUTCOMES, AppointmentKind, AppointmentOutcome } from '@pathway/domain';
import { IsIsoDateTime, IsPlannedDateTime } from '../../common/validation';
import { PathwaySummaryDto } from './pathway-summary.dto';

export class BookAppointmentDto {
  @ApiProperty({ enum: APPOINTMENT_KINDS, example: 'HOME_VISIT' }) @IsIn(APPOINTMENT_KINDS)
  kind!: AppointmentKind;

  @ApiProperty({ format: 'date-time', example: '2026-12-03T10:00:00+01:00', description: 'at most 2 years ahead; a home visit or family meeting: the caregiver is reminded the day before' })
  @IsPlannedDateTime()
  at!: string;

  @ApiPropertyOptional({ example: 'au domicile', maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300)
  place?: string;

  @ApiPropertyOptional({ example: 'Mme Martin et sa fille', maxLength: 300, description: 'who the case manager meets (free text)' }) @IsOptional() @IsString() @MaxLength(300)
  withWhom?: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ format: 'date-time', example: '2026-12-04T14:00:00+01:00', description: 'the new time; the caregiver is reminded of that one instead' }) @IsPlannedDateTime()
  at!: string;

  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300)
  place?: string;
}

export class CancelAppointmentDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class AppointmentOutcomeDto {
  @ApiProperty({ enum: APPOINTMENT_OUTCOMES, example: 'DONE', description: 'DONE: held (a home visit held is the first home visit, and a contact); MISSED: nobody was met, the deadlines keep running' })
  @IsIn(APPOINTMENT_OUTCOMES)
  outcome!: AppointmentOutcome;

  @ApiPropertyOptional({ format: 'date-time', description: 'DONE only, required then: when it was held (not in the future)' }) @IsOptional() @IsIsoDateTime()
  at?: string;

  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class AppointmentBookedDto extends PathwaySummaryDto {
  @ApiProperty({ example: 'appointment-1', description: 'use it in .../appointments/{appointmentId}/reschedule, /cancellation and /outcome' })
  appointmentId!: string;
}
