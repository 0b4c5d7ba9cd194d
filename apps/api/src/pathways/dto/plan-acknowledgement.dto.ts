import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../common/validation';

export class PlanAcknowledgementDto {
  @ApiProperty({ format: 'date-time', example: '2025-04-15T09:00:00+02:00', description: 'not before the plan was recorded, not in the future' }) @IsIsoDateTime()
  acknowledgedAt!: string;

  @ApiPropertyOptional({ example: 'Agreed; adjust the SSIAD frequency after a month.', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}
