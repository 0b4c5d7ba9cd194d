import { EntityManager } from 'typeorm';
import { Db, inTransaction, json, sql, Timestamp } from './sql';

export interface OpenPathwayInput {
  pathwayId: string;
  patient: {
    externalId: string;
    firstName: string;
    lastName: string;
    /** YYYY-MM-DD */
    birthDate: string;
    territory: string;
    /** The national health identifier, when the referral gives it: then the patient is found by it. */
    ins?: string;
  };
  referredAt: Timestamp;
  summary: unknown;
  projectionVersion: number;
}

export type OpenPathwayResult = { status: 'OPENED' } | { status: 'DUPLICATE'; openPathwayId: string };

/** The stage every pathway starts in (PATHWAY.md). */
const REFERRED = 'REFERRED';

/**
 * Stores a referral: the patient (found by territory and external id, or created) and its new pathway.
 * The partial unique index `pathways_one_open_per_patient` decides whether the patient already has an
 * open pathway, so two concurrent referrals cannot both win. Retrying with the same `pathwayId`
 * answers OPENED again.
 */
export async function openPathway(db: Db, input: OpenPathwayInput): Promise<OpenPathwayResult> {
  return inTransaction(db, async (tx) => {
    // With an INS, the person is whoever already holds it in the territory, whatever local identifier
    // this referral uses (the duplicate rule then applies per INS). FOR UPDATE queues concurrent
    // referrals of that patient; two concurrent first referrals of one INS under two local ids make
    // the second insert fail on patients_territory_ins_key, and the activity's retry finds the first.
    const { rows: byIns } = input.patient.ins
      ? await sql<{ id: string }>(tx, `SELECT id FROM patients WHERE territory = $1 AND ins = $2 FOR UPDATE`, [input.patient.territory, input.patient.ins])
      : { rows: [] as { id: string }[] };
    // The no-op DO UPDATE returns the id of an existing patient and locks its row until commit, so
    // concurrent referrals of one patient queue here instead of failing on each other. A patient known
    // by its local id alone learns its INS; one already holding another INS keeps it.
    const { rows: patients } = byIns.length
      ? { rows: byIns }
      : await sql<{ id: string }>(
          tx,
          `INSERT INTO patients (territory, external_id, first_name, last_name, birth_date, ins)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (territory, external_id) DO UPDATE SET ins = COALESCE(patients.ins, EXCLUDED.ins)
           RETURNING id`,
          [
            input.patient.territory,
            input.patient.externalId,
            input.patient.firstName,
            input.patient.lastName,
            input.patient.birthDate,
            input.patient.ins ?? null,
          ],
        );
    const patientId = patients[0].id;

    // DO NOTHING without a conflict target covers both the primary key (a retry of this very call)
    // and the one-open-pathway index (a duplicate referral) without aborting the transaction.
    const inserted = await sql(
      tx,
      `INSERT INTO pathways (id, patient_id, territory, stage, referred_at, last_event_at, summary,
                             projection_version)
       VALUES ($1, $2, $3, $4, $5, $5, $6::jsonb, $7)
       ON CONFLICT DO NOTHING`,
      [
        input.pathwayId,
        patientId,
        input.patient.territory,
        REFERRED,
        input.referredAt,
        json(input.summary),
        input.projectionVersion,
      ],
    );
    if (inserted.rowCount === 1) {
      // A new referral carries the latest identity; a refused duplicate changes nothing.
      await sql(tx, `UPDATE patients SET first_name = $2, last_name = $3, birth_date = $4 WHERE id = $1`, [
        patientId,
        input.patient.firstName,
        input.patient.lastName,
        input.patient.birthDate,
      ]);
      return { status: 'OPENED' };
    }

    const { rows: same } = await sql<{ patient_id: string }>(tx, `SELECT patient_id FROM pathways WHERE id = $1`, [
      input.pathwayId,
    ]);
    if (same.length > 0) {
      if (same[0].patient_id !== patientId) {
        throw new Error(
          `pathway ${input.pathwayId} already exists for another patient; a pathway id cannot be reused`,
        );
      }
      return { status: 'OPENED' };
    }

    const { rows: open } = await sql<{ id: string }>(
      tx,
      `SELECT id FROM pathways WHERE patient_id = $1 AND closed_at IS NULL`,
      [patientId],
    );
    if (open.length === 0) {
      // Only reachable if the open pathway was closed between our insert and this read.
      throw new Error(`referral of pathway ${input.pathwayId} collided with a pathway closed meanwhile; retry it`);
    }
    return { status: 'DUPLICATE', openPathwayId: open[0].id };
  });
}

export interface PathwayEventInput {
  seq: number;
  at: Timestamp;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

/** The projection columns, as the workflow computes them after the events. */
export interface PathwayProjection {
  stage: string;
  caseManagerId?: string | null;
  territory: string;
  closedAt?: Timestamp | null;
  closureReason?: string | null;
  nextDeadlineAt?: Timestamp | null;
  overdueSince?: Timestamp | null;
  /** The oldest stuck reason's code (libs/domain StuckCode: a clock kind or activityFailing), not its sentence. */
  stuckReason?: string | null;
  flags: string[];
  lastEventAt: Timestamp;
  summary: unknown;
  /** Increases with every projection the workflow writes. */
  version: number;
}

export interface RecordPathwayEventsInput {
  pathwayId: string;
  events: PathwayEventInput[];
  projection: PathwayProjection;
}

export interface RecordPathwayEventsResult {
  /** Events stored by this call (a retry stores none). */
  eventsRecorded: number;
  /** False when the stored projection was already at this version or newer. */
  projectionUpdated: boolean;
}

export const ASSESSMENT_RECORDED = 'ASSESSMENT_RECORDED';
export const PLAN_RECORDED = 'PLAN_RECORDED';

export class PathwayNotFoundError extends Error {
  constructor(readonly pathwayId: string) {
    super(`pathway ${pathwayId} has no projection row; openPathway must store it first`);
    this.name = 'PathwayNotFoundError';
  }
}

/**
 * Appends events to the timeline (with their assessment and plan rows) and moves the projection
 * forward, in one transaction. Safe to retry, and a late retry never moves the projection backwards.
 */
export async function recordPathwayEvents(
  db: Db,
  input: RecordPathwayEventsInput,
): Promise<RecordPathwayEventsResult> {
  return inTransaction(db, async (tx) => {
    // Serializes writers of one pathway for the version comparison below. NO KEY UPDATE (what the
    // UPDATE takes anyway) leaves the row referenceable, so a concurrent caseload reservation of this
    // pathway does not deadlock with us.
    const { rows: current } = await sql<{ projection_version: number }>(
      tx,
      `SELECT projection_version FROM pathways WHERE id = $1 FOR NO KEY UPDATE`,
      [input.pathwayId],
    );
    if (current.length === 0) throw new PathwayNotFoundError(input.pathwayId);

    let eventsRecorded = 0;
    for (const event of input.events) {
      eventsRecorded += await appendEvent(tx, input.pathwayId, event);
      if (event.type === ASSESSMENT_RECORDED) await recordAssessment(tx, input.pathwayId, event);
      if (event.type === PLAN_RECORDED) await recordPlan(tx, input.pathwayId, event);
    }

    const p = input.projection;
    const updated = await sql(
      tx,
      `UPDATE pathways
          SET stage = $3, case_manager_id = $4, territory = $5, closed_at = $6, closure_reason = $7,
              next_deadline_at = $8, overdue_since = $9, stuck_reason = $10, flags = $11::text[],
              last_event_at = $12, summary = $13::jsonb, projection_version = $2, updated_at = now()
        WHERE id = $1 AND projection_version < $2`,
      [
        input.pathwayId,
        p.version,
        p.stage,
        p.caseManagerId ?? null,
        p.territory,
        p.closedAt ?? null,
        p.closureReason ?? null,
        p.nextDeadlineAt ?? null,
        p.overdueSince ?? null,
        p.stuckReason ?? null,
        p.flags,
        p.lastEventAt,
        json(p.summary),
      ],
    );
    return { eventsRecorded, projectionUpdated: updated.rowCount === 1 };
  });
}

async function appendEvent(tx: EntityManager, pathwayId: string, event: PathwayEventInput): Promise<number> {
  const inserted = await sql(
    tx,
    `INSERT INTO pathway_events (pathway_id, seq, at, type, actor, data)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb)
     ON CONFLICT (pathway_id, seq) DO NOTHING`,
    [pathwayId, event.seq, event.at, event.type, event.actor, json(event.data ?? {})],
  );
  if (inserted.rowCount === 1) return 1;
  // A retry carries the same event again; a different event at the same seq means two writers
  // disagree about the pathway's history, which must not pass silently.
  const { rows } = await sql<{ type: string }>(
    tx,
    `SELECT type FROM pathway_events WHERE pathway_id = $1 AND seq = $2`,
    [pathwayId, event.seq],
  );
  if (rows[0]?.type !== event.type) {
    throw new Error(
      `pathway ${pathwayId}: event ${event.seq} is already recorded as ${rows[0]?.type}, not ${event.type}`,
    );
  }
  return 0;
}

async function recordAssessment(tx: EntityManager, pathwayId: string, event: PathwayEventInput): Promise<void> {
  const data = event.data;
  if (data['performedAt'] == null || typeof data['summary'] !== 'string') {
    throw new Error(`pathway ${pathwayId}: ${ASSESSMENT_RECORDED} event ${event.seq} needs performedAt and summary`);
  }
  await sql(
    tx,
    `INSERT INTO assessments (pathway_id, seq, performed_at, mmse, gir, zarit, living_situation, summary, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
     ON CONFLICT (pathway_id, seq) DO NOTHING`,
    [
      pathwayId,
      event.seq,
      data['performedAt'],
      data['mmse'] ?? null,
      data['gir'] ?? null,
      data['zarit'] ?? null,
      data['livingSituation'] ?? null,
      data['summary'],
      json(data),
    ],
  );
}

async function recordPlan(tx: EntityManager, pathwayId: string, event: PathwayEventInput): Promise<void> {
  const data = event.data;
  if (!Number.isInteger(data['version']) || !Array.isArray(data['services'])) {
    throw new Error(`pathway ${pathwayId}: ${PLAN_RECORDED} event ${event.seq} needs an integer version and services[]`);
  }
  await sql(
    tx,
    `INSERT INTO plans (pathway_id, version, seq, recorded_at, services)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (pathway_id, version) DO NOTHING`,
    [pathwayId, data['version'], event.seq, event.at, json(data['services'])],
  );
}
