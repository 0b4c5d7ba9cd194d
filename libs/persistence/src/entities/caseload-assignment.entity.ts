import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseManager } from './case-manager.entity';
import { Pathway } from './pathway.entity';

/**
 * A pathway counting against a case manager's capacity. One row per pathway, so a pathway holds at
 * most one slot; the cap itself is enforced by `reserveCaseloadSlot` under a lock on the case manager.
 */
@Entity({ name: 'caseload_assignments' })
export class CaseloadAssignment {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid', primaryKeyConstraintName: 'caseload_assignments_pkey' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'caseload_assignments_pathway_id_fkey' })
  pathway?: Pathway;

  @Index('caseload_assignments_case_manager_idx')
  @Column({ name: 'case_manager_id', type: 'text' })
  caseManagerId!: string;

  @ManyToOne(() => CaseManager, { nullable: false })
  @JoinColumn({ name: 'case_manager_id', foreignKeyConstraintName: 'caseload_assignments_case_manager_id_fkey' })
  caseManager?: CaseManager;

  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt!: Date;
}
