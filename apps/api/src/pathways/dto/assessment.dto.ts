import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { SCORE_RANGES } from '@pathway/domain';
import { IsIsoDateTime, IsScore } from '../../common/validation';

const scoreDoc = (kind: keyof typeof SCORE_RANGES, example: number) => ({
  type: 'integer' as const,
  minimum: SCORE_RANGES[kind].min,
  maximum: SCORE_RANGES[kind].max,
  description: `${SCORE_RANGES[kind].label}, ${SCORE_RANGES[kind].min}–${SCORE_RANGES[kind].max} (recorded, not computed)`,
  example,
});

/** The multidimensional assessment (first home visit, or a reassessment). */
export class AssessmentDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-28T14:00:00+01:00', description: 'when the visit took place; not in the future' }) @IsIsoDateTime()
  performedAt!: string;

  @ApiPropertyOptional(scoreDoc('mmse', 18)) @IsOptional() @IsScore('mmse')
  mmse?: number;

  @ApiPropertyOptional(scoreDoc('gir', 4)) @IsOptional() @IsScore('gir')
  gir?: number;

  @ApiPropertyOptional(scoreDoc('zarit', 35)) @IsOptional() @IsScore('zarit')
  zarit?: number;

  @ApiPropertyOptional({ example: 'lives alone, daughter 300 km away', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  livingSituation?: string;

  @ApiPropertyOptional({ example: 'SAAD 2 h/week', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  servicesInPlace?: string;

  @ApiPropertyOptional({ example: 'falls, medication errors', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  risks?: string;

  @ApiProperty({ example: 'Moderate cognitive decline; caregiver exhausted.', maxLength: 10000 }) @IsString() @IsNotEmpty() @MaxLength(10_000)
  summary!: string;
}
