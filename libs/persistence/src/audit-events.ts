import type { AuditOutcome } from './entities/audit-event.entity';
import { Db, isUuid, json, sql } from './sql';

export interface NewAuditEvent {
  requestId: string;
  actor: string | null;
  roles: string[];
  territory: string | null;
  /** Ignored unless a uuid (a probe with a malformed id names no pathway). */
  pathwayId: string | null;
  method: string;
  route: string;
  action: string | null;
  outcome: AuditOutcome;
  status: number;
  reason: string | null;
  clientIp: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditEventRecord extends NewAuditEvent {
  id: string;
  occurredAt: Date;
}

/** Appends one event. The table takes inserts only. */
export async function recordAuditEvent(db: Db, event: NewAuditEvent): Promise<void> {
  await sql(
    db,
    `INSERT INTO audit_events (request_id, actor, roles, territory, pathway_id, method, route, action, outcome, status, reason, client_ip, details)
     VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb)`,
    [
      event.requestId,
      event.actor,
      event.roles,
      event.territory,
      event.pathwayId && isUuid(event.pathwayId) ? event.pathwayId : null,
      event.method,
      event.route,
      event.action,
      event.outcome,
      event.status,
      event.reason,
      event.clientIp,
      event.details === null ? null : json(event.details),
    ],
  );
}

/** Whether a pathway exists, whoever may see it: tells a refusal by scope (denied) from an unknown id. */
export async function pathwayExists(db: Db, pathwayId: string): Promise<boolean> {
  if (!isUuid(pathwayId)) return false;
  const { rows } = await sql(db, 'SELECT 1 FROM pathways WHERE id = $1', [pathwayId]);
  return rows.length > 0;
}

/** The events of the given requests, oldest first. */
export async function listAuditEvents(db: Db, filter: { requestIds?: string[]; pathwayId?: string; actor?: string }): Promise<AuditEventRecord[]> {
  const { rows } = await sql<{
    id: string; occurred_at: Date; request_id: string; actor: string | null; roles: string[]; territory: string | null; pathway_id: string | null;
    method: string; route: string; action: string | null; outcome: AuditOutcome; status: number; reason: string | null; client_ip: string | null;
    details: Record<string, unknown> | null;
  }>(
    db,
    `SELECT * FROM audit_events
      WHERE ($1::text[] IS NULL OR request_id = ANY($1::text[]))
        AND ($2::uuid IS NULL OR pathway_id = $2::uuid)
        AND ($3::text IS NULL OR actor = $3)
      ORDER BY id`,
    [filter.requestIds ?? null, filter.pathwayId ?? null, filter.actor ?? null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    occurredAt: r.occurred_at,
    requestId: r.request_id,
    actor: r.actor,
    roles: r.roles,
    territory: r.territory,
    pathwayId: r.pathway_id,
    method: r.method,
    route: r.route,
    action: r.action,
    outcome: r.outcome,
    status: r.status,
    reason: r.reason,
    clientIp: r.client_ip,
    details: r.details,
  }));
}
