import { ApiProperty } from '@nestjs/swagger';
import { IsIsoDateTime } from '../../../common/validation';

export class DischargeLetterDto {
  @ApiProperty({ format: 'date-time', example: '2025-08-05T16:00:00+02:00', description: 'when the discharge letter reached the case manager; not in the future (due on the day of discharge)' })
  @IsIsoDateTime()
  receivedAt!: string;
}

export class ServicesRestartDto {
  @ApiProperty({ format: 'date-time', example: '2025-08-06T09:00:00+02:00', description: 'when home services resumed; not in the future (due within 48 h of a discharge home)' })
  @IsIsoDateTime()
  at!: string;
}
