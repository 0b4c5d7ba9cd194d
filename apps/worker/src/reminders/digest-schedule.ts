/**
 * When the supervisors' daily digest is due: every day at `digestHour` local time (Europe/Paris by
 * default, so 07:00 stays 07:00 across daylight-saving changes), covering everything since the
 * territory's previous digest.
 *
 * Why a loop in the worker rather than a Temporal Schedule: the "once per territory and day" is held by
 * the database (supervisor_digests is unique on territory and period end), which any worker may write
 * and every restart re-checks, so a worker that was down at 07:00 writes the digest when it comes back
 * and the next digest starts where the last one ended: nothing is skipped, nothing sent twice. A
 * Schedule would add a workflow and an activity to the pathway bundle and still need that same
 * idempotent write; it would buy nothing here.
 */
import type { DataSource } from 'typeorm';
import { enqueueSupervisorDigest, lastSupervisorDigestEnd, listTerritoryContacts, supervisorDigestExists } from '@pathway/persistence';

const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
}

function partsIn(at: Date, timeZone: string): LocalParts & { hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<string, number>;
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** The instant at which it is `hour`:00 on that local date in `timeZone`. */
export function zonedInstant(date: LocalParts, hour: number, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour);
  const offsetAt = (t: number) => {
    const p = partsIn(new Date(t), timeZone);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
  };
  // Twice: the offset at the first guess may differ from the offset at the answer (a DST change between).
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

/** The latest digest instant at or before `now`. */
export function latestDigestInstant(now: Date, hour: number, timeZone: string): Date {
  const today = partsIn(now, timeZone);
  const todayAt = zonedInstant(today, hour, timeZone);
  if (todayAt.getTime() <= now.getTime()) return todayAt;
  const yesterday = new Date(Date.UTC(today.year, today.month - 1, today.day) - DAY_MS);
  return zonedInstant({ year: yesterday.getUTCFullYear(), month: yesterday.getUTCMonth() + 1, day: yesterday.getUTCDate() }, hour, timeZone);
}

export class DigestScheduler {
  private checkedFor = 0;
  private lastCheckAt = 0;

  constructor(
    private readonly db: DataSource,
    private readonly options: {
      hour: number;
      timeZone: string;
      /** How often to look for supervisors still without today's digest. */
      checkEveryMs?: number;
      /** Wait this long after the digest hour, so that events recorded just before it are in. */
      graceMs?: number;
      log: (line: string) => void;
    },
  ) {}

  /** Writes the digests due at `now` that are not written yet; returns how many it wrote. */
  async tick(now: Date): Promise<number> {
    const end = latestDigestInstant(new Date(now.getTime() - (this.options.graceMs ?? 5 * 60_000)), this.options.hour, this.options.timeZone);
    const every = this.options.checkEveryMs ?? 60_000;
    if (this.checkedFor === end.getTime() && now.getTime() - this.lastCheckAt < every) return 0;
    let written = 0;
    for (const supervisor of await listTerritoryContacts(this.db, { role: 'supervisor' })) {
      if (await supervisorDigestExists(this.db, supervisor.territory, end)) continue;
      // Contiguous periods: from the previous digest's end, so a day the worker was down is not lost.
      const previous = await lastSupervisorDigestEnd(this.db, supervisor.territory);
      const start = previous && previous.getTime() < end.getTime() ? previous : new Date(end.getTime() - DAY_MS);
      const digest = await enqueueSupervisorDigest(this.db, { territory: supervisor.territory, periodStart: start, periodEnd: end, recipientAddress: supervisor.email });
      written += 1;
      this.options.log(
        digest.status === 'cancelled'
          ? `[reminders] digest ${supervisor.territory} up to ${end.toISOString()}: nothing became overdue, nothing to send`
          : `[reminders] digest ${supervisor.territory} up to ${end.toISOString()}: ${digest.items.length} overdue item(s), queued for the supervisor`,
      );
    }
    this.checkedFor = end.getTime();
    this.lastCheckAt = now.getTime();
    return written;
  }
}
