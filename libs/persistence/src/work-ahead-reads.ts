/**
 * The work ahead, read from the projection the workflows write: each open pathway's summary holds the
 * deadlines its workflow runs and its agenda, exactly as the workflow computed them (so "Mes tâches", the
 * forecast and the calendar feed never recompute a clock). One query on the case manager's or the
 * territory's index.
 */
import type { PathwayWorkView } from '@pathway/domain';
import { Db, sql } from './sql';

interface WorkRow {
  id: string;
  case_manager_id: string | null;
  stage: PathwayWorkView['stage'];
  deadlines: PathwayWorkView['deadlines'] | null;
  appointments: PathwayWorkView['appointments'] | null;
}

/** The open pathways of a case manager, or of a territory (every one, held or waiting), with their deadlines and agenda. */
export async function openPathwaysWork(db: Db, of: { caseManagerId: string } | { territory: string }): Promise<PathwayWorkView[]> {
  const byCaseManager = 'caseManagerId' in of;
  const { rows } = await sql<WorkRow>(
    db,
    `SELECT id, case_manager_id, stage, summary->'deadlines' AS deadlines, summary->'appointments' AS appointments
       FROM pathways
      WHERE closed_at IS NULL AND ${byCaseManager ? 'case_manager_id = $1' : 'territory = $1'}
      ORDER BY id`,
    [byCaseManager ? of.caseManagerId : of.territory],
  );
  return rows.map((r) => ({
    pathwayId: r.id,
    ...(r.case_manager_id ? { caseManagerId: r.case_manager_id } : {}),
    stage: r.stage,
    deadlines: r.deadlines ?? [],
    // A summary projected before the agenda existed has none.
    appointments: r.appointments ?? [],
  }));
}
