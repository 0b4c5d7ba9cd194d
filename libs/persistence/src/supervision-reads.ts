/**
 * What a supervisor (pilote MAIA) reads of their territory, in SQL over the projection, the timeline,
 * the outbox and the activity failures the worker records. Nothing here asks Temporal: one query per
 * answer, on indexes made for it (migration Supervision1795460000000), so the answer takes as long
 * with 40,000 open pathways as with 40 (infra/bench/supervision.mjs measures it).
 */
import { Db, sql, Timestamp } from './sql';

/** Where a reason for being stuck comes from. */
export type StuckSource =
  /** The workflow's own verdict, in the projection: an overdue deadline, inactivity, a failing activity. */
  | 'projection'
  /** A failing activity recorded by the worker (the projection may be the write that fails). */
  | 'activity'
  /** The projection's next deadline has passed but the workflow has not processed it (worker stopped or behind). */
  | 'unprocessedDeadline';

export interface StuckReasonRow {
  pathwayId: string;
  /** The projected stage; null when the pathway's row was never written (its first write is failing). */
  stage: string | null;
  caseManagerId: string | null;
  source: StuckSource;
  /** The projection's stuck code (source `projection`: a clock kind or activityFailing, never a sentence); null for the other sources. */
  reason: string | null;
  since: Date | null;
  /** Source `activity`. */
  activityType?: string;
  attempts?: number;
  lastFailedAt?: Date;
  /** Source `activity`: the worker's last error (activity and SQLSTATE for a database error, never values). */
  lastError?: string;
  /** Source `unprocessedDeadline`: the deadline's kind, from the projected summary. */
  deadlineKind?: string | null;
}

interface StuckRow {
  pathway_id: string;
  stage: string | null;
  case_manager_id: string | null;
  source: StuckSource;
  reason: string | null;
  since: Date | null;
  activity_type: string | null;
  attempts: number | null;
  last_failed_at: Date | null;
  deadline_kind: string | null;
  last_error: string | null;
}

/**
 * A deadline the projection still shows as to come, this long after it passed, was not processed by
 * its workflow (which wakes up at the deadline and writes the projection within a second): its worker
 * is stopped or far behind. The pathway is listed as stuck anyway (the stuck list, the worker's metrics).
 */
export const UNPROCESSED_DEADLINE_GRACE_MS = 60_000;

/** The stuck list's statement ($1 territory, $2 deadlinesPassedBefore); exported for EXPLAIN (infra/bench/supervision.mjs). */
export const STUCK_REASONS_SQL = `SELECT p.id AS pathway_id, p.stage, p.case_manager_id, 'projection' AS source, p.stuck_reason AS reason,
        p.overdue_since AS since, NULL::text AS activity_type, NULL::integer AS attempts,
        NULL::timestamptz AS last_failed_at, NULL::text AS deadline_kind, NULL::text AS last_error
   FROM pathways p
  WHERE p.territory = $1 AND p.closed_at IS NULL AND p.stuck_reason IS NOT NULL
 UNION ALL
 SELECT p.id, p.stage, p.case_manager_id, 'unprocessedDeadline', NULL, p.next_deadline_at, NULL, NULL, NULL,
        (SELECT d->>'kind' FROM jsonb_array_elements(p.summary->'deadlines') d
          WHERE (d->>'dueAt')::timestamptz = p.next_deadline_at LIMIT 1), NULL
   FROM pathways p
  WHERE p.territory = $1 AND p.closed_at IS NULL AND p.stuck_reason IS NULL AND p.next_deadline_at < $2
 UNION ALL
 SELECT f.pathway_id, p.stage, p.case_manager_id, 'activity', NULL, f.failing_since, f.activity_type, f.attempts,
        f.last_failed_at, NULL, f.last_error
   FROM activity_failures f LEFT JOIN pathways p ON p.id = f.pathway_id
  WHERE COALESCE(p.territory, f.territory) = $1 AND p.closed_at IS NULL
  ORDER BY since ASC NULLS LAST, pathway_id, source`;

/**
 * Every reason the open pathways of a territory are stuck, one row per reason, oldest first (a pathway
 * may appear more than once: an overdue deadline and a failing activity). `deadlinesPassedBefore`
 * bounds the "unprocessed deadline" rule: a deadline the projection shows as still to come but due
 * before this instant (now minus a grace the workflow normally needs far less than) has passed
 * without the workflow noticing.
 */
export async function listStuckReasons(db: Db, filter: { territory: string; deadlinesPassedBefore: Timestamp }): Promise<StuckReasonRow[]> {
  const { rows } = await sql<StuckRow>(db, STUCK_REASONS_SQL, [filter.territory, filter.deadlinesPassedBefore]);
  return rows.map((row) => ({
    pathwayId: row.pathway_id,
    stage: row.stage,
    caseManagerId: row.case_manager_id,
    source: row.source,
    reason: row.reason,
    since: row.since,
    ...(row.source === 'activity'
      ? { activityType: row.activity_type ?? undefined, attempts: row.attempts ?? undefined, lastFailedAt: row.last_failed_at ?? undefined, lastError: row.last_error ?? undefined }
      : {}),
    ...(row.source === 'unprocessedDeadline' ? { deadlineKind: row.deadline_kind } : {}),
  }));
}

export interface DelayStatistics {
  /** How many delays were measured. */
  count: number;
  /** Seconds; null when nothing was measured. */
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface TerritoryIndicators {
  /** Referrals recorded in the period (REFERRAL_RECEIVED). */
  opened: number;
  /** Closures in the period (PATHWAY_CLOSED), by closure reason. */
  closedByReason: Record<string, number>;
  /** Referral date → first assessment recorded, for first assessments recorded in the period. */
  referralToFirstAssessment: DelayStatistics;
  /** Assessment recorded → plan recorded, for cycle plans (PLANNING → PLAN_VALIDATION) recorded in the period. */
  assessmentToPlan: DelayStatistics;
  /** Plan acknowledgement windows that ended in the period: acknowledged in time, or ended without. */
  planAcknowledgement: { acknowledgedInTime: number; windowEnded: number; acknowledgedLate: number };
  /** Outbox rows sent in the period. */
  remindersSent: number;
  remindersSentByRecipient: Record<string, number>;
  /** Deadlines that passed in the period (DEADLINE_PASSED), by deadline kind. */
  deadlinesPassedByKind: Record<string, number>;
  /** Open pathways whose projection shows one of `overdueCodes` now (whatever the period). */
  pathwaysOverdueNow: number;
}

/** The timeline events the indicators read. */
const INDICATOR_EVENT_TYPES = [
  'REFERRAL_RECEIVED',
  'PATHWAY_CLOSED',
  'ASSESSMENT_RECORDED',
  'PLAN_RECORDED',
  'PLAN_ACKNOWLEDGED',
  'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED',
  'DEADLINE_PASSED',
];

interface IndicatorsRow {
  opened: number;
  closed_by_reason: Record<string, number>;
  referral_to_first_assessment: { count: number; median: number | null; p90: number | null };
  assessment_to_plan: { count: number; median: number | null; p90: number | null };
  acknowledged_in_time: number;
  window_ended: number;
  acknowledged_late: number;
  deadlines_passed: Record<string, number>;
  reminders_sent: Record<string, number>;
  overdue_now: number;
}

/**
 * The indicators' statement ($1 territory, $2 from, $3 to, $4 event types, $5 overdue codes; see
 * indicatorsParams); exported for EXPLAIN (infra/bench/supervision.mjs).
 *
 * Events and reminders carry no territory: they are read pathway by pathway for the territory's pathways
 * open during the period (pathway_events_pathway_type_idx, reminders_pathway_sent_idx), so the cost follows
 * the territory's size. `OFFSET 0` keeps each lateral read per pathway: without it the planner may scan the
 * whole nation's events of the period by type and hash-join them, a cost that grows with every territory
 * (measured at 40,000 open pathways: 85 ms against 41 ms for a year, see infra/bench/supervision.mjs).
 */
export const INDICATORS_SQL = `WITH events AS (
   SELECT e.pathway_id, e.seq, e.at, e.type, e.data, p.referred_at
     FROM pathways p
     CROSS JOIN LATERAL (SELECT e.pathway_id, e.seq, e.at, e.type, e.data FROM pathway_events e
                          WHERE e.pathway_id = p.id AND e.type = ANY($4::text[]) AND e.at >= $2 AND e.at < $3
                         OFFSET 0) e
    WHERE p.territory = $1 AND (p.closed_at IS NULL OR p.closed_at >= $2)
 ),
 first_assessments AS (
   SELECT extract(epoch FROM e.at - e.referred_at)::float8 AS seconds
     FROM events e
    WHERE e.type = 'ASSESSMENT_RECORDED'
      AND NOT EXISTS (SELECT 1 FROM pathway_events a
                       WHERE a.pathway_id = e.pathway_id AND a.seq < e.seq AND a.type = 'ASSESSMENT_RECORDED')
 ),
 cycle_plans AS (
   SELECT extract(epoch FROM e.at - a.at)::float8 AS seconds
     FROM events e
     CROSS JOIN LATERAL (SELECT a.at FROM pathway_events a
                          WHERE a.pathway_id = e.pathway_id AND a.seq < e.seq AND a.type = 'ASSESSMENT_RECORDED'
                          ORDER BY a.seq DESC LIMIT 1) a
    WHERE e.type = 'PLAN_RECORDED' AND e.data->>'stage' = 'PLAN_VALIDATION'
 ),
 window_outcomes AS (
   SELECT e.type,
          COALESCE((SELECT b.type = 'PLAN_RECORDED' AND b.data->>'stage' = 'PLAN_VALIDATION'
                      FROM pathway_events b
                     WHERE b.pathway_id = e.pathway_id AND b.seq < e.seq
                       AND b.type IN ('PLAN_RECORDED', 'PLAN_ACKNOWLEDGED', 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED')
                     ORDER BY b.seq DESC LIMIT 1), false) AS window_open
     FROM events e
    WHERE e.type IN ('PLAN_ACKNOWLEDGED', 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED')
 )
 SELECT
   (SELECT count(*)::int FROM events WHERE type = 'REFERRAL_RECEIVED') AS opened,
   (SELECT COALESCE(jsonb_object_agg(reason, n), '{}'::jsonb)
      FROM (SELECT COALESCE(data->>'reason', 'UNKNOWN') AS reason, count(*)::int AS n
              FROM events WHERE type = 'PATHWAY_CLOSED' GROUP BY 1) closed) AS closed_by_reason,
   (SELECT jsonb_build_object('count', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
                              'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds))
      FROM first_assessments) AS referral_to_first_assessment,
   (SELECT jsonb_build_object('count', count(*), 'median', percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
                              'p90', percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds))
      FROM cycle_plans) AS assessment_to_plan,
   (SELECT count(*)::int FROM window_outcomes WHERE type = 'PLAN_ACKNOWLEDGED' AND window_open) AS acknowledged_in_time,
   (SELECT count(*)::int FROM window_outcomes WHERE type = 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED') AS window_ended,
   (SELECT count(*)::int FROM window_outcomes WHERE type = 'PLAN_ACKNOWLEDGED' AND NOT window_open) AS acknowledged_late,
   (SELECT COALESCE(jsonb_object_agg(kind, n), '{}'::jsonb)
      FROM (SELECT COALESCE(data->>'clock', 'UNKNOWN') AS kind, count(*)::int AS n
              FROM events WHERE type = 'DEADLINE_PASSED' GROUP BY 1) passed) AS deadlines_passed,
   (SELECT COALESCE(jsonb_object_agg(recipient_role, n), '{}'::jsonb)
      FROM (SELECT r.recipient_role, count(*)::int AS n
              FROM pathways p
              CROSS JOIN LATERAL (SELECT r.recipient_role FROM reminders r
                                   WHERE r.pathway_id = p.id AND r.status = 'sent' AND r.sent_at >= $2 AND r.sent_at < $3
                                  OFFSET 0) r
             WHERE p.territory = $1 AND (p.closed_at IS NULL OR p.closed_at >= $2)
             GROUP BY 1) sent) AS reminders_sent,
   (SELECT count(*)::int FROM pathways
     WHERE territory = $1 AND closed_at IS NULL AND stuck_reason IS NOT NULL
       AND stuck_reason = ANY($5::text[])) AS overdue_now`;

export function indicatorsParams(query: { territory: string; from: Timestamp; to: Timestamp; overdueCodes: readonly string[] }): unknown[] {
  return [query.territory, query.from, query.to, INDICATOR_EVENT_TYPES, [...query.overdueCodes]];
}

/**
 * The indicators of a territory over [from, to), from the timeline (events by `at`, the workflow's time
 * of each step) and the outbox (reminders by `sent_at`), in one statement.
 *
 * - A plan acknowledgement is in time when it closes a window still open: the nearest earlier event among
 *   plan recorded / acknowledged / window ended is a plan recorded in PLAN_VALIDATION (the step that
 *   opens the window). An acknowledgement after the window ended, or of a plan revised in follow-up (no
 *   window), is not counted in time.
 * - `overdueCodes`: the stuck codes that are deadlines (libs/domain OVERDUE_CODES, clock kinds), so a
 *   failing activity or an inactive pathway does not count as overdue. Codes, not sentences: rewording a
 *   sentence for display changes no count.
 */
export async function territoryIndicators(
  db: Db,
  query: { territory: string; from: Timestamp; to: Timestamp; overdueCodes: readonly string[] },
): Promise<TerritoryIndicators> {
  const { rows } = await sql<IndicatorsRow>(db, INDICATORS_SQL, indicatorsParams(query));
  const row = rows[0];
  const delays = (d: IndicatorsRow['referral_to_first_assessment']): DelayStatistics => ({
    count: Number(d.count),
    medianSeconds: d.median,
    p90Seconds: d.p90,
  });
  return {
    opened: row.opened,
    closedByReason: row.closed_by_reason,
    referralToFirstAssessment: delays(row.referral_to_first_assessment),
    assessmentToPlan: delays(row.assessment_to_plan),
    planAcknowledgement: {
      acknowledgedInTime: row.acknowledged_in_time,
      windowEnded: row.window_ended,
      acknowledgedLate: row.acknowledged_late,
    },
    remindersSent: Object.values(row.reminders_sent).reduce((sum, n) => sum + n, 0),
    remindersSentByRecipient: row.reminders_sent,
    deadlinesPassedByKind: row.deadlines_passed,
    pathwaysOverdueNow: row.overdue_now,
  };
}
