import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What supervision needs (issue 6), at national scale (40,000 open pathways):
 *
 * - activity_failures: an activity of a pathway's workflow that keeps failing, recorded by the worker's
 *   activity interceptor (apps/worker/src/activity-failures.ts) once its attempts reach the threshold,
 *   and deleted when it succeeds. Without it a failing activity is invisible to a list: Temporal's
 *   visibility does not show retrying activities, and when the failing activity is the projection
 *   write itself, the projection cannot say so. No foreign key to pathways: the first write of a
 *   pathway (openPathwayRecord) may be the one failing, before its row exists; `territory` is then
 *   taken from the activity's input.
 * - indexes for the supervisor's reads (chosen with EXPLAIN ANALYZE on 40,000 open pathways, see
 *   infra/bench/supervision.mjs):
 *   - the stuck list: open pathways of a territory with a stuck reason, most overdue first (a small
 *     partial index: only stuck pathways are in it). Deadlines passed but not processed are found
 *     through the existing pathways_next_deadline_at_idx: few rows are ever past their next deadline;
 *   - the indicators, read pathway by pathway for the territory's pathways (events carry no territory,
 *     so a scan by type and time would cost the whole nation's events of the period): a pathway's events
 *     of a type in order (also "the assessment before this plan", "the first assessment"), and its
 *     reminders by the time they were sent.
 */
export class Supervision1795460000000 implements MigrationInterface {
  name = 'Supervision1795460000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE activity_failures (
        pathway_id      uuid        NOT NULL,
        activity_type   text        NOT NULL,
        territory       text        NULL,
        workflow_id     text        NOT NULL,
        attempts        integer     NOT NULL,
        last_error      text        NOT NULL,
        failing_since   timestamptz NOT NULL,
        last_failed_at  timestamptz NOT NULL,
        CONSTRAINT activity_failures_pkey PRIMARY KEY (pathway_id, activity_type),
        CONSTRAINT activity_failures_attempts_check CHECK (attempts >= 1)
      )`);
    await queryRunner.query(`CREATE INDEX activity_failures_territory_idx ON activity_failures (territory)`);

    await queryRunner.query(
      `CREATE INDEX pathways_stuck_idx ON pathways (territory, overdue_since)
        WHERE closed_at IS NULL AND stuck_reason IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX pathway_events_pathway_type_idx ON pathway_events (pathway_id, type, seq)`);
    await queryRunner.query(`CREATE INDEX reminders_pathway_sent_idx ON reminders (pathway_id, sent_at) WHERE status = 'sent'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX reminders_pathway_sent_idx`);
    await queryRunner.query(`DROP INDEX pathway_events_pathway_type_idx`);
    await queryRunner.query(`DROP INDEX pathways_stuck_idx`);
    await queryRunner.query(`DROP TABLE activity_failures`);
  }
}
