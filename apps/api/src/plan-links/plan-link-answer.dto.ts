import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

/** The page's form (application/x-www-form-urlencoded): which button, and the remarks. */
export class PlanLinkAnswerDto {
  @ApiProperty({ enum: ['VALIDATED', 'REMARKS'] }) @IsIn(['VALIDATED', 'REMARKS'])
  decision!: 'VALIDATED' | 'REMARKS';

  @ApiPropertyOptional({ maxLength: 2000, description: 'required with REMARKS' }) @IsOptional() @IsString() @MaxLength(2000)
  comment?: string;
}
