import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { APA_OUTCOMES, ApaOutcome } from '@pathway/domain';
import { IsIsoDateTime, IsScore } from '../../../common/validation';

export class ApaApplicationDto {
  @ApiProperty({ format: 'date-time', example: '2025-06-02T10:00:00+02:00', description: 'not in the future; the département acknowledges within 10 days' }) @IsIsoDateTime()
  submittedAt!: string;

  @ApiPropertyOptional({ example: false, description: 'an emergency APA (L232-12 CASF)' }) @IsOptional() @IsBoolean()
  emergency?: boolean;
}

export class ApaAcknowledgementDto {
  @ApiProperty({ format: 'date-time', example: '2025-06-09T10:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  at!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-06-09T10:00:00+02:00', description: 'when the département dates the complete file, if later than the submission: the 2 months run from it' })
  @IsOptional() @IsIsoDateTime()
  completeFileAt?: string;
}

export class ApaDecisionDto {
  @ApiProperty({ format: 'date-time', example: '2025-07-20T10:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  decidedAt!: string;

  @ApiProperty({ enum: APA_OUTCOMES, example: 'GRANTED' }) @IsIn(APA_OUTCOMES)
  outcome!: ApaOutcome;

  @ApiPropertyOptional({ minimum: 1, maximum: 6, example: 3, description: 'the GIR the département retained (1–4 for a grant)' }) @IsOptional() @IsScore('gir')
  gir?: number;
}

export class ApaProviderDeclarationDto {
  @ApiProperty({ format: 'date-time', example: '2025-08-01T10:00:00+02:00', description: 'not in the future; due within 1 month of the decision' }) @IsIsoDateTime()
  at!: string;

  @ApiProperty({ example: 'SAAD Paris 11', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  provider!: string;
}
