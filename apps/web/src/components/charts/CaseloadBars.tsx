import { formatCount, loadShare } from './scale';

export interface CaseloadBar {
  caseManagerId: string;
  name: string;
  active: number;
  capacity: number;
  available: number;
}

/** Each case manager's active pathways against their capacity: the sentence says it, the bar shows it. */
export function CaseloadBars({ caseloads }: { caseloads: readonly CaseloadBar[] }) {
  if (caseloads.length === 0) return <p className="muted">Aucun gestionnaire de cas sur ce territoire.</p>;
  return (
    <ul className="bars">
      {caseloads.map((c) => {
        const share = loadShare(c.active, c.capacity);
        return (
          <li key={c.caseManagerId} data-case-manager-id={c.caseManagerId}>
            <span className="bar-label">
              {c.name} : {formatCount(c.active)} / {formatCount(c.capacity)} parcours{' '}
              <span className="muted">{c.available === 0 ? '(complet)' : `(${formatCount(c.available)} place${c.available > 1 ? 's' : ''} libre${c.available > 1 ? 's' : ''})`}</span>
            </span>
            <span className="bar" aria-hidden="true">
              <span className={`bar-fill${share >= 1 ? ' full' : share >= 0.85 ? ' high' : ''}`} style={{ width: `${Math.round(share * 100)}%` }} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
