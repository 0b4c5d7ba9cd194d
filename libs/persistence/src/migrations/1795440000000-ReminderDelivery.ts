import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What delivering the reminder outbox needs (apps/worker/src/reminders):
 *
 * - reminders: the claim of a delivery attempt (`claim_token`, `claimed_by`, `lease_expires_at`) and the
 *   instant the message was irrevocably handed to the channel (`handed_over_at`, with the `message_id`
 *   it carried). A row left `sending` by a killed worker is recovered from these: never handed over →
 *   delivered again; handed over → the outcome is unknown and it is not sent again (see
 *   reminder-delivery.ts).
 * - territory_contacts: who receives the messages addressed to a territory's supervisor (pilote MAIA)
 *   and intake desk (guichet intégré); the workflow knows the roles, not the people.
 * - supervisor_digests: one daily digest per territory, an outbox of its own with the same delivery
 *   columns (it belongs to a territory, not to a pathway).
 */
export class ReminderDelivery1795440000000 implements MigrationInterface {
  name = 'ReminderDelivery1795440000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE reminders
        ADD COLUMN claim_token       uuid        NULL,
        ADD COLUMN claimed_by        text        NULL,
        ADD COLUMN lease_expires_at  timestamptz NULL,
        ADD COLUMN handed_over_at    timestamptz NULL,
        ADD COLUMN message_id        text        NULL`);

    await queryRunner.query(`
      CREATE TABLE territory_contacts (
        territory   text        NOT NULL,
        role        text        NOT NULL,
        name        text        NOT NULL,
        email       text        NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT territory_contacts_pkey PRIMARY KEY (territory, role),
        CONSTRAINT territory_contacts_role_check CHECK (role IN ('supervisor', 'intake'))
      )`);

    await queryRunner.query(`
      CREATE TABLE supervisor_digests (
        id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
        territory          text        NOT NULL,
        period_start       timestamptz NOT NULL,
        period_end         timestamptz NOT NULL,
        recipient_address  text        NULL,
        channel            text        NOT NULL DEFAULT 'email',
        status             text        NOT NULL DEFAULT 'scheduled',
        attempts           integer     NOT NULL DEFAULT 0,
        last_error         text        NULL,
        next_attempt_at    timestamptz NULL,
        claim_token        uuid        NULL,
        claimed_by         text        NULL,
        lease_expires_at   timestamptz NULL,
        handed_over_at     timestamptz NULL,
        message_id         text        NULL,
        sent_at            timestamptz NULL,
        items              jsonb       NOT NULL DEFAULT '[]',
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT supervisor_digests_pkey PRIMARY KEY (id),
        CONSTRAINT supervisor_digests_territory_period_key UNIQUE (territory, period_end),
        CONSTRAINT supervisor_digests_status_check
          CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled'))
      )`);
    await queryRunner.query(`CREATE INDEX supervisor_digests_due_idx ON supervisor_digests (status, next_attempt_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE supervisor_digests`);
    await queryRunner.query(`DROP TABLE territory_contacts`);
    await queryRunner.query(`
      ALTER TABLE reminders
        DROP COLUMN claim_token, DROP COLUMN claimed_by, DROP COLUMN lease_expires_at,
        DROP COLUMN handed_over_at, DROP COLUMN message_id`);
  }
}
