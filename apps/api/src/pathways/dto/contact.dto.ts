import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTACT_CHANNELS, ContactChannel } from '@pathway/domain';
import { IsIsoDateTime } from '../../common/validation';

export class ContactDto {
  @ApiProperty({ format: 'date-time', example: '2025-03-12T10:00:00+01:00', description: 'not in the future' }) @IsIsoDateTime()
  at!: string;

  @ApiProperty({ enum: CONTACT_CHANNELS, example: 'PHONE' }) @IsIn(CONTACT_CHANNELS)
  channel!: ContactChannel;

  @ApiPropertyOptional({ example: 'Spoke with the daughter', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}
