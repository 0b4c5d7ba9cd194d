import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Pathway } from './pathway.entity';

export type ReminderStatus = 'scheduled' | 'sending' | 'sent' | 'failed' | 'cancelled';

/**
 * The reminder outbox: the workflow decides a reminder once (its `dedupeKey` makes a retried decision
 * harmless), the delivery loop claims due rows and records each attempt.
 */
@Entity({ name: 'reminders' })
@Check('reminders_status_check', "status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled')")
@Unique('reminders_dedupe_key_key', ['dedupeKey'])
@Index('reminders_due_idx', ['status', 'nextAttemptAt'])
@Index('reminders_pathway_idx', ['pathwayId', 'dueAt'])
// Supervision indicators (migration Supervision1795460000000): a pathway's reminders sent over a period.
@Index('reminders_pathway_sent_idx', ['pathwayId', 'sentAt'], { where: "status = 'sent'" })
export class Reminder {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'reminders_pkey' })
  id!: string;

  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'reminders_pathway_id_fkey' })
  pathway?: Pathway;

  /** The deadline or event it is about, e.g. `planAcknowledgementDue`. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'recipient_role', type: 'text' })
  recipientRole!: string;

  @Column({ name: 'recipient_address', type: 'text', nullable: true })
  recipientAddress!: string | null;

  @Column({ type: 'text' })
  channel!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text', default: 'scheduled' })
  status!: ReminderStatus;

  /** Delivery attempts started (counted when claimed, so an attempt cut short by a crash counts). */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** When the row may next be claimed; null on a failed row means no more attempts. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: Record<string, unknown>;

  /** Names the delivery attempt in progress: only its holder may record the handover and the outcome. */
  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken!: string | null;

  /** The worker (host:pid) holding or last holding the claim, for operators. */
  @Column({ name: 'claimed_by', type: 'text', nullable: true })
  claimedBy!: string | null;

  /** Past this instant a `sending` row is recovered (its worker is presumed dead). */
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  /** When the message was irrevocably handed to the channel (the SMTP end-of-data, the webhook POST). */
  @Column({ name: 'handed_over_at', type: 'timestamptz', nullable: true })
  handedOverAt!: Date | null;

  /** The Message-ID it carried, derived from the dedupe key (the same for every attempt). */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
