import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Pathway } from './pathway.entity';

/**
 * A multidimensional assessment as recorded by the case manager (scores are recorded, never computed).
 * Keyed by the timeline event that recorded it; a trigger refuses UPDATE and DELETE.
 */
@Entity({ name: 'assessments' })
@Check('assessments_mmse_check', 'mmse BETWEEN 0 AND 30')
@Check('assessments_gir_check', 'gir BETWEEN 1 AND 6')
@Check('assessments_zarit_check', 'zarit BETWEEN 0 AND 88')
export class Assessment {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid', primaryKeyConstraintName: 'assessments_pkey' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'assessments_pathway_id_fkey' })
  pathway?: Pathway;

  /** The `seq` of the ASSESSMENT_RECORDED event in `pathway_events`. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'assessments_pkey' })
  seq!: number;

  @Column({ name: 'performed_at', type: 'timestamptz' })
  performedAt!: Date;

  /** MMSE, 0–30. */
  @Column({ type: 'smallint', nullable: true })
  mmse!: number | null;

  /** AGGIR autonomy group, GIR 1 (most dependent) to 6. */
  @Column({ type: 'smallint', nullable: true })
  gir!: number | null;

  /** Zarit caregiver burden, 0–88. */
  @Column({ type: 'smallint', nullable: true })
  zarit!: number | null;

  @Column({ name: 'living_situation', type: 'text', nullable: true })
  livingSituation!: string | null;

  @Column({ type: 'text' })
  summary!: string;

  /** Everything the event carried, including fields without a column of their own. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
