import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (issue 7): one row per request that reads patient data or takes a step, denied and
 * failed ones included, written by the API (apps/api/src/common/audit). Append-only, enforced by the
 * database rather than by the code that writes it:
 *
 * - a statement trigger refuses UPDATE, DELETE and TRUNCATE for every role, the table owner and
 *   superusers included (only disabling the trigger, which takes ownership, gets past it);
 * - UPDATE, DELETE and TRUNCATE are revoked from PUBLIC and from the role running this migration, so
 *   a role that is granted only what the app needs cannot change a row even with the trigger gone.
 *
 * In production the app should not own its tables: run migrations as an owner role and connect the
 * apps as another one, granted for this table only
 *
 *     GRANT SELECT, INSERT ON audit_events TO care_pathways_app;
 *
 * Locally (npm start, the tests) the apps connect as the embedded server's superuser `postgres`, which
 * no REVOKE binds; there the trigger is the guard.
 */
export class AuditTrail1795450000000 implements MigrationInterface {
  name = 'AuditTrail1795450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_events (
        id           bigint      GENERATED ALWAYS AS IDENTITY,
        occurred_at  timestamptz NOT NULL DEFAULT now(),
        request_id   text        NOT NULL,
        actor        text        NULL,
        roles        text[]      NOT NULL DEFAULT '{}',
        territory    text        NULL,
        pathway_id   uuid        NULL,
        method       text        NOT NULL,
        route        text        NOT NULL,
        action       text        NULL,
        outcome      text        NOT NULL,
        status       integer     NOT NULL,
        reason       text        NULL,
        client_ip    text        NULL,
        details      jsonb       NULL,
        CONSTRAINT audit_events_pkey PRIMARY KEY (id),
        CONSTRAINT audit_events_outcome_check CHECK (outcome IN ('allowed', 'denied', 'failed'))
      )`);
    // "Who accessed this pathway?" and "what did this person do?" are the questions asked of it.
    await queryRunner.query(`CREATE INDEX audit_events_pathway_idx ON audit_events (pathway_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_events_actor_idx ON audit_events (actor, occurred_at)`);
    await queryRunner.query(`CREATE INDEX audit_events_request_idx ON audit_events (request_id)`);

    await queryRunner.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC`);
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM CURRENT_USER`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE audit_events`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
  }
}
