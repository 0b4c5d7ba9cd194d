import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CLOSURE_REASONS, ClosureReason } from '@pathway/domain';

export class ClosureDto {
  @ApiProperty({ enum: CLOSURE_REASONS, example: 'MOVED', description: 'INSTITUTIONALIZED needs a recorded institutional admission' }) @IsIn(CLOSURE_REASONS)
  reason!: ClosureReason;

  @ApiPropertyOptional({ example: 'moved to Lyon', maxLength: 2000, description: 'required for reason OTHER' }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
