import { Check, Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ReminderStatus } from './reminder.entity';

/**
 * The daily digest of a territory's supervisor: what became overdue during one period. An outbox of its
 * own (a digest belongs to a territory, not to a pathway), delivered like the reminders.
 */
@Entity({ name: 'supervisor_digests' })
@Check('supervisor_digests_status_check', "status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled')")
@Unique('supervisor_digests_territory_period_key', ['territory', 'periodEnd'])
@Index('supervisor_digests_due_idx', ['status', 'nextAttemptAt'])
export class SupervisorDigest {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'supervisor_digests_pkey' })
  id!: string;

  @Column({ type: 'text' })
  territory!: string;

  @Column({ name: 'period_start', type: 'timestamptz' })
  periodStart!: Date;

  @Column({ name: 'period_end', type: 'timestamptz' })
  periodEnd!: Date;

  @Column({ name: 'recipient_address', type: 'text', nullable: true })
  recipientAddress!: string | null;

  @Column({ type: 'text', default: 'email' })
  channel!: string;

  @Column({ type: 'text', default: 'scheduled' })
  status!: ReminderStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy!: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ name: 'handed_over_at', type: 'timestamptz', nullable: true })
  handedOverAt!: Date | null;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  /** What became overdue: `{ pathwayId, clock, dueAt, overdueAt }`, names read when the digest is written out. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  items!: Record<string, unknown>[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
