import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 19: documents attached to a pathway, in PostgreSQL (bytea) rather than a files directory: they
 * then share the database's backups, its transactions and its access control (the `care_app` role gets
 * row access through the default privileges of AppRole1795480000000), every API replica reads them
 * without a shared volume, and 10 MB at most per file keeps them well within what bytea handles. The
 * bytes are encrypted by the API (payload keys, `key_id`); Temporal holds only the id.
 */
export class PathwayDocuments1795500000000 implements MigrationInterface {
  name = 'PathwayDocuments1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pathway_documents (
        id             uuid        NOT NULL,
        pathway_id     uuid        NOT NULL,
        kind           text        NOT NULL,
        title          text        NULL,
        document_date  timestamptz NOT NULL,
        content_type   text        NOT NULL,
        size_bytes     integer     NOT NULL,
        file_name      text        NULL,
        uploaded_by    text        NOT NULL,
        uploaded_at    timestamptz NOT NULL DEFAULT now(),
        key_id         text        NOT NULL,
        ciphertext     bytea       NOT NULL,
        CONSTRAINT pathway_documents_pkey PRIMARY KEY (id),
        CONSTRAINT pathway_documents_pathway_id_fkey FOREIGN KEY (pathway_id) REFERENCES pathways (id),
        CONSTRAINT pathway_documents_kind_check
          CHECK (kind IN ('DISCHARGE_LETTER', 'MEDICAL_CERTIFICATE', 'APA_NOTIFICATION', 'COURT_RULING', 'SIGNED_PLAN', 'OTHER')),
        CONSTRAINT pathway_documents_content_type_check CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        CONSTRAINT pathway_documents_size_check CHECK (size_bytes > 0 AND size_bytes <= 10485760)
      )`);
    await queryRunner.query(`CREATE INDEX pathway_documents_pathway_idx ON pathway_documents (pathway_id, uploaded_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pathway_documents`);
  }
}
