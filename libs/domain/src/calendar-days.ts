/** Counting calendar days (the yearly respite allowance). */

/** Whole UTC calendar days from the day of `startsAt` to the day of `endsAt`, both counted, per calendar year. */
export function daysPerYear(startsAt: string, endsAt: string): Record<string, number> {
  const days: Record<string, number> = {};
  const day = (iso: string) => Math.floor(Date.parse(iso) / 86_400_000);
  for (let d = day(startsAt); d <= day(endsAt); d += 1) {
    const year = String(new Date(d * 86_400_000).getUTCFullYear());
    days[year] = (days[year] ?? 0) + 1;
  }
  return days;
}
