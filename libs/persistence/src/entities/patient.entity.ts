import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A person referred to case management, known by the referring territory's own identifier. */
@Entity({ name: 'patients' })
@Unique('patients_territory_external_id_key', ['territory', 'externalId'])
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

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
