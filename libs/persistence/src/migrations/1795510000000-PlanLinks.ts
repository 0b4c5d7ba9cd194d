import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from './1795480000000-AppRole';

/**
 * Issue 18: the one-click links a physician (or a legal representative) receives with a plan to acknowledge
 * it without an account. A link is usable once: its first use is recorded here (the link's id is the
 * SHA-256 of its text, never the text itself, which is a bearer secret until it expires).
 */
export class PlanLinks1795510000000 implements MigrationInterface {
  name = 'PlanLinks1795510000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE plan_link_uses (
        link_id       text        PRIMARY KEY,
        pathway_id    uuid        NOT NULL,
        member_id     text        NOT NULL,
        plan_version  integer     NOT NULL,
        decision      text        NOT NULL CHECK (decision IN ('VALIDATED', 'REMARKS')),
        used_at       timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX plan_link_uses_pathway ON plan_link_uses (pathway_id)`);
    // Default privileges (AppRole) grant it already when the same owner migrates; said here for an owner that differs.
    await queryRunner.query(`DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
      GRANT SELECT, INSERT, UPDATE, DELETE ON plan_link_uses TO ${APP_ROLE}; END IF; END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE plan_link_uses`);
  }
}
