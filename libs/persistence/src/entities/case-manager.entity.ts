import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'case_managers' })
@Check('case_managers_capacity_check', 'capacity >= 0')
export class CaseManager {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'case_managers_pkey' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Index('case_managers_territory_idx')
  @Column({ type: 'text' })
  territory!: string;

  /** Active pathways this case manager may hold; 40 is the MAIA default (policy `caseloadCapacity`). */
  @Column({ type: 'integer', default: 40 })
  capacity!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
