import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Pathway } from './pathway.entity';

/** One entry of a pathway's timeline. Append-only: a trigger refuses UPDATE and DELETE. */
@Entity({ name: 'pathway_events' })
// Supervision indicators (migration Supervision1795460000000): a pathway's events of a type, in order.
@Index('pathway_events_pathway_type_idx', ['pathwayId', 'type', 'seq'])
export class PathwayEvent {
  @PrimaryColumn({ name: 'pathway_id', type: 'uuid', primaryKeyConstraintName: 'pathway_events_pkey' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'pathway_events_pathway_id_fkey' })
  pathway?: Pathway;

  /** Position in the workflow's history of this pathway; the key that makes retried writes harmless. */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'pathway_events_pkey' })
  seq!: number;

  /** When it happened, in the workflow's time. */
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: Record<string, unknown>;

  /** When the projection stored it. */
  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt!: Date;
}
