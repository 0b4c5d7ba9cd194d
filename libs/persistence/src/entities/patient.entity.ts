import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A person referred to case management, known by the referring territory's own identifier. */
@Entity({ name: 'patients' })
@Unique('patients_territory_external_id_key', ['territory', 'externalId'])
// Where the national identifier is known, it is the patient's identity in the territory (migration PatientIns1795485000000).
@Index('patients_territory_ins_key', ['territory', 'ins'], { unique: true, where: 'ins IS NOT NULL' })
export class Patient {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'patients_pkey' })
  id!: string;

  @Column({ type: 'text' })
  territory!: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId!: string;

  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  /** A calendar date (YYYY-MM-DD): a birth date has no time zone. */
  @Column({ name: 'birth_date', type: 'date' })
  birthDate!: string;

  /** The INS (NIR and key, 15 characters), when a referral gave it. */
  @Column({ type: 'text', nullable: true })
  ins!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
