import type { ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from '../../auth/principal';

/** What the audit trail learns about a request on its way through (see audit-trail.ts). */
export interface AuditContext {
  requestId: string;
  /** The matched route's template, e.g. `/api/v1/pathways/:id`; unset when no route matched. */
  route?: string;
  /** The handler, e.g. `PathwaysController.get`. */
  action?: string;
  /**
   * The pathways a handler found the request to be about when the path does not say (the codec
   * endpoint: the pathways its payloads belong to), noted before any refusal so a denied call names them too.
   */
  pathways?: string[];
  /** Set by a route that knows better than the path which pathway it is about (the FHIR face: ids are not pathway ids). */
  pathwayId?: string;
  /** The pathways a list or a whole file disclosed (the FHIR face's Bundles). */
  listed?: string[];
  /** What a route disclosed beyond the pathway, for the row's `details` (a document downloaded: its id and kind). */
  details?: Record<string, unknown>;
  /** The record asked for exists but is out of the caller's reach (recorded as denied). */
  outOfReach?: boolean;
  /** The pathway the row names (a referral's: its new id), once worked out; the request's log line names it too. */
  about?: string;
  /** Set as the row is being written, so the request is recorded exactly once. */
  recorded?: boolean;
}

export type AuditedRequest = Request & { audit?: AuditContext; principal?: Principal };

/** Called by the first guard every route passes (AuthGuard), before anything can refuse the request. */
export function noteRoute(request: Request, ctx: ExecutionContext): void {
  const audit = (request as AuditedRequest).audit;
  if (!audit) return;
  const template = (request as Request & { route?: { path?: unknown } }).route?.path;
  audit.route = typeof template === 'string' ? template : undefined;
  audit.action = `${ctx.getClass().name}.${ctx.getHandler().name}`;
}

/** See `AuditContext.pathways`. */
export function notePathways(request: Request, pathwayIds: string[]): void {
  const audit = (request as AuditedRequest).audit;
  if (audit) audit.pathways = [...new Set(pathwayIds)];
}
