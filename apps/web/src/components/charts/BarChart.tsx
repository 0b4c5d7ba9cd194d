import { spokenSummary, TONES, type BarGroup } from './model';
import { barLength, niceMax, ticks } from './scale';

// Drawn about as wide as a chart's column, so the text is near its CSS size.
const WIDTH = 360;
const SPAN = 280; // room for the value written after the longest bar
const LABEL_HEIGHT = 19;
const BAR_HEIGHT = 14;
const ROW_GAP = 10;
const GROUP_HEIGHT = 24;
const AXIS_HEIGHT = 20;

/**
 * Horizontal bars, each with its label above and its figure after it, on an axis from zero (graduated
 * underneath). The drawing is one image for assistive technologies, named by a sentence giving every figure.
 */
export function BarChart({
  name,
  title,
  headline,
  groups,
  unit,
  axisLabel,
  empty = 'Aucune donnée sur la période.',
}: {
  /** Names the figure for tests and styles (`data-chart`). */
  name: string;
  title: string;
  /** A sentence over the chart (e.g. the total). */
  headline?: string;
  groups: BarGroup[];
  unit?: string;
  axisLabel?: (value: number) => string;
  empty?: string;
}) {
  const bars = groups.flatMap((g) => g.bars);
  if (bars.length === 0) {
    return (
      <figure className="chart" data-chart={name}>
        <figcaption className="chart-title">{title}</figcaption>
        {headline ? <p className="chart-headline">{headline}</p> : null}
        {empty ? <p className="muted">{empty}</p> : null}
      </figure>
    );
  }
  const max = niceMax(bars.map((b) => b.value));
  const graduations = ticks(max, 4);
  let y = 0;
  const rows = groups.map((group) => {
    const top = y;
    if (group.label) y += GROUP_HEIGHT;
    const placed = group.bars.map((bar) => {
      const at = y;
      y += LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP;
      return { bar, at };
    });
    return { group, top, placed };
  });
  const plotHeight = y;
  const height = plotHeight + AXIS_HEIGHT;
  return (
    <figure className="chart" data-chart={name}>
      <figcaption className="chart-title">
        {title}
        {unit ? <span className="muted"> ({unit})</span> : null}
      </figcaption>
      {headline ? <p className="chart-headline">{headline}</p> : null}
      <svg role="img" aria-label={spokenSummary(headline ? `${title} : ${headline}` : title, groups, unit)} viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} className="chart-svg">
        {graduations.map((t) => {
          const x = barLength(t, max, SPAN) || 0;
          return (
            <g key={t}>
              <line x1={x + 0.5} x2={x + 0.5} y1={0} y2={plotHeight} stroke="#c9d0d9" strokeWidth={1} />
              <text x={x} y={height - 4} fontSize={12} fill="#4a5360" textAnchor={t === 0 ? 'start' : 'middle'}>
                {axisLabel ? axisLabel(t) : t}
              </text>
            </g>
          );
        })}
        {rows.map(({ group, top, placed }) => (
          <g key={group.key}>
            {group.label ? (
              <text x={0} y={top + 16} fontSize={14} fontWeight={700} fill="#1b1f24" className="chart-group">
                {group.label}
                {group.detail ? <tspan fontWeight={400} fill="#4a5360">{` (${group.detail})`}</tspan> : null}
              </text>
            ) : null}
            {placed.map(({ bar, at }) => {
              const length = barLength(bar.value, max, SPAN);
              return (
                <g key={bar.key} data-label={bar.label} data-value={bar.value}>
                  <text x={0} y={at + 14} fontSize={14} fill="#1b1f24">
                    {bar.label}
                  </text>
                  <rect x={0} y={at + LABEL_HEIGHT} width={length} height={BAR_HEIGHT} rx={2} fill={TONES[bar.tone ?? 'primary']} />
                  <text x={length + 6} y={at + LABEL_HEIGHT + 12} fontSize={14} fontWeight={700} fill="#1b1f24">
                    {bar.valueText}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
    </figure>
  );
}
