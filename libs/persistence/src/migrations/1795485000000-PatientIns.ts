import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 20: the national health identifier (INS) of a patient, when the referral gives it.
 *
 * Nullable, since most referrals so far carry only the territory's own identifier. The partial unique
 * index makes the INS, where known, the identity of a patient within a territory: a second referral of
 * the same person under another local identifier finds the same patient row, so the existing rule of
 * one open pathway per patient (`pathways_one_open_per_patient`) also holds per INS.
 */
export class PatientIns1795485000000 implements MigrationInterface {
  name = 'PatientIns1795485000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE patients ADD COLUMN ins text`);
    await queryRunner.query(`CREATE UNIQUE INDEX patients_territory_ins_key ON patients (territory, ins) WHERE ins IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX patients_territory_ins_key`);
    await queryRunner.query(`ALTER TABLE patients DROP COLUMN ins`);
  }
}
