import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8: absences and waiting-list offers.
 *
 * - absences: a case manager's declared absence, one row per absence, written by the API when it is
 *   declared (the id derives from the Idempotency-Key, so a retry writes nothing twice). The absence
 *   workflow still moves the pathways; this row is what can be listed, and what the waiting list asks
 *   ("is this case manager away now?") without describing workflows. `from`/`to` are SQL keywords,
 *   hence starts_at / ends_at.
 * - waiting_list_offers: PATHWAY.md "when a case manager's active count drops below capacity, the
 *   oldest waiting pathway of their territory is offered to them". One row per offer with its outcome.
 *   `trigger_key` names the freed slot that made the offer (a closure, a reassignment away), so the
 *   worker activity that frees it can be retried without offering twice; the partial unique index
 *   keeps at most one open offer per pathway, under concurrent freed slots.
 */
export class WaitingListAndAbsences1795470000000 implements MigrationInterface {
  name = 'WaitingListAndAbsences1795470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE absences (
        id               uuid        NOT NULL,
        case_manager_id  text        NOT NULL,
        territory        text        NOT NULL,
        starts_at        timestamptz NOT NULL,
        ends_at          timestamptz NOT NULL,
        covered_by       text[]      NOT NULL,
        declared_by      text        NOT NULL,
        declared_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT absences_pkey PRIMARY KEY (id),
        CONSTRAINT absences_case_manager_id_fkey FOREIGN KEY (case_manager_id) REFERENCES case_managers (id),
        CONSTRAINT absences_period_check CHECK (ends_at > starts_at)
      )`);
    await queryRunner.query(`CREATE INDEX absences_case_manager_idx ON absences (case_manager_id, ends_at)`);

    await queryRunner.query(`
      CREATE TABLE waiting_list_offers (
        id               uuid        NOT NULL DEFAULT gen_random_uuid(),
        pathway_id       uuid        NOT NULL,
        case_manager_id  text        NOT NULL,
        territory        text        NOT NULL,
        trigger_key      text        NOT NULL,
        offered_at       timestamptz NOT NULL DEFAULT now(),
        status           text        NOT NULL DEFAULT 'OFFERED',
        decided_at       timestamptz NULL,
        decided_by       text        NULL,
        reason           text        NULL,
        CONSTRAINT waiting_list_offers_pkey PRIMARY KEY (id),
        CONSTRAINT waiting_list_offers_trigger_key_key UNIQUE (trigger_key),
        CONSTRAINT waiting_list_offers_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT waiting_list_offers_case_manager_id_fkey FOREIGN KEY (case_manager_id) REFERENCES case_managers (id),
        CONSTRAINT waiting_list_offers_status_check
          CHECK (status IN ('OFFERED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN', 'AUTO_ASSIGNED'))
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX waiting_list_offers_one_open_per_pathway ON waiting_list_offers (pathway_id) WHERE status = 'OFFERED'`,
    );
    await queryRunner.query(
      `CREATE INDEX waiting_list_offers_open_idx ON waiting_list_offers (territory, offered_at) WHERE status = 'OFFERED'`,
    );
    await queryRunner.query(
      `CREATE INDEX waiting_list_offers_case_manager_idx ON waiting_list_offers (case_manager_id) WHERE status = 'OFFERED'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE waiting_list_offers`);
    await queryRunner.query(`DROP TABLE absences`);
  }
}
