// What a chart shows, apart from how it is drawn: its bars and the sentence that reads them aloud.

export type Tone = 'primary' | 'secondary' | 'danger';

/** Fills with a contrast of 3:1 or more against white (WCAG 1.4.11); text stays in the page's text colour. */
export const TONES: Record<Tone, string> = { primary: '#1c4f8c', secondary: '#a05a00', danger: '#9b1c1c' };

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** As written at the end of the bar ("19 j"). */
  valueText: string;
  /** As read aloud, when it differs ("19 jours"). */
  spokenValue?: string;
  tone?: Tone;
}

export interface BarGroup {
  key: string;
  /** A heading over its bars (e.g. the delay measured); none for a flat chart. */
  label?: string;
  /** The heading as read aloud, when the written one is abbreviated. */
  spokenLabel?: string;
  /** Written after the heading, lighter, in brackets ("1 mesure"). */
  detail?: string;
  bars: Bar[];
}

/** What the chart says, in one sentence a screen reader reads: every bar with its figure. */
export function spokenSummary(title: string, groups: readonly BarGroup[], unit?: string): string {
  const heading = (g: BarGroup) => (g.label ? `${g.spokenLabel ?? g.label}${g.detail ? ` (${g.detail})` : ''}, ` : '');
  const parts = groups.flatMap((g) => g.bars.map((b) => `${heading(g)}${b.label} : ${b.spokenValue ?? b.valueText}`));
  return `${title}${unit ? ` (${unit})` : ''}. ${parts.length ? parts.join(' ; ') : 'aucune donnée'}.`;
}

/** Bars with a value, from a count per code (`{ MOVED: 2 }`), labelled in French, largest first. */
export function barsFromCounts(counts: Record<string, number> | undefined, label: (code: string) => string, valueText: (n: number) => string, tone?: Tone): Bar[] {
  return Object.entries(counts ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || label(a).localeCompare(label(b), 'fr'))
    .map(([code, n]) => ({ key: code, label: label(code), value: n, valueText: valueText(n), tone }));
}
