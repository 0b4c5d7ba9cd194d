import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { RECIPIENT_ROLES } from '@pathway/domain';

export class RemindersQueryDto {
  @ApiProperty({ format: 'uuid', description: 'the pathway whose reminders to list', maxLength: 100 }) @IsString() @IsNotEmpty() @MaxLength(100)
  pathwayId!: string;
}

export const REMINDER_STATUSES = ['upcoming', 'scheduled', 'sending', 'sent', 'failed', 'cancelled'] as const;

export class ReminderDto {
  @ApiProperty({ description: 'the outbox row id, or `upcoming:...` for a reminder the workflow has not yet handed to the outbox' }) id!: string;
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ enum: RECIPIENT_ROLES, example: 'case_manager' }) recipientRole!: string;
  @ApiProperty({ example: 'email' }) channel!: string;
  @ApiProperty({ example: 'assessmentDueReminder', description: 'what it is about (a policy clock + Reminder/Overdue, or an event)' }) kind!: string;
  @ApiProperty({ format: 'date-time', description: 'when it goes out' }) dueAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) sentAt?: string;
  @ApiProperty({
    enum: REMINDER_STATUSES,
    description: 'upcoming: the workflow will hand it to the outbox at dueAt; scheduled/sending/sent/failed/cancelled: its state in the outbox',
  })
  status!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the deadline it is about, if any' }) deadlineAt?: string;
}
