import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: a private iCalendar feed per case manager (their appointments and deadlines), reached by a
 * secret URL that can be rotated or revoked. Only the secret's SHA-256 is stored: a copy of the database
 * does not give anyone's calendar away. One feed per case manager: rotating replaces the secret (the old
 * URL answers 404 at once), revoking deletes the row. care_app gets row access by the default privileges
 * the AppRole migration set for the owner's later tables.
 */
export class CalendarFeeds1795519000000 implements MigrationInterface {
  name = 'CalendarFeeds1795519000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE calendar_feeds (
        case_manager_id  text        NOT NULL,
        secret_sha256    text        NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        created_by       text        NOT NULL,
        CONSTRAINT calendar_feeds_pkey PRIMARY KEY (case_manager_id),
        CONSTRAINT calendar_feeds_secret_key UNIQUE (secret_sha256),
        CONSTRAINT calendar_feeds_case_manager_id_fkey FOREIGN KEY (case_manager_id) REFERENCES case_managers (id) ON DELETE CASCADE
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE calendar_feeds`);
  }
}
