import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The care-pathway schema. Hand-written: constraint and index names here are the ones the entities
 * declare, so the entities describe exactly what this builds (a test checks it).
 */
export class InitialSchema1795437884719 implements MigrationInterface {
  name = 'InitialSchema1795437884719';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_managers (
        id          text        NOT NULL,
        name        text        NOT NULL,
        email       text        NOT NULL,
        territory   text        NOT NULL,
        capacity    integer     NOT NULL DEFAULT 40,
        created_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_managers_pkey PRIMARY KEY (id),
        CONSTRAINT case_managers_capacity_check CHECK (capacity >= 0)
      )`);
    await queryRunner.query(`CREATE INDEX case_managers_territory_idx ON case_managers (territory)`);

    await queryRunner.query(`
      CREATE TABLE patients (
        id           uuid        NOT NULL DEFAULT gen_random_uuid(),
        territory    text        NOT NULL,
        external_id  text        NOT NULL,
        first_name   text        NOT NULL,
        last_name    text        NOT NULL,
        birth_date   date        NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT patients_pkey PRIMARY KEY (id),
        CONSTRAINT patients_territory_external_id_key UNIQUE (territory, external_id)
      )`);

    await queryRunner.query(`
      CREATE TABLE pathways (
        id                  uuid        NOT NULL,
        patient_id          uuid        NOT NULL,
        territory           text        NOT NULL,
        stage               text        NOT NULL,
        case_manager_id     text        NULL,
        referred_at         timestamptz NOT NULL,
        closed_at           timestamptz NULL,
        closure_reason      text        NULL,
        next_deadline_at    timestamptz NULL,
        overdue_since       timestamptz NULL,
        stuck_reason        text        NULL,
        flags               text[]      NOT NULL DEFAULT '{}',
        last_event_at       timestamptz NOT NULL,
        summary             jsonb       NOT NULL,
        projection_version  integer     NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pathways_pkey PRIMARY KEY (id),
        CONSTRAINT pathways_patient_id_fkey FOREIGN KEY (patient_id) REFERENCES patients (id),
        CONSTRAINT pathways_case_manager_id_fkey FOREIGN KEY (case_manager_id) REFERENCES case_managers (id)
      )`);
    // The database, not the application, makes a second open pathway for a patient impossible:
    // concurrent referrals race on this index and exactly one wins.
    await queryRunner.query(
      `CREATE UNIQUE INDEX pathways_one_open_per_patient ON pathways (patient_id) WHERE closed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX pathways_territory_stage_idx ON pathways (territory, stage, referred_at, id)`,
    );
    await queryRunner.query(`CREATE INDEX pathways_referred_at_idx ON pathways (referred_at, id)`);
    await queryRunner.query(`CREATE INDEX pathways_case_manager_idx ON pathways (case_manager_id)`);
    await queryRunner.query(`CREATE INDEX pathways_overdue_since_idx ON pathways (overdue_since)`);
    await queryRunner.query(`CREATE INDEX pathways_next_deadline_at_idx ON pathways (next_deadline_at)`);

    await queryRunner.query(`
      CREATE TABLE pathway_events (
        pathway_id   uuid        NOT NULL,
        seq          integer     NOT NULL,
        at           timestamptz NOT NULL,
        type         text        NOT NULL,
        actor        text        NOT NULL,
        data         jsonb       NOT NULL DEFAULT '{}',
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pathway_events_pkey PRIMARY KEY (pathway_id, seq),
        CONSTRAINT pathway_events_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE assessments (
        pathway_id        uuid        NOT NULL,
        seq               integer     NOT NULL,
        performed_at      timestamptz NOT NULL,
        mmse              smallint    NULL,
        gir               smallint    NULL,
        zarit             smallint    NULL,
        living_situation  text        NULL,
        summary           text        NOT NULL,
        data              jsonb       NOT NULL,
        recorded_at       timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assessments_pkey PRIMARY KEY (pathway_id, seq),
        CONSTRAINT assessments_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT assessments_mmse_check CHECK (mmse BETWEEN 0 AND 30),
        CONSTRAINT assessments_gir_check CHECK (gir BETWEEN 1 AND 6),
        CONSTRAINT assessments_zarit_check CHECK (zarit BETWEEN 0 AND 88)
      )`);

    await queryRunner.query(`
      CREATE TABLE plans (
        pathway_id   uuid        NOT NULL,
        version      integer     NOT NULL,
        seq          integer     NOT NULL,
        recorded_at  timestamptz NOT NULL,
        services     jsonb       NOT NULL,
        CONSTRAINT plans_pkey PRIMARY KEY (pathway_id, version),
        CONSTRAINT plans_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT plans_version_check CHECK (version >= 1)
      )`);

    // History is rewritten by nobody: the timeline, assessments and plan versions only grow.
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation';
      END
      $$`);
    for (const table of ['pathway_events', 'assessments', 'plans']) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
         FOR EACH ROW EXECUTE FUNCTION refuse_history_rewrite()`,
      );
    }

    await queryRunner.query(`
      CREATE TABLE caseload_assignments (
        pathway_id       uuid        NOT NULL,
        case_manager_id  text        NOT NULL,
        assigned_at      timestamptz NOT NULL,
        CONSTRAINT caseload_assignments_pkey PRIMARY KEY (pathway_id),
        CONSTRAINT caseload_assignments_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT caseload_assignments_case_manager_id_fkey
          FOREIGN KEY (case_manager_id) REFERENCES case_managers (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX caseload_assignments_case_manager_idx ON caseload_assignments (case_manager_id)`,
    );

    await queryRunner.query(`
      CREATE TABLE idempotency_records (
        key            text        NOT NULL,
        principal      text        NOT NULL,
        method         text        NOT NULL,
        path           text        NOT NULL,
        request_hash   text        NOT NULL,
        status_code    integer     NULL,
        response_body  jsonb       NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        completed_at   timestamptz NULL,
        CONSTRAINT idempotency_records_pkey PRIMARY KEY (key, principal)
      )`);

    await queryRunner.query(`
      CREATE TABLE reminders (
        id                 uuid        NOT NULL DEFAULT gen_random_uuid(),
        dedupe_key         text        NOT NULL,
        pathway_id         uuid        NOT NULL,
        kind               text        NOT NULL,
        recipient_role     text        NOT NULL,
        recipient_address  text        NULL,
        channel            text        NOT NULL,
        due_at             timestamptz NOT NULL,
        status             text        NOT NULL DEFAULT 'scheduled',
        attempts           integer     NOT NULL DEFAULT 0,
        last_error         text        NULL,
        next_attempt_at    timestamptz NULL,
        sent_at            timestamptz NULL,
        payload            jsonb       NOT NULL DEFAULT '{}',
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reminders_pkey PRIMARY KEY (id),
        CONSTRAINT reminders_dedupe_key_key UNIQUE (dedupe_key),
        CONSTRAINT reminders_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT reminders_status_check
          CHECK (status IN ('scheduled', 'sending', 'sent', 'failed', 'cancelled'))
      )`);
    await queryRunner.query(`CREATE INDEX reminders_due_idx ON reminders (status, next_attempt_at)`);
    await queryRunner.query(`CREATE INDEX reminders_pathway_idx ON reminders (pathway_id, due_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'reminders',
      'idempotency_records',
      'caseload_assignments',
      'plans',
      'assessments',
      'pathway_events',
      'pathways',
      'patients',
      'case_managers',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_history_rewrite()`);
  }
}
