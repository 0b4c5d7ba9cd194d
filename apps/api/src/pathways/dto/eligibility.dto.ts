import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CRITERIA_LABELS, ELIGIBILITY_DECISIONS, EligibilityDecision } from '@pathway/domain';

/** The three CNSA criteria; an acceptance needs all three. */
export class EligibilityCriteriaDto {
  @ApiProperty({ description: CRITERIA_LABELS.unstableSituation, example: true }) @IsBoolean()
  unstableSituation!: boolean;

  @ApiProperty({ description: CRITERIA_LABELS.insufficientCare, example: true }) @IsBoolean()
  insufficientCare!: boolean;

  @ApiProperty({ description: CRITERIA_LABELS.noCoordinator, example: true }) @IsBoolean()
  noCoordinator!: boolean;
}

export class EligibilityDto {
  @ApiProperty({ enum: ELIGIBILITY_DECISIONS, example: 'ACCEPTED' }) @IsIn(ELIGIBILITY_DECISIONS)
  decision!: EligibilityDecision;

  // API.md says "may carry"; the domain records each criterion (CNSA) for every decision, so it is required.
  @ApiProperty({ type: EligibilityCriteriaDto, description: 'C1–C3, each true or false: required for every decision (a refusal names the failed ones)' })
  @IsObject() @ValidateNested() @Type(() => EligibilityCriteriaDto)
  criteria!: EligibilityCriteriaDto;

  @ApiPropertyOptional({ example: 'C3 not met: the daughter coordinates', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: 'a refusal: where the person is reoriented (the referrer is told)', example: 'SSIAD Paris Est', maxLength: 2000 })
  @IsOptional() @IsString() @MaxLength(2000)
  reorientedTo?: string;
}
