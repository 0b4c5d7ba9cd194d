import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { DISCHARGE_DESTINATIONS, DischargeDestination } from '@pathway/domain';
import { IsIsoDateTime } from '../../common/validation';

export class HospitalAdmissionDto {
  @ApiProperty({ format: 'date-time', example: '2025-07-02T08:00:00+02:00', description: 'not in the future' }) @IsIsoDateTime()
  admittedAt!: string;

  @ApiProperty({ example: 'Hôpital Saint-Antoine', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  facility!: string;

  @ApiPropertyOptional({ example: 'fall', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  reason?: string;
}

export class HospitalDischargeDto {
  @ApiProperty({ format: 'date-time', example: '2025-08-05T11:00:00+02:00', description: 'not before the admission, not in the future' }) @IsIsoDateTime()
  dischargedAt!: string;

  @ApiProperty({ enum: DISCHARGE_DESTINATIONS, example: 'HOME', description: 'HOME restarts services and asks for a reassessment' }) @IsIn(DISCHARGE_DESTINATIONS)
  destination!: DischargeDestination;
}
