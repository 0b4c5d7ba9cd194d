import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseManager } from './case-manager.entity';
import { Patient } from './patient.entity';

/**
 * The read model of one pathway, written only by the workflow's activities (so it is never ahead of
 * the workflow). `projectionVersion` orders those writes: a retried or late activity carrying an
 * older version changes nothing.
 */
@Entity({ name: 'pathways' })
// Two open pathways for one patient must be impossible, whatever the workflows and the API do.
@Index('pathways_one_open_per_patient', ['patientId'], { unique: true, where: 'closed_at IS NULL' })
// Supervisors' lists: by territory and stage, newest referral first (keyset on referred_at, id).
@Index('pathways_territory_stage_idx', ['territory', 'stage', 'referredAt', 'id'])
@Index('pathways_referred_at_idx', ['referredAt', 'id'])
@Index('pathways_case_manager_idx', ['caseManagerId'])
@Index('pathways_overdue_since_idx', ['overdueSince'])
@Index('pathways_next_deadline_at_idx', ['nextDeadlineAt'])
// The supervisor's stuck list (migration Supervision1795460000000): stuck open pathways of a territory, most overdue first.
@Index('pathways_stuck_idx', ['territory', 'overdueSince'], { where: 'closed_at IS NULL AND stuck_reason IS NOT NULL' })
export class Pathway {
  /** Chosen by the caller; the workflow id is derived from it. */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pathways_pkey' })
  id!: string;

  @Column({ name: 'patient_id', type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => Patient, { nullable: false })
  @JoinColumn({ name: 'patient_id', foreignKeyConstraintName: 'pathways_patient_id_fkey' })
  patient?: Patient;

  @Column({ type: 'text' })
  territory!: string;

  @Column({ type: 'text' })
  stage!: string;

  @Column({ name: 'case_manager_id', type: 'text', nullable: true })
  caseManagerId!: string | null;

  @ManyToOne(() => CaseManager, { nullable: true })
  @JoinColumn({ name: 'case_manager_id', foreignKeyConstraintName: 'pathways_case_manager_id_fkey' })
  caseManager?: CaseManager | null;

  @Column({ name: 'referred_at', type: 'timestamptz' })
  referredAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ name: 'closure_reason', type: 'text', nullable: true })
  closureReason!: string | null;

  @Column({ name: 'next_deadline_at', type: 'timestamptz', nullable: true })
  nextDeadlineAt!: Date | null;

  @Column({ name: 'overdue_since', type: 'timestamptz', nullable: true })
  overdueSince!: Date | null;

  @Column({ name: 'stuck_reason', type: 'text', nullable: true })
  stuckReason!: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  flags!: string[];

  @Column({ name: 'last_event_at', type: 'timestamptz' })
  lastEventAt!: Date;

  /** The workflow's own summary, so closed pathways and lists are read without asking Temporal. */
  @Column({ type: 'jsonb' })
  summary!: unknown;

  @Column({ name: 'projection_version', type: 'integer' })
  projectionVersion!: number;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
