import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: `pathways.stuck_reason` holds a stable code (libs/domain StuckCode: the clock kind, or
 * `activityFailing`) instead of the English sentence, so the stuck list, the list filter and the
 * indicators no longer break when a sentence is reworded.
 *
 * The sentences are written out here as they were when the rows were stored: the domain's table may be
 * reworded later, this migration must keep matching what is in the database. The projected summary's
 * `stuck[]` items gain their `code` too (the workflow writes it from now on); their sentences stay, for
 * display. A pathway the workflow writes again gets both from the workflow anyway.
 */
const SENTENCES: ReadonlyArray<readonly [string, string]> = [
  ['eligibility decision overdue', 'eligibilityDue'],
  ['case manager assignment overdue', 'assignmentDue'],
  ['first contact overdue', 'firstContactDue'],
  ['first home visit overdue', 'firstHomeVisitDue'],
  ['assessment overdue', 'assessmentDue'],
  ['service plan overdue', 'planDue'],
  ['plan not acknowledged by the physician', 'planAcknowledgementDue'],
  ['follow-up contact overdue', 'contactDue'],
  ['periodic reassessment overdue', 'reassessmentDue'],
  ['post-discharge reassessment overdue', 'postDischargeReassessmentDue'],
  ['significant-change reassessment overdue', 'significantChangeReassessmentDue'],
  ['post-admission follow-up overdue (close or extend)', 'postAdmissionFollowUpDue'],
  ['no event for too long', 'inactivityStuckAfter'],
  ['discharge letter not received', 'dischargeLetterDue'],
  ['home services not restarted after discharge', 'servicesRestartDue'],
  ['respite start passed', 'respiteStart'],
  ['respite end passed', 'respiteEnd'],
  ['crisis without action within 24 hours', 'crisisActionDue'],
  ['APA file not acknowledged by the département', 'apaAcknowledgementDue'],
  ['APA decision overdue', 'apaDecisionDue'],
  ['APA provider not declared', 'apaProviderDeclarationDue'],
  ['legal protection request lapsed without a ruling', 'legalRequestLapseAfter'],
  ['legal protection measure ended without renewal', 'legalMeasureRenewal'],
  ["nursing-home application without the physician's medical part", 'nursingHomeMedicalPartDue'],
];

export class StuckCodes1795490000000 implements MigrationInterface {
  name = 'StuckCodes1795490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE pathways p SET stuck_reason = m.code
         FROM unnest($1::text[], $2::text[]) AS m(sentence, code)
        WHERE p.stuck_reason = m.sentence`,
      [SENTENCES.map(([sentence]) => sentence), SENTENCES.map(([, code]) => code)],
    );
    // "activity recordPathwayEvents keeps failing", with or without the database's refusal after it.
    await queryRunner.query(`UPDATE pathways SET stuck_reason = 'activityFailing' WHERE stuck_reason LIKE 'activity % keeps failing%'`);
    await queryRunner.query(
      `UPDATE pathways p
          SET summary = jsonb_set(p.summary, '{stuck}',
                (SELECT jsonb_agg(s || jsonb_build_object('code', COALESCE(s->>'clock', 'activityFailing')) ORDER BY n)
                   FROM jsonb_array_elements(p.summary->'stuck') WITH ORDINALITY AS e(s, n)))
        WHERE jsonb_typeof(p.summary->'stuck') = 'array' AND jsonb_array_length(p.summary->'stuck') > 0`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE pathways p SET stuck_reason = m.sentence
         FROM unnest($1::text[], $2::text[]) AS m(sentence, code)
        WHERE p.stuck_reason = m.code`,
      [SENTENCES.map(([sentence]) => sentence), SENTENCES.map(([, code]) => code)],
    );
    // The failing activity's name is in the summary's sentence; the column only needs to read as before.
    await queryRunner.query(
      `UPDATE pathways p SET stuck_reason = COALESCE(
                (SELECT s->>'reason' FROM jsonb_array_elements(p.summary->'stuck') s WHERE s->>'code' = 'activityFailing' LIMIT 1),
                'activity keeps failing')
        WHERE p.stuck_reason = 'activityFailing'`,
    );
    await queryRunner.query(
      `UPDATE pathways p
          SET summary = jsonb_set(p.summary, '{stuck}',
                (SELECT jsonb_agg(s - 'code' ORDER BY n) FROM jsonb_array_elements(p.summary->'stuck') WITH ORDINALITY AS e(s, n)))
        WHERE jsonb_typeof(p.summary->'stuck') = 'array' AND jsonb_array_length(p.summary->'stuck') > 0`,
    );
  }
}
