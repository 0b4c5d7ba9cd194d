import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/**
 * One request that read patient data or took a step, whatever its outcome. Append-only: the database
 * refuses UPDATE, DELETE and TRUNCATE (migration AuditTrail1795450000000).
 */
@Entity({ name: 'audit_events' })
@Check('audit_events_outcome_check', "outcome IN ('allowed', 'denied', 'failed')")
@Index('audit_events_pathway_idx', ['pathwayId', 'occurredAt'])
@Index('audit_events_actor_idx', ['actor', 'occurredAt'])
@Index('audit_events_request_idx', ['requestId'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'audit_events_pkey' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  /** The token's `sub`; null when there was no valid token. */
  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles!: string[];

  @Column({ type: 'text', nullable: true })
  territory!: string | null;

  @Column({ name: 'pathway_id', type: 'uuid', nullable: true })
  pathwayId!: string | null;

  @Column({ type: 'text' })
  method!: string;

  /** The route template, e.g. `/api/v1/pathways/:id/assessments`. */
  @Column({ type: 'text' })
  route!: string;

  /** The handler, e.g. `PathwayStepsController.recordAssessment`; null when no route matched. */
  @Column({ type: 'text', nullable: true })
  action!: string | null;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  @Column({ type: 'integer' })
  status!: number;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ name: 'client_ip', type: 'text', nullable: true })
  clientIp!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
