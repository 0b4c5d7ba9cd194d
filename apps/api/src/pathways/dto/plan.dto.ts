import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { SERVICE_TYPES, ServiceType } from '@pathway/domain';
import { IsId, IsPlannedDateTime } from '../../common/validation';

export class PlanServiceDto {
  @ApiProperty({ enum: SERVICE_TYPES, example: 'SSIAD' }) @IsIn(SERVICE_TYPES)
  type!: ServiceType;

  @ApiProperty({ example: 'SSIAD Paris 11', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  provider!: string;

  @ApiProperty({ example: 'daily', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  frequency!: string;

  @ApiProperty({ format: 'date', example: '2025-04-14', description: 'at most 2 years ahead' }) @IsPlannedDateTime()
  startsAt!: string;

  @ApiPropertyOptional({ example: 'm1', description: 'the care-team member who provides it (they are told their part); a member of the team' })
  @IsOptional() @IsId()
  providerMemberId?: string;
}

/** A new version of the individualized service plan (PSI / PPCS); earlier versions are kept. */
export class PlanDto {
  @ApiProperty({ type: [PlanServiceDto], minItems: 1, maxItems: 100 })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PlanServiceDto)
  services!: PlanServiceDto[];
}
