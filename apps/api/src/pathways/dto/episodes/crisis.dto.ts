import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CRISIS_KINDS, CrisisKind } from '@pathway/domain';
import { IsIsoDateTime } from '../../../common/validation';

export class CrisisDto {
  @ApiProperty({ format: 'date-time', example: '2025-10-03T18:30:00+02:00', description: 'when the crisis began; not in the future (the supervisor is told at once, action due within 24 h)' })
  @IsIsoDateTime()
  at!: string;

  @ApiProperty({ enum: CRISIS_KINDS, example: 'CAREGIVER_EXHAUSTION' }) @IsIn(CRISIS_KINDS)
  kind!: CrisisKind;

  @ApiPropertyOptional({ example: 'the daughter calls, exhausted', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

/** An action taken on the current crisis, or its resolution (which opens a significant-change reassessment). */
export class CrisisEventDto {
  @ApiProperty({ format: 'date-time', example: '2025-10-04T10:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  at!: string;

  @ApiPropertyOptional({ example: 'emergency day care found', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
