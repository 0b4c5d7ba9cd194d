import { spokenSummary, TONES, type Bar } from './model';
import { barLength } from './scale';

const WIDTH = 360;
const HEIGHT = 28;

/**
 * One bar split into its parts (e.g. plans acknowledged in time / windows ended without), the headline
 * share written above it and a legend under it. One image for assistive technologies, named by a
 * sentence that gives the share and every part.
 */
export function ShareChart({ name, title, headline, parts, note, empty = 'Aucune donnée sur la période.' }: { name: string; title: string; headline: string; parts: Bar[]; note?: string; empty?: string }) {
  const total = parts.reduce((sum, p) => sum + Math.max(0, p.value), 0);
  if (total === 0) {
    return (
      <figure className="chart" data-chart={name}>
        <figcaption className="chart-title">{title}</figcaption>
        <p className="chart-headline">{headline}</p>
        {empty ? <p className="muted">{empty}</p> : null}
        {note ? <p className="muted">{note}</p> : null}
      </figure>
    );
  }
  let x = 0;
  const segments = parts.map((part) => {
    const width = part.value > 0 ? barLength(part.value, total, WIDTH) : 0;
    const segment = { part, x, width };
    x += width;
    return segment;
  });
  return (
    <figure className="chart" data-chart={name}>
      <figcaption className="chart-title">{title}</figcaption>
      <p className="chart-headline">{headline}</p>
      <svg role="img" aria-label={spokenSummary(`${title} : ${headline}`, [{ key: 'parts', bars: parts }])} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width={WIDTH} height={HEIGHT} className="chart-svg">
        <rect x={0.5} y={0.5} width={WIDTH - 1} height={HEIGHT - 1} fill="#f5f7fa" stroke="#c9d0d9" />
        {segments.map(({ part, x: left, width }) => (
          <rect key={part.key} x={left} y={0} width={width} height={HEIGHT} fill={TONES[part.tone ?? 'primary']} stroke="#fff" strokeWidth={1} data-label={part.label} data-value={part.value} />
        ))}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {parts.map((part) => (
          <li key={part.key}>
            <span className="swatch" style={{ background: TONES[part.tone ?? 'primary'] }} />
            {part.label} : <strong>{part.valueText}</strong>
          </li>
        ))}
      </ul>
      {note ? <p className="muted">{note}</p> : null}
    </figure>
  );
}
