/**
 * FHIR search parameters, read the way FHIR clients send them, into the projection's searches. A
 * parameter this server does not support is refused (400 naming it) rather than ignored, so a client
 * never takes an unfiltered answer for a filtered one.
 */
import { INS_SYSTEM } from '@pathway/domain';
import { badRequest } from '../common/problem';
import { SYSTEMS } from './resources';

export type Query = Record<string, string | string[] | undefined>;

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 200;

/** Parameters every search takes; `_format` is accepted and ignored (only JSON is served). */
const COMMON = ['_count', '_offset', '_lastUpdated', '_format'];

export function values(query: Query, name: string): string[] {
  const raw = query[name];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

function single(query: Query, name: string): string | undefined {
  const all = values(query, name);
  if (all.length > 1) throw badRequest(`${name} may be given once`, [{ field: name, message: `${name} may be given once` }]);
  return all[0];
}

export function assertKnown(query: Query, allowed: readonly string[]): void {
  for (const name of Object.keys(query)) {
    if (!COMMON.includes(name) && !allowed.includes(name)) {
      throw badRequest(`search parameter ${name} is not supported here (see /fhir/R4/metadata)`, [{ field: name, message: `${name} is not a supported search parameter` }]);
    }
  }
}

export function paging(query: Query): { count: number; offset: number } {
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = single(query, name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      throw badRequest(`${name} must be an integer from ${min} to ${max}`, [{ field: name, message: `${name} must be an integer from ${min} to ${max}` }]);
    }
    return Number(raw);
  };
  return { count: integer('_count', DEFAULT_COUNT, 1, MAX_COUNT), offset: integer('_offset', 0, 0, 1_000_000) };
}

/**
 * Date bounds of a FHIR date parameter (`le2027-03-01`, `gt2026-12-01T10:00:00Z`, repeated to AND
 * them): a date without a time stands for its whole UTC day, so `le2027-03-01` includes that day.
 * Returns an inclusive lower and an exclusive upper bound.
 */
export function dateRange(query: Query, name: string): { from?: Date; before?: Date } {
  let from: Date | undefined;
  let before: Date | undefined;
  for (const raw of values(query, name)) {
    const match = /^(eq|ne|lt|le|gt|ge|sa|eb|ap)?(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)$/.exec(raw);
    const prefix = match?.[1] ?? 'eq';
    const start = match ? new Date(match[3] ? match[2] : `${match[2]}T00:00:00Z`) : new Date(NaN);
    if (!match || Number.isNaN(start.getTime()) || !['eq', 'lt', 'le', 'gt', 'ge'].includes(prefix)) {
      throw badRequest(`${name} must be a date or date-time with an optional prefix eq, lt, le, gt or ge`, [
        { field: name, message: `${name} must be a date or date-time (e.g. le2027-03-01) with an optional prefix eq, lt, le, gt or ge` },
      ]);
    }
    // The end of the value's precision: the next day for a date, the next millisecond for a date-time.
    const end = new Date(match[3] ? start.getTime() + 1 : start.getTime() + 86_400_000);
    const lower = prefix === 'gt' ? end : prefix === 'lt' || prefix === 'le' ? undefined : start;
    const upper = prefix === 'lt' ? start : prefix === 'gt' || prefix === 'ge' ? undefined : end;
    if (lower && (!from || lower > from)) from = lower;
    if (upper && (!before || upper < before)) before = upper;
  }
  return { from, before };
}

/** `Patient/<id>` or `<id>`. */
export function referenceId(query: Query, name: string, type: string): string | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  const id = raw.startsWith(`${type}/`) ? raw.slice(type.length + 1) : raw;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw badRequest(`${name} must be a ${type} id or reference`, [{ field: name, message: `${name} must be ${type}/<id> or <id>` }]);
  return id;
}

/** A token parameter's codes (`a,b`, each `system|code` or `code`), without their systems. */
export function tokens(query: Query, name: string): string[] | undefined {
  const raw = single(query, name);
  if (raw === undefined) return undefined;
  return raw.split(',').map((t) => (t.includes('|') ? t.slice(t.indexOf('|') + 1) : t));
}

/** `owner` of a Task: a case manager id, `system|id` of the case-manager identifier system, or `Practitioner/<id>`. */
export function ownerId(query: Query): string | undefined {
  const raw = single(query, 'owner') ?? single(query, 'owner:identifier');
  if (raw === undefined) return undefined;
  if (raw.startsWith(`${SYSTEMS.caseManager}|`)) return raw.slice(SYSTEMS.caseManager.length + 1);
  return raw.startsWith('Practitioner/') ? raw.slice('Practitioner/'.length) : raw;
}

/** A Patient `identifier`: the INS (`urn:oid:1.2.250.1.213.1.4.8|<ins>`) or a territory's local one. */
export function patientIdentifier(query: Query): { ins?: string; externalId?: { territory: string; value: string } } | undefined {
  const raw = single(query, 'identifier');
  if (raw === undefined) return undefined;
  const bar = raw.indexOf('|');
  const system = bar >= 0 ? raw.slice(0, bar) : '';
  const value = bar >= 0 ? raw.slice(bar + 1) : raw;
  if (system === INS_SYSTEM || system === '') return { ins: value };
  const local = SYSTEMS.localPatient('');
  if (system.startsWith(local)) return { externalId: { territory: decodeURIComponent(system.slice(local.length)), value } };
  throw badRequest('identifier must be the INS (urn:oid:1.2.250.1.213.1.4.8|<ins>) or a territory identifier', [
    { field: 'identifier', message: `identifier system ${system} is not one this server knows` },
  ]);
}
