import { Db, sql } from './sql';

/** What an import of open cases must know before it starts anything (README "Bringing a territory's open cases in"). */
export interface CaseImportFacts {
  /** The rows' pathway ids already in the projection: imported by an earlier run. */
  imported: Set<string>;
  /** `territory\nexternalId` → the id of that patient's open pathway (whatever opened it). */
  openPathwayOf: Map<string, string>;
  caseManagers: Map<string, { territory: string; capacity: number; active: number }>;
}

export const patientKey = (territory: string, externalId: string) => `${territory}\n${externalId}`;

/** Three reads for the whole file (not one per row): it may hold a territory's 40,000 cases. */
export async function caseImportFacts(
  db: Db,
  input: { pathwayIds: string[]; patients: { territory: string; externalId: string }[]; caseManagerIds: string[] },
): Promise<CaseImportFacts> {
  const { rows: imported } = await sql<{ id: string }>(db, `SELECT id FROM pathways WHERE id = ANY($1::uuid[])`, [input.pathwayIds]);
  const { rows: open } = await sql<{ territory: string; external_id: string; id: string }>(
    db,
    `SELECT pt.territory, pt.external_id, pw.id
       FROM patients pt JOIN pathways pw ON pw.patient_id = pt.id AND pw.closed_at IS NULL
      WHERE (pt.territory, pt.external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [input.patients.map((p) => p.territory), input.patients.map((p) => p.externalId)],
  );
  const { rows: managers } = await sql<{ id: string; territory: string; capacity: number; active: number }>(
    db,
    `SELECT cm.id, cm.territory, cm.capacity,
            (SELECT count(*)::int FROM caseload_assignments ca WHERE ca.case_manager_id = cm.id) AS active
       FROM case_managers cm WHERE cm.id = ANY($1::text[])`,
    [input.caseManagerIds],
  );
  return {
    imported: new Set(imported.map((r) => r.id)),
    openPathwayOf: new Map(open.map((r) => [patientKey(r.territory, r.external_id), r.id])),
    caseManagers: new Map(managers.map((m) => [m.id, { territory: m.territory, capacity: m.capacity, active: m.active }])),
  };
}
