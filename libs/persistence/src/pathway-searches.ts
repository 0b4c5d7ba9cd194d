/**
 * Searches over the projection for the FHIR face (apps/api/src/fhir): pathways by patient, stage,
 * case manager and last update, and the running deadlines of many pathways at once (a territory's
 * overdue clocks), in SQL, never by asking workflows one by one. Pages are offset-based: FHIR clients
 * follow the Bundle's `next` link and want a `total`.
 */
import { inScope, PathwayRow, PathwayScope, PathwayWithPatient, PatientColumns, scopeParams, TimelineEvent, toPathwayWithPatient } from './pathway-reads';
import { Db, sql } from './sql';

export interface PathwaySearch {
  patientId?: string;
  /** The patient's INS, or their local identifier in a territory. */
  ins?: string;
  externalId?: { territory: string; value: string };
  /**
   * Which pathways by stage: open ones in `stages`, closed ones when `closed` says so — every one,
   * or only those a case manager once took on (`assigned`) or never did (`unassigned`). Both absent: all.
   */
  stages?: string[];
  closed?: 'all' | 'assigned' | 'unassigned';
  caseManagerId?: string;
  /** `pathways.updated_at` bounds (inclusive from, exclusive to). */
  updatedFrom?: Date;
  updatedBefore?: Date;
  /** Absent: everything. */
  scope?: PathwayScope;
  limit: number;
  offset: number;
}

export interface SearchPage<T> {
  items: T[];
  total: number;
}

/** Pathways (with their patient) matching every given filter, oldest referral first. */
export async function searchPathways(db: Db, query: PathwaySearch): Promise<SearchPage<PathwayWithPatient>> {
  const { rows } = await sql<PathwayRow & PatientColumns & { total: number }>(
    db,
    `SELECT p.*, pt.external_id, pt.first_name, pt.last_name, pt.birth_date::text AS birth_date, pt.ins,
            count(*) OVER ()::int AS total
       FROM pathways p JOIN patients pt ON pt.id = p.patient_id
      WHERE ${inScope(1)}
        AND ($6::uuid IS NULL OR p.patient_id = $6)
        AND (($7::text[] IS NULL AND $13::text IS NULL) OR p.stage = ANY(COALESCE($7, '{}'))
             OR (p.stage = 'CLOSED' AND ($13 = 'all' OR ($13 = 'assigned') = EXISTS (
                   SELECT 1 FROM pathway_events e WHERE e.pathway_id = p.id AND e.type = 'CASE_MANAGER_ASSIGNED'))))
        AND ($8::text IS NULL OR p.case_manager_id = $8)
        AND ($9::timestamptz IS NULL OR p.updated_at >= $9)
        AND ($10::timestamptz IS NULL OR p.updated_at < $10)
        AND ($14::text IS NULL OR pt.ins = $14)
        AND ($15::text IS NULL OR (pt.territory = $15 AND pt.external_id = $16))
      ORDER BY p.referred_at, p.id
      LIMIT $11 OFFSET $12`,
    [
      ...scopeParams(query.scope),
      query.patientId ?? null,
      query.stages ?? null,
      query.caseManagerId ?? null,
      query.updatedFrom ?? null,
      query.updatedBefore ?? null,
      query.limit,
      query.offset,
      query.closed ?? null,
      query.ins ?? null,
      query.externalId?.territory ?? null,
      query.externalId?.value ?? null,
    ],
  );
  // A page past the end has no row to carry the count.
  const total = rows[0]?.total ?? (query.offset > 0 ? (await searchPathways(db, { ...query, offset: 0, limit: 1 })).total : 0);
  return { items: rows.map(toPathwayWithPatient), total };
}

/** A running deadline of an open pathway, as its projected summary shows it (`summary.deadlines[]`). */
export interface DeadlineRow {
  pathwayId: string;
  patientId: string;
  territory: string;
  caseManagerId: string | null;
  updatedAt: Date;
  kind: string;
  ref?: string;
  startedAt: string;
  dueAt: string;
  /** Passed, by the workflow's verdict or by the clock now. */
  overdue: boolean;
  overdueSince?: string;
}

export interface DeadlineSearch {
  patientId?: string;
  pathwayId?: string;
  caseManagerId?: string;
  overdue?: boolean;
  /** Due-date bounds (inclusive from, exclusive to). */
  dueFrom?: Date;
  dueBefore?: Date;
  updatedFrom?: Date;
  updatedBefore?: Date;
  scope?: PathwayScope;
  limit: number;
  offset: number;
  /** The clock "now" for `overdue` (the database's by default). */
  now?: Date;
}

/** The running deadlines of the open pathways in scope, soonest due first. */
export async function searchDeadlines(db: Db, query: DeadlineSearch): Promise<SearchPage<DeadlineRow>> {
  const { rows } = await sql<{
    pathway_id: string;
    patient_id: string;
    territory: string;
    case_manager_id: string | null;
    updated_at: Date;
    deadline: { kind: string; ref?: string; startedAt: string; dueAt: string; overdueSince?: string };
    overdue: boolean;
    total: number;
  }>(
    db,
    `WITH d AS (
       SELECT p.id AS pathway_id, p.patient_id, p.territory, p.case_manager_id, p.updated_at, e AS deadline,
              (e->>'dueAt')::timestamptz AS due_at,
              (e->>'overdueSince' IS NOT NULL OR (e->>'dueAt')::timestamptz < COALESCE($16::timestamptz, now())) AS overdue
         FROM pathways p CROSS JOIN LATERAL jsonb_array_elements(COALESCE(p.summary->'deadlines', '[]'::jsonb)) e
        WHERE p.closed_at IS NULL AND ${inScope(1)}
          AND ($6::uuid IS NULL OR p.patient_id = $6)
          AND ($7::uuid IS NULL OR p.id = $7)
          AND ($8::text IS NULL OR p.case_manager_id = $8)
          AND ($9::timestamptz IS NULL OR p.updated_at >= $9)
          AND ($10::timestamptz IS NULL OR p.updated_at < $10))
     SELECT d.*, count(*) OVER ()::int AS total FROM d
      WHERE ($11::boolean IS NULL OR d.overdue = $11)
        AND ($12::timestamptz IS NULL OR d.due_at >= $12)
        AND ($13::timestamptz IS NULL OR d.due_at < $13)
      ORDER BY d.due_at, d.pathway_id, d.deadline->>'kind', d.deadline->>'ref'
      LIMIT $14 OFFSET $15`,
    [
      ...scopeParams(query.scope),
      query.patientId ?? null,
      query.pathwayId ?? null,
      query.caseManagerId ?? null,
      query.updatedFrom ?? null,
      query.updatedBefore ?? null,
      query.overdue ?? null,
      query.dueFrom ?? null,
      query.dueBefore ?? null,
      query.limit,
      query.offset,
      query.now ?? null,
    ],
  );
  return {
    items: rows.map((r) => ({
      pathwayId: r.pathway_id,
      patientId: r.patient_id,
      territory: r.territory,
      caseManagerId: r.case_manager_id,
      updatedAt: r.updated_at,
      kind: r.deadline.kind,
      ...(r.deadline.ref === undefined ? {} : { ref: r.deadline.ref }),
      startedAt: r.deadline.startedAt,
      dueAt: r.deadline.dueAt,
      overdue: r.overdue,
      ...(r.deadline.overdueSince ? { overdueSince: r.deadline.overdueSince } : {}),
    })),
    // A page past the end has no row to carry the count.
    total: rows[0]?.total ?? (query.offset > 0 ? (await searchDeadlines(db, { ...query, offset: 0, limit: 1 })).total : 0),
  };
}

/**
 * The events that say a stage (and assignments), of many pathways at once, oldest first: what an
 * episode's status history is made of, read in one query for a page of pathways.
 */
export async function stageEvents(db: Db, pathwayIds: string[]): Promise<Map<string, TimelineEvent[]>> {
  const byPathway = new Map<string, TimelineEvent[]>(pathwayIds.map((id) => [id, []]));
  if (pathwayIds.length === 0) return byPathway;
  const { rows } = await sql<{ pathway_id: string; seq: number; at: Date; type: string; actor: string; data: Record<string, unknown>; recorded_at: Date }>(
    db,
    `SELECT * FROM pathway_events
      WHERE pathway_id = ANY($1::uuid[])
        AND (data ? 'stage' OR type IN ('REFERRAL_RECEIVED', 'PATHWAY_CLOSED', 'CASE_MANAGER_ASSIGNED'))
      ORDER BY pathway_id, seq`,
    [pathwayIds],
  );
  for (const row of rows) {
    byPathway.get(row.pathway_id)?.push({ seq: row.seq, at: row.at, type: row.type, actor: row.actor, data: row.data, recordedAt: row.recorded_at });
  }
  return byPathway;
}
