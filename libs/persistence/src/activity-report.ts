/**
 * The annual activity report of a territory (issue 19): what the indicators do not say about a year —
 * how many pathways were open when it began, how many each case manager held during it, and the GIR of
 * the people followed. Opened, closed by reason and the delays come from the indicators' own statement
 * (territoryIndicators) over the same period, so the report and the indicators screen cannot disagree.
 */
import { Db, sql, Timestamp } from './sql';

export interface TerritoryActivity {
  /** Referred before `from` and not closed before it. */
  openAtStart: number;
  /** Open at some point of [from, to): referred before `to`, not closed before `from`. */
  activeInPeriod: number;
  /** Those, by the case manager holding them at the end of the period (or at their closure), names from case_managers. */
  activeByCaseManager: { caseManagerId: string; name: string; active: number }[];
  /** Those that had no case manager by then (waiting list, refused or reoriented referrals). */
  activeUnassigned: number;
  /** Those, by the GIR of their latest assessment performed before `to` ('none': not assessed, or no GIR). */
  girDistribution: Record<'1' | '2' | '3' | '4' | '5' | '6' | 'none', number>;
}

export const ACTIVITY_REPORT_SQL = `WITH active AS (
   SELECT p.id, p.referred_at,
          (SELECT e.data->>'caseManagerId' FROM pathway_events e
            WHERE e.pathway_id = p.id AND e.type IN ('CASE_MANAGER_ASSIGNED', 'CASE_MANAGER_REASSIGNED') AND e.at < $3
            ORDER BY e.seq DESC LIMIT 1) AS case_manager_id,
          (SELECT a.gir FROM assessments a
            WHERE a.pathway_id = p.id AND a.performed_at < $3
            ORDER BY a.performed_at DESC, a.seq DESC LIMIT 1) AS gir
     FROM pathways p
    WHERE p.territory = $1 AND p.referred_at < $3 AND (p.closed_at IS NULL OR p.closed_at >= $2)
 )
 SELECT
   (SELECT count(*)::int FROM active WHERE referred_at < $2) AS open_at_start,
   (SELECT count(*)::int FROM active) AS active_in_period,
   (SELECT COALESCE(jsonb_agg(jsonb_build_object('caseManagerId', held.case_manager_id, 'name', COALESCE(cm.name, held.case_manager_id), 'active', held.n)
                              ORDER BY COALESCE(cm.name, held.case_manager_id)), '[]'::jsonb)
      FROM (SELECT case_manager_id, count(*)::int AS n FROM active WHERE case_manager_id IS NOT NULL GROUP BY 1) held
      LEFT JOIN case_managers cm ON cm.id = held.case_manager_id) AS active_by_case_manager,
   (SELECT count(*)::int FROM active WHERE case_manager_id IS NULL) AS active_unassigned,
   (SELECT COALESCE(jsonb_object_agg(gir, n), '{}'::jsonb)
      FROM (SELECT COALESCE(gir::text, 'none') AS gir, count(*)::int AS n FROM active GROUP BY 1) g) AS gir_distribution`;

interface ActivityRow {
  open_at_start: number;
  active_in_period: number;
  active_by_case_manager: TerritoryActivity['activeByCaseManager'];
  active_unassigned: number;
  gir_distribution: Partial<TerritoryActivity['girDistribution']>;
}

/** The territory's activity over [from, to) (see the top of this file), in one statement. */
export async function territoryActivity(db: Db, query: { territory: string; from: Timestamp; to: Timestamp }): Promise<TerritoryActivity> {
  const { rows } = await sql<ActivityRow>(db, ACTIVITY_REPORT_SQL, [query.territory, query.from, query.to]);
  const row = rows[0];
  const gir = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, none: 0, ...row.gir_distribution };
  return {
    openAtStart: row.open_at_start,
    activeInPeriod: row.active_in_period,
    activeByCaseManager: row.active_by_case_manager,
    activeUnassigned: row.active_unassigned,
    girDistribution: gir,
  };
}
