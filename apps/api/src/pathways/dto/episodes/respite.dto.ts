import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { RESPITE_KINDS, RespiteKind } from '@pathway/domain';
import { IsIsoDateTime, IsPlannedDateTime } from '../../../common/validation';

export class RespiteDto {
  @ApiProperty({ enum: RESPITE_KINDS, example: 'TEMPORARY_ACCOMMODATION', description: 'temporary accommodation counts against the days allowed per calendar year (90 by default)' })
  @IsIn(RESPITE_KINDS)
  kind!: RespiteKind;

  @ApiProperty({ format: 'date-time', example: '2025-09-01T09:00:00+02:00', description: 'the caregiver is reminded 2 days before' }) @IsIsoDateTime()
  startsAt!: string;

  @ApiProperty({ format: 'date-time', example: '2025-09-15T17:00:00+02:00', description: 'after startsAt, not past, at most 2 years ahead; the caregiver is reminded 2 days before' }) @IsPlannedDateTime()
  endsAt!: string;

  @ApiProperty({ example: 'EHPAD Les Lilas (hébergement temporaire)', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  provider!: string;
}

export class RespiteCancellationDto {
  @ApiPropertyOptional({ example: 'the caregiver keeps the patient at home', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
