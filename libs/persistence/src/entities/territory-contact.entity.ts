import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

export type TerritoryContactRole = 'supervisor' | 'intake';

/**
 * Who receives what is addressed to a territory's role rather than to a person on the pathway: the
 * supervisor (pilote MAIA: escalations and the daily digest) and the intake desk (guichet intégré:
 * eligibility reminders).
 */
@Entity({ name: 'territory_contacts' })
@Check('territory_contacts_role_check', "role IN ('supervisor', 'intake')")
export class TerritoryContact {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'territory_contacts_pkey' })
  territory!: string;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'territory_contacts_pkey' })
  role!: TerritoryContactRole;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;
}
