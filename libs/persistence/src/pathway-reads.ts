import { Db, isUuid, sql } from './sql';

export interface PatientRecord {
  id: string;
  territory: string;
  externalId: string;
  firstName: string;
  lastName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** The INS, when a referral gave it. */
  ins: string | null;
}

export interface PathwayRecord {
  id: string;
  patientId: string;
  territory: string;
  stage: string;
  caseManagerId: string | null;
  referredAt: Date;
  closedAt: Date | null;
  closureReason: string | null;
  nextDeadlineAt: Date | null;
  overdueSince: Date | null;
  stuckReason: string | null;
  flags: string[];
  lastEventAt: Date;
  summary: unknown;
  projectionVersion: number;
  updatedAt: Date;
}

export interface PathwayWithPatient extends PathwayRecord {
  patient: PatientRecord;
}

export interface TimelineEvent {
  seq: number;
  at: Date;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  recordedAt: Date;
}

export interface AssessmentRecord {
  seq: number;
  performedAt: Date;
  mmse: number | null;
  gir: number | null;
  zarit: number | null;
  livingSituation: string | null;
  summary: string;
  data: Record<string, unknown>;
}

export interface PlanVersion {
  version: number;
  seq: number;
  recordedAt: Date;
  services: unknown[];
}

export interface PathwayRow {
  id: string;
  patient_id: string;
  territory: string;
  stage: string;
  case_manager_id: string | null;
  referred_at: Date;
  closed_at: Date | null;
  closure_reason: string | null;
  next_deadline_at: Date | null;
  overdue_since: Date | null;
  stuck_reason: string | null;
  flags: string[];
  last_event_at: Date;
  summary: unknown;
  projection_version: number;
  updated_at: Date;
}

export function toPathway(row: PathwayRow): PathwayRecord {
  return {
    id: row.id,
    patientId: row.patient_id,
    territory: row.territory,
    stage: row.stage,
    caseManagerId: row.case_manager_id,
    referredAt: row.referred_at,
    closedAt: row.closed_at,
    closureReason: row.closure_reason,
    nextDeadlineAt: row.next_deadline_at,
    overdueSince: row.overdue_since,
    stuckReason: row.stuck_reason,
    flags: row.flags,
    lastEventAt: row.last_event_at,
    summary: row.summary,
    projectionVersion: row.projection_version,
    updatedAt: row.updated_at,
  };
}

/** The patient's columns a query joins beside `p.*` (see findPathway's SELECT). */
export type PatientColumns = { external_id: string; first_name: string; last_name: string; birth_date: string; ins: string | null };

/** A projection row joined with its patient's columns, as a PathwayWithPatient. */
export function toPathwayWithPatient(row: PathwayRow & PatientColumns): PathwayWithPatient {
  return {
    ...toPathway(row),
    patient: {
      id: row.patient_id,
      territory: row.territory,
      externalId: row.external_id,
      firstName: row.first_name,
      lastName: row.last_name,
      birthDate: row.birth_date,
      ins: row.ins,
    },
  };
}

/** The projection and its patient; null for an unknown id (including one that is not a uuid). */
export async function findPathway(db: Db, id: string): Promise<PathwayWithPatient | null> {
  if (!isUuid(id)) return null;
  const { rows } = await sql<PathwayRow & PatientColumns>(
    db,
    `SELECT p.*, pt.external_id, pt.first_name, pt.last_name, pt.birth_date::text AS birth_date, pt.ins
       FROM pathways p JOIN patients pt ON pt.id = p.patient_id
      WHERE p.id = $1`,
    [id],
  );
  return rows.length === 0 ? null : toPathwayWithPatient(rows[0]);
}

export interface ListPathwaysQuery {
  territory?: string;
  stage?: string;
  caseManagerId?: string;
  limit: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
  /** Who may see what: absent lists everything; present lists only pathways it reaches. */
  scope?: PathwayScope;
}

/**
 * The pathways a caller reaches: any pathway matching one of the lists (territories, or assigned to
 * one of the case managers, or with one of the attending physician emails, compared case-insensitively,
 * or whose current care team has a member with one of the RPPS numbers). Empty lists reach nothing.
 */
export interface PathwayScope {
  territories: string[];
  caseManagerIds: string[];
  physicianEmails: string[];
  memberRpps: string[];
}

export interface PathwayPage {
  items: PathwayRecord[];
  /** Null on the last page. */
  nextCursor: string | null;
}

export const MAX_PAGE_SIZE = 200;

export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this API returned');
    this.name = 'InvalidCursorError';
  }
}

// The cursor carries the last row's sort key. referred_at travels as PostgreSQL's own text (with
// microseconds) rather than a JS Date (milliseconds), so no row is skipped or repeated between pages.
function encodeCursor(referredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([referredAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'string' &&
      isCursorInstant(decoded[0]) &&
      typeof decoded[1] === 'string' &&
      isUuid(decoded[1])
    ) {
      return [decoded[0], decoded[1]];
    }
  } catch {
    // falls through to the error below
  }
  throw new InvalidCursorError();
}

/**
 * Exactly what `encodeCursor` writes (the query's to_char): a real UTC instant of years 0001–9999 with
 * microseconds. Date.parse is not enough: it accepts 31 February, hour 24 and years PostgreSQL refuses
 * (a 500 instead of a 400 for a forged cursor).
 */
const CURSOR_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
function isCursorInstant(text: string): boolean {
  const parts = CURSOR_INSTANT.exec(text)?.slice(1).map(Number);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts;
  const at = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  at.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  return year >= 1 && at.getUTCMonth() === month - 1 && at.getUTCDate() === day && at.getUTCHours() === hour && at.getUTCMinutes() === minute && at.getUTCSeconds() === second;
}

/**
 * The SQL of a caller's reach (PathwayScope), written once for every list and search: its five
 * parameters, `scopeParams(scope)`, start at `$first`. No scope reaches everything. The care team is the
 * summary's (the current one: a removed member is no longer in it); a projection written before the
 * team existed has none, and its referral's members carry no RPPS number anyway.
 */
export function inScope(first: number): string {
  const [all, territories, caseManagers, physicians, rpps] = [first, first + 1, first + 2, first + 3, first + 4];
  return `($${all}::boolean OR p.territory = ANY($${territories}::text[]) OR p.case_manager_id = ANY($${caseManagers}::text[])
          OR lower(p.summary->'physician'->>'email') = ANY($${physicians}::text[])
          OR (cardinality($${rpps}::text[]) > 0 AND EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p.summary->'careTeam', '[]'::jsonb)) m WHERE m->>'rpps' = ANY($${rpps}::text[]))))`;
}

export function scopeParams(scope?: PathwayScope): unknown[] {
  return [scope === undefined, scope?.territories ?? [], scope?.caseManagerIds ?? [], (scope?.physicianEmails ?? []).map((email) => email.toLowerCase()), scope?.memberRpps ?? []];
}

/** Pathways matching every given filter, newest referral first, a page at a time. */
export async function listPathways(db: Db, query: ListPathwaysQuery): Promise<PathwayPage> {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE_SIZE) {
    throw new RangeError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${query.limit}`);
  }
  const [afterReferredAt, afterId] = query.cursor ? decodeCursor(query.cursor) : [null, null];
  const { rows } = await sql<PathwayRow & { cursor_referred_at: string }>(
    db,
    `SELECT p.*, to_char(p.referred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_referred_at
       FROM pathways p
      WHERE ($1::text IS NULL OR p.territory = $1)
        AND ($2::text IS NULL OR p.stage = $2)
        AND ($3::text IS NULL OR p.case_manager_id = $3)
        AND ($4::timestamptz IS NULL OR (p.referred_at, p.id) < ($4::timestamptz, $5::uuid))
        AND ${inScope(7)}
      ORDER BY p.referred_at DESC, p.id DESC
      LIMIT $6`,
    [
      query.territory ?? null,
      query.stage ?? null,
      query.caseManagerId ?? null,
      afterReferredAt,
      afterId,
      query.limit + 1,
      ...scopeParams(query.scope),
    ],
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toPathway),
    nextCursor: rows.length > query.limit ? encodeCursor(last.cursor_referred_at, last.id) : null,
  };
}

/** Open pathways with a stuck reason, most overdue first (for the supervisor). */
export async function listStuckPathways(db: Db, filter: { territory?: string } = {}): Promise<PathwayRecord[]> {
  const { rows } = await sql<PathwayRow>(
    db,
    `SELECT * FROM pathways
      WHERE closed_at IS NULL AND stuck_reason IS NOT NULL AND ($1::text IS NULL OR territory = $1)
      ORDER BY overdue_since ASC NULLS LAST, id`,
    [filter.territory ?? null],
  );
  return rows.map(toPathway);
}

/** Pathways waiting in a stage (e.g. AWAITING_ASSIGNMENT for the waiting list), oldest referral first. */
export async function listPathwaysInStage(
  db: Db,
  filter: { stage: string; territory?: string },
): Promise<PathwayRecord[]> {
  const { rows } = await sql<PathwayRow>(
    db,
    `SELECT * FROM pathways
      WHERE stage = $1 AND closed_at IS NULL AND ($2::text IS NULL OR territory = $2)
      ORDER BY referred_at, id`,
    [filter.stage, filter.territory ?? null],
  );
  return rows.map(toPathway);
}

/** Every event of the pathway, oldest first; empty for an unknown pathway. */
export async function listTimeline(db: Db, pathwayId: string): Promise<TimelineEvent[]> {
  if (!isUuid(pathwayId)) return [];
  const { rows } = await sql<{
    seq: number;
    at: Date;
    type: string;
    actor: string;
    data: Record<string, unknown>;
    recorded_at: Date;
  }>(db, `SELECT * FROM pathway_events WHERE pathway_id = $1 ORDER BY seq`, [pathwayId]);
  return rows.map((row) => ({
    seq: row.seq,
    at: row.at,
    type: row.type,
    actor: row.actor,
    data: row.data,
    recordedAt: row.recorded_at,
  }));
}

/** Every assessment of the pathway, in the order they were recorded. */
export async function listAssessments(db: Db, pathwayId: string): Promise<AssessmentRecord[]> {
  if (!isUuid(pathwayId)) return [];
  const { rows } = await sql<{
    seq: number;
    performed_at: Date;
    mmse: number | null;
    gir: number | null;
    zarit: number | null;
    living_situation: string | null;
    summary: string;
    data: Record<string, unknown>;
  }>(db, `SELECT * FROM assessments WHERE pathway_id = $1 ORDER BY seq`, [pathwayId]);
  return rows.map((row) => ({
    seq: row.seq,
    performedAt: row.performed_at,
    mmse: row.mmse,
    gir: row.gir,
    zarit: row.zarit,
    livingSituation: row.living_situation,
    summary: row.summary,
    data: row.data,
  }));
}

/** Every version of the pathway's plan, oldest first. */
export async function listPlanVersions(db: Db, pathwayId: string): Promise<PlanVersion[]> {
  if (!isUuid(pathwayId)) return [];
  const { rows } = await sql<{ version: number; seq: number; recorded_at: Date; services: unknown[] }>(
    db,
    `SELECT * FROM plans WHERE pathway_id = $1 ORDER BY version`,
    [pathwayId],
  );
  return rows.map((row) => ({
    version: row.version,
    seq: row.seq,
    recordedAt: row.recorded_at,
    services: row.services,
  }));
}
