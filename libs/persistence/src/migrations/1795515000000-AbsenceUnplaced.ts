import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: an absence the covering case managers cannot take whole is recorded anyway. `unplaced` holds
 * the pathways that did not fit within their caps, as decided when it was declared: the supervisor's list
 * to place (GET /case-managers/{id}/absences/{absenceId}/unplaced), and, while the absence runs and the
 * absent case manager still holds one, what sends its case-manager reminders to the territory's supervisor
 * contact instead. The app role's rights on `absences` already cover the new column.
 */
export class AbsenceUnplaced1795515000000 implements MigrationInterface {
  name = 'AbsenceUnplaced1795515000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE absences ADD COLUMN unplaced uuid[] NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE absences DROP COLUMN unplaced`);
  }
}
