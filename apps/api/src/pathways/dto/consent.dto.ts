import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsIsoDateTime } from '../../common/validation';

export class ConsentDto {
  @ApiProperty({ description: 'false closes the pathway with reason REFUSED', example: true }) @IsBoolean()
  given!: boolean;

  @ApiProperty({ format: 'date-time', example: '2025-03-12T10:00:00+01:00', description: 'when the person answered; not in the future' }) @IsIsoDateTime()
  at!: string;
}
