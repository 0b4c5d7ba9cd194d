import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LEGAL_PROTECTION_KINDS, LEGAL_RULING_OUTCOMES, LegalProtectionKind, LegalRulingOutcome } from '@pathway/domain';
import { IsIsoDateTime } from '../../../common/validation';

export class LegalProtectionDto {
  @ApiProperty({ enum: LEGAL_PROTECTION_KINDS, example: 'CURATELLE' }) @IsIn(LEGAL_PROTECTION_KINDS)
  kind!: LegalProtectionKind;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-05-10T10:00:00+02:00', description: 'the medical certificate (médecin inscrit), if already given; not in the future' })
  @IsOptional() @IsIsoDateTime()
  certificateAt?: string;
}

export class LegalProtectionRequestDto {
  @ApiProperty({ format: 'date-time', example: '2025-05-20T10:00:00+02:00', description: 'filed with the judge; not in the future; the request lapses after one year without a ruling' })
  @IsIsoDateTime()
  filedAt!: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2025-05-10T10:00:00+02:00', description: 'the medical certificate, when not given with the request' }) @IsOptional() @IsIsoDateTime()
  certificateAt?: string;
}

export class LegalProtectionRulingDto {
  @ApiProperty({ format: 'date-time', example: '2025-09-15T10:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  ruledAt!: string;

  @ApiProperty({ enum: LEGAL_RULING_OUTCOMES, example: 'GRANTED' }) @IsIn(LEGAL_RULING_OUTCOMES)
  outcome!: LegalRulingOutcome;

  @ApiPropertyOptional({ format: 'date-time', example: '2030-09-15T10:00:00+02:00', description: 'required for a granted measure: after ruledAt, at most 5 years later (renewal reminder 2 months before)' })
  @IsOptional() @IsIsoDateTime()
  measureEndsAt?: string;

  @ApiPropertyOptional({ example: 'Claire Martin (daughter)', maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300)
  representative?: string;
}
