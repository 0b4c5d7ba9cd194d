import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsIsoDateTime } from '../../common/validation';

export class InstitutionalizationDto {
  @ApiProperty({ format: 'date-time', example: '2025-10-01T10:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  admittedAt!: string;

  @ApiProperty({ example: 'EHPAD Les Tilleuls', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  facility!: string;
}
