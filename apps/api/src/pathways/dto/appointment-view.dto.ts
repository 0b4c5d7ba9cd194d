/** The agenda as the summary shows it (libs/domain appointments.ts `Appointment`). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, AppointmentKind, AppointmentStatus } from '@pathway/domain';

export class AppointmentViewDto {
  @ApiProperty({ example: 'appointment-1', description: 'for .../appointments/{appointmentId}/...' }) id!: string;
  @ApiProperty({ enum: APPOINTMENT_KINDS, example: 'HOME_VISIT' }) kind!: AppointmentKind;
  @ApiProperty({ format: 'date-time', description: 'when it is (UTC)' }) at!: string;
  @ApiPropertyOptional({ example: 'au domicile, 12 rue des Lilas' }) place?: string;
  @ApiPropertyOptional({ example: 'la fille de Mme Martin', description: 'who the case manager meets (free text)' }) withWhom?: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ enum: APPOINTMENT_STATUSES, example: 'BOOKED' }) status!: AppointmentStatus;
  @ApiProperty({ format: 'date-time' }) bookedAt!: string;
  @ApiPropertyOptional({ type: [String], description: 'the times it was booked for before it was moved' }) previousAt?: string[];
  @ApiPropertyOptional({ format: 'date-time', description: 'DONE: when it was held' }) heldAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when it was done, missed or cancelled' }) settledAt?: string;
}

export class BookedAppointmentDto {
  @ApiProperty({ example: 'appointment-1' }) id!: string;
  @ApiProperty({ enum: APPOINTMENT_KINDS }) kind!: AppointmentKind;
  @ApiProperty({ format: 'date-time' }) at!: string;
}
