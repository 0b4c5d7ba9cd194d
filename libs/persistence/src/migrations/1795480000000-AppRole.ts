import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role the API and the worker connect as (the migrations keep running as the tables' owner). */
export const APP_ROLE = 'care_app';

/**
 * A least-privileged application role (issue 15): the apps used to connect as `postgres`, a superuser
 * and the owner of every table, which could rewrite the audit trail despite its trigger
 * (`SET LOCAL session_replication_role = replica` silences triggers, and the owner may
 * `ALTER TABLE audit_events DISABLE TRIGGER`). `care_app` is neither: not a superuser (so it cannot set
 * session_replication_role), owner of nothing (so it can neither alter nor disable a trigger of any
 * table), and granted only rows:
 *
 * - SELECT, INSERT, UPDATE, DELETE on the tables the stores write (no TRUNCATE, REFERENCES or TRIGGER);
 * - SELECT, INSERT only on `audit_events` (append-only even with its trigger gone);
 * - SELECT only on `typeorm_migrations` (the schema is the migrations' business).
 *
 * The role is created without a password, so nobody can log in as it until one is set: `migrate` sets
 * it from APP_DATABASE_PASSWORD on every run (libs/persistence/src/app-role.ts), or the operator does
 * it once (`ALTER ROLE care_app PASSWORD '…'`). Tables created by later migrations (run by the same
 * owner) get the same row privileges through ALTER DEFAULT PRIVILEGES; a later migration creating a
 * table that must be append-only revokes from care_app what it must not do, as this one does below.
 */
export class AppRole1795480000000 implements MigrationInterface {
  name = 'AppRole1795480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Roles belong to the cluster, not the database: another database of the same server may have made it.
    await queryRunner.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT;
        END IF;
      END
      $$`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    await queryRunner.query(`REVOKE UPDATE, DELETE ON audit_events, typeorm_migrations FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE INSERT ON typeorm_migrations FROM ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM ${APP_ROLE}`);
    await queryRunner.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await queryRunner.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
    // The role itself is left: it is the cluster's, and other databases may use it.
  }
}
