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
  // Why a reminder has not gone out is a question for the person who expected it (a physician says
  // they never got the plan): the outbox's attempts and last error answer it without database access.
  @ApiPropertyOptional({ description: 'delivery attempts started (outbox rows only)', example: 2 }) attempts?: number;
  @ApiPropertyOptional({ description: 'why the last attempt failed, or why it was cancelled (outbox rows only)', example: 'SMTP 451 at MAIL FROM: 451 mail refused' })
  lastError?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'when a failed reminder is tried again (absent when no attempt is left)' }) nextAttemptAt?: string;
}
