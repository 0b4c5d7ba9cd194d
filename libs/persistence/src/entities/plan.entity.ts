import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Pathway } from './pathway.entity';

/** One version of a pathway's service plan (PSI / PPCS). Versions are never overwritten (trigger). */
@Entity({ name: 'plans' })
@Check('plans_version_check', 'version >= 1')
export class Plan {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid', primaryKeyConstraintName: 'plans_pkey' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'plans_pathway_id_fkey' })
  pathway?: Pathway;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'plans_pkey' })
  version!: number;

  /** The `seq` of the PLAN_RECORDED event in `pathway_events`. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'jsonb' })
  services!: unknown[];
}
