import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseManager } from './case-manager.entity';

/**
 * A case manager's declared absence (POST /case-managers/{id}/absences). The absence workflow moves
 * the pathways; this row is the record the API lists and the waiting list consults.
 */
@Entity({ name: 'absences' })
@Check('absences_period_check', 'ends_at > starts_at')
@Index('absences_case_manager_idx', ['caseManagerId', 'endsAt'])
export class Absence {
  /** Derived from the declaring request's Idempotency-Key (a retry finds the same row). */
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'absences_pkey' })
  id!: string;

  @Column({ name: 'case_manager_id', type: 'text' })
  caseManagerId!: string;

  @ManyToOne(() => CaseManager, { nullable: false })
  @JoinColumn({ name: 'case_manager_id', foreignKeyConstraintName: 'absences_case_manager_id_fkey' })
  caseManager?: CaseManager;

  @Column({ type: 'text' })
  territory!: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  /** The covering case managers, as declared. */
  @Column({ name: 'covered_by', type: 'text', array: true })
  coveredBy!: string[];

  /** The pathways no covering case manager had a slot for when it was declared: the supervisor's to place. */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  unplaced!: string[];

  @Column({ name: 'declared_by', type: 'text' })
  declaredBy!: string;

  @Column({ name: 'declared_at', type: 'timestamptz', default: () => 'now()' })
  declaredAt!: Date;
}
