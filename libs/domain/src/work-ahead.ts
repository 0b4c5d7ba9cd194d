/**
 * The work ahead of a case manager and of a territory, read from what the workflows hold.
 *
 * - "Mes tâches" (`tasksAhead`): the deadlines the workflows have written to the projection (each
 *   pathway's summary `deadlines[]`, never recomputed here), sorted into overdue, today, this week and
 *   next week, with the booked appointments of those days beside them.
 * - The supervisor's forecast (`forecastDueWork`): week by week over the next weeks, the deadlines
 *   running now (the same summaries) and the periodic ones the policy will start after them, so a
 *   supervisor sees next month's load before it comes. A periodic clock restarts each time it is met:
 *   the follow-up contact every `contactDue`, the reassessment every `reassessmentDue` (a new cycle's
 *   plan starts the next one). Projected occurrences are counted apart (`projected`), because they are
 *   a forecast, not a clock any workflow holds yet.
 *
 * Days and weeks are the case manager's (Europe/Paris by default): a week starts on Monday.
 */
import type { Appointment } from './appointments';
import type { ClockKind } from './clocks';
import { addDuration } from './durations';
import type { PathwayPolicy } from './policy';
import type { PathwayStage } from './stages';
import type { DeadlineView } from './summary';

export const WORK_TIME_ZONE = 'Europe/Paris';

/** What the projection holds of one open pathway: its summary's deadlines and agenda, as the workflow wrote them. */
export interface PathwayWorkView {
  pathwayId: string;
  caseManagerId?: string;
  stage: PathwayStage;
  deadlines: DeadlineView[];
  appointments?: Appointment[];
}

export interface DueTask extends DeadlineView {
  pathwayId: string;
}

export interface AgendaItem extends Appointment {
  pathwayId: string;
}

export interface TaskBucket {
  deadlines: DueTask[];
  appointments: AgendaItem[];
}

export interface TasksAhead {
  /** The local day "today" is (YYYY-MM-DD), and the Mondays of this week and next. */
  today: string;
  thisWeekStart: string;
  nextWeekStart: string;
  overdue: DueTask[];
  dueToday: TaskBucket;
  /** The rest of this week, after today. */
  thisWeek: TaskBucket;
  nextWeek: TaskBucket;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The local calendar day of an instant (YYYY-MM-DD) in `timeZone`. */
export function localDay(instant: string | Date, timeZone = WORK_TIME_ZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `day` moved by `days` calendar days (YYYY-MM-DD, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week of `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return shiftDay(day, -((weekday + 6) % 7));
}

const byDue = (a: { dueAt: string }, b: { dueAt: string }) => Date.parse(a.dueAt) - Date.parse(b.dueAt);
const byAt = (a: { at: string }, b: { at: string }) => Date.parse(a.at) - Date.parse(b.at);

/** "Mes tâches": the caseload's deadlines and booked appointments, overdue, today, this week, next week. */
export function tasksAhead(pathways: PathwayWorkView[], now: Date, timeZone = WORK_TIME_ZONE): TasksAhead {
  const today = localDay(now, timeZone);
  const thisWeekStart = mondayOf(today);
  const nextWeekStart = shiftDay(thisWeekStart, 7);
  const afterNextWeek = shiftDay(thisWeekStart, 14);
  const empty = (): TaskBucket => ({ deadlines: [], appointments: [] });
  const result: TasksAhead = { today, thisWeekStart, nextWeekStart, overdue: [], dueToday: empty(), thisWeek: empty(), nextWeek: empty() };
  const bucketOf = (instant: string): TaskBucket | undefined => {
    const day = localDay(instant, timeZone);
    if (day === today) return result.dueToday;
    if (day > today && day < nextWeekStart) return result.thisWeek;
    if (day >= nextWeekStart && day < afterNextWeek) return result.nextWeek;
    return undefined;
  };
  for (const p of pathways) {
    for (const d of p.deadlines) {
      const task = { ...d, pathwayId: p.pathwayId };
      if (d.overdue || Date.parse(d.dueAt) <= now.getTime()) result.overdue.push(task);
      else bucketOf(d.dueAt)?.deadlines.push(task);
    }
    for (const a of p.appointments ?? []) {
      // What is still to do: booked, and not over by more than the day (a visit this morning stays on today's list).
      if (a.status !== 'BOOKED') continue;
      const bucket = localDay(a.at, timeZone) < today ? result.dueToday : bucketOf(a.at);
      bucket?.appointments.push({ ...a, pathwayId: p.pathwayId });
    }
  }
  result.overdue.sort(byDue);
  for (const bucket of [result.dueToday, result.thisWeek, result.nextWeek]) {
    bucket.deadlines.sort(byDue);
    bucket.appointments.sort(byAt);
  }
  return result;
}

/** The clocks that start again each time they are met, and the policy key of their period. */
export const PERIODIC_CLOCKS: Partial<Record<ClockKind, keyof PathwayPolicy>> = {
  contactDue: 'contactDue',
  reassessmentDue: 'reassessmentDue',
};

export interface ForecastDue {
  pathwayId: string;
  caseManagerId?: string;
  kind: ClockKind;
  ref?: string;
  dueAt: string;
  /** `running`: a deadline a workflow holds now; `projected`: the next occurrence of a periodic one. */
  source: 'running' | 'projected';
}

/**
 * Every deadline due from `from` for `weeks` weeks: those running, then each periodic one again every
 * period after it (a deadline already overdue is the case manager's now, not next month's: left out).
 */
export function dueWorkAhead(pathways: PathwayWorkView[], policy: PathwayPolicy, from: Date, weeks: number, timeZone = WORK_TIME_ZONE): ForecastDue[] {
  const start = Date.parse(`${mondayOf(localDay(from, timeZone))}T00:00:00Z`);
  const end = start + weeks * 7 * DAY_MS + DAY_MS; // a day's margin: the last local Sunday ends after its UTC midnight
  const out: ForecastDue[] = [];
  for (const p of pathways) {
    for (const d of p.deadlines) {
      if (d.overdue || Date.parse(d.dueAt) < from.getTime()) continue;
      const base = { pathwayId: p.pathwayId, caseManagerId: p.caseManagerId, kind: d.kind, ...(d.ref === undefined ? {} : { ref: d.ref }) };
      if (Date.parse(d.dueAt) < end) out.push({ ...base, dueAt: d.dueAt, source: 'running' });
      const period = PERIODIC_CLOCKS[d.kind];
      if (!period) continue;
      for (let next = addDuration(d.dueAt, policy[period] as string); next.getTime() < end; next = addDuration(next.toISOString(), policy[period] as string)) {
        out.push({ ...base, dueAt: next.toISOString(), source: 'projected' });
      }
    }
  }
  return out.sort(byDue);
}

export interface ForecastWeek {
  /** Monday of the week (local day). */
  weekStart: string;
  /** Deadlines the workflows hold that fall due this week. */
  due: number;
  /** Periodic deadlines the policy will start by then. */
  projected: number;
  /** due + projected. */
  total: number;
}

export interface ForecastRow {
  /** Absent: the pathways of the territory no case manager holds (the waiting list's clocks). */
  caseManagerId?: string;
  weeks: ForecastWeek[];
}

export interface DueWorkForecast {
  from: string;
  weeks: number;
  territory: ForecastWeek[];
  caseManagers: ForecastRow[];
}

/** Counts of `dueWorkAhead`, week by week, for the territory and for each case manager. */
export function forecastDueWork(pathways: PathwayWorkView[], policy: PathwayPolicy, from: Date, weeks = 13, timeZone = WORK_TIME_ZONE): DueWorkForecast {
  const firstMonday = mondayOf(localDay(from, timeZone));
  const mondays = Array.from({ length: weeks }, (_, i) => shiftDay(firstMonday, 7 * i));
  const emptyWeeks = (): ForecastWeek[] => mondays.map((weekStart) => ({ weekStart, due: 0, projected: 0, total: 0 }));
  const territory = emptyWeeks();
  const rows = new Map<string, ForecastRow>();
  for (const p of pathways) {
    const key = p.caseManagerId ?? '';
    if (!rows.has(key)) rows.set(key, { ...(p.caseManagerId ? { caseManagerId: p.caseManagerId } : {}), weeks: emptyWeeks() });
  }
  for (const due of dueWorkAhead(pathways, policy, from, weeks, timeZone)) {
    const index = mondays.indexOf(mondayOf(localDay(due.dueAt, timeZone)));
    if (index < 0) continue;
    const row = rows.get(due.caseManagerId ?? '');
    for (const week of row ? [territory[index], row.weeks[index]] : [territory[index]]) {
      if (due.source === 'running') week.due += 1;
      else week.projected += 1;
      week.total += 1;
    }
  }
  // By case manager, the unassigned pathways last.
  const caseManagers = [...rows.values()].sort((a, b) => (a.caseManagerId === undefined ? 1 : b.caseManagerId === undefined ? -1 : a.caseManagerId.localeCompare(b.caseManagerId)));
  return { from: firstMonday, weeks, territory, caseManagers };
}
