// The plan (PSI) form's rows and the API's body made of them.
import type { PathwaySummary, Schemas } from '../api/client';
import { choice, localDate } from './form';

/** `providerMemberId`: the care-team member who provides it ('' for none named). */
export type Row = { type: string; provider: string; frequency: string; startsAt: string; providerMemberId: string };

export const EMPTY_ROW = (): Row => ({ type: '', provider: '', frequency: '', startsAt: '', providerMemberId: '' });

/** A new version starts from the plan in force (a revision), or from one empty service. */
export function planRows(summary: PathwaySummary): Row[] {
  const current = summary.plan?.services.filter((s) => s.status !== 'STOPPED') ?? [];
  return current.length ? current.map((s) => ({ type: s.type, provider: s.provider, frequency: s.frequency, startsAt: s.startsAt.slice(0, 10), providerMemberId: s.providerMemberId ?? '' })) : [{ ...EMPTY_ROW(), startsAt: localDate() }];
}

/** The rows as the API's body: every row sent as typed (trimmed), so the API names the bad field of each. */
export function planBody(rows: Row[]): Schemas['PlanDto'] {
  return {
    services: rows.map((r) => ({
      type: choice<Schemas['PlanServiceDto']['type']>(r.type),
      provider: r.provider.trim(),
      frequency: r.frequency.trim(),
      startsAt: r.startsAt,
      ...(r.providerMemberId ? { providerMemberId: r.providerMemberId } : {}),
    })),
  };
}
