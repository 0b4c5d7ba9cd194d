import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An activity of a pathway's workflow that keeps failing: written by the worker once the attempts of
 * one activity reach the threshold (policy `activityFailureStuckAttempts`), counted on every failure
 * after that, deleted when the activity succeeds. The supervisor's stuck list reads it. No relation to
 * `pathways`: the failing write may be the one that creates the pathway's row.
 */
@Entity({ name: 'activity_failures' })
@Check('activity_failures_attempts_check', 'attempts >= 1')
@Index('activity_failures_territory_idx', ['territory'])
export class ActivityFailure {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid', primaryKeyConstraintName: 'activity_failures_pkey' })
  pathwayId!: string;

  /** The activity's name, e.g. `recordPathwayEvents`. */
  @PrimaryColumn({ name: 'activity_type', type: 'text', primaryKeyConstraintName: 'activity_failures_pkey' })
  activityType!: string;

  /** From the activity's input, so a pathway whose row could not be written yet is still found. */
  @Column({ type: 'text', nullable: true })
  territory!: string | null;

  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  /** Failed attempts counted so far (the attempt number when recorded, then one more per failure). */
  @Column({ type: 'integer' })
  attempts!: number;

  /** The last failure's message, truncated; for operators (the API does not show it). */
  @Column({ name: 'last_error', type: 'text' })
  lastError!: string;

  /** When the first attempt of the failing run was scheduled. */
  @Column({ name: 'failing_since', type: 'timestamptz' })
  failingSince!: Date;

  @Column({ name: 'last_failed_at', type: 'timestamptz' })
  lastFailedAt!: Date;
}
