// What a chart shows, apart from how it is drawn: its bars and the sentence that reads them aloud.
//
// The six supervision charts (BarChart ×5, ShareChart) stay drawn by hand, in SVG, rather than with a
// chart library (recharts 3.11, visx), which was weighed for issue 22 and does not serve better here:
// - what matters in them is ours either way: the French figures and words (scale.ts, words.ts), and
//   the one sentence naming each chart with every figure (spokenSummary); a library only draws;
// - each is one image for assistive technologies (role="img", named by that sentence; axe-clean):
//   recharts draws its own SVG tree (its accessibility layer makes the plot a focusable application
//   with a tooltip), which would have to be hidden and re-labelled; the bars carry data-label and
//   data-value for the browser tests, which with a library means custom shapes, i.e. drawing them
//   ourselves again;
// - horizontal bars and one split bar are ~160 lines over unit-tested arithmetic (scale.spec.ts);
//   recharts brings ten dependencies (Redux Toolkit, immer, d3 through victory-vendor, …) to the
//   bundle for them, and needs ResizeObserver-driven sizing the fixed 360-pixel drawings do not;
// - CSP: no difference today (helmet's style-src allows inline style attributes, which recharts
//   sets and the legend's swatch and CaseloadBars already use; no chart needs a script or a new
//   origin), but hand-drawn SVG attributes would also survive a stricter style-src 'self'.

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
