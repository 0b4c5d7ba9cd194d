import { useId } from 'react';
import { BarChart } from '../components/charts/BarChart';
import { ShareChart } from '../components/charts/ShareChart';
import { formatCount } from '../components/charts/scale';
import { LoadState } from '../components/Status';
import type { Loaded } from '../useLoad';
import { acknowledgementShare, closureBars, delayChart, flowBars, overdueBars, overdueHeadline, periodLabel, reminderBars, remindersHeadline, type Indicators } from './indicators';

export const PERIODS = [
  { days: 7, label: '7 derniers jours' },
  { days: 30, label: '30 derniers jours' },
  { days: 90, label: '3 derniers mois' },
  { days: 365, label: '12 derniers mois' },
] as const;

export const DEFAULT_PERIOD_DAYS = 30;

/** The indicators of the territory over a period, as charts. */
export function IndicatorsPanel({ indicators, days, onDays }: { indicators: Loaded<Indicators>; days: number; onDays: (days: number) => void }) {
  const id = useId();
  return (
    <section aria-labelledby="titre-indicateurs" className="card">
      <div className="title-row">
        <h2 id="titre-indicateurs">Indicateurs du territoire</h2>
        <div className="period">
          <label htmlFor={`${id}-periode`}>Période</label>{' '}
          <select id={`${id}-periode`} value={days} onChange={(e) => onDays(Number(e.target.value))}>
            {PERIODS.map((p) => (
              <option key={p.days} value={p.days}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <LoadState loaded={indicators} what="les indicateurs" />
      {indicators.state === 'loaded' && <Charts ind={indicators.data} />}
    </section>
  );
}

function Charts({ ind }: { ind: Indicators }) {
  const delays = delayChart(ind);
  const share = acknowledgementShare(ind);
  return (
    <>
      <p className="muted" data-testid="periode-indicateurs">
        Territoire {ind.territory}, {periodLabel(ind)}.
      </p>
      <div className="chart-grid">
        <BarChart name="flux" title="Parcours ouverts et clôturés" unit="nombre de parcours" groups={[{ key: 'flux', bars: flowBars(ind) }]} />
        <BarChart
          name="clotures"
          title="Clôtures par motif"
          unit="nombre de parcours"
          groups={[{ key: 'motifs', bars: closureBars(ind) }]}
          empty="Aucune clôture sur la période."
        />
        <BarChart
          name="delais"
          title="Délais de prise en charge"
          unit={`en ${delays.unit.many}`}
          groups={delays.groups}
          axisLabel={(t) => `${formatCount(t)} ${delays.unit.short}`}
          empty="Aucun délai mesuré sur la période (ni première évaluation ni plan d’aide enregistrés)."
        />
        <ShareChart name="visa" title="Visa du médecin sur le plan d’aide" headline={share.headline} parts={share.parts} note={share.note} empty="" />
        <BarChart
          name="relances"
          title="Relances envoyées"
          unit="nombre de messages"
          headline={remindersHeadline(ind)}
          groups={[{ key: 'destinataires', bars: reminderBars(ind) }]}
          empty="Aucune relance envoyée sur la période."
        />
        <BarChart
          name="echeances"
          title="Échéances dépassées"
          unit="nombre d’échéances"
          headline={overdueHeadline(ind)}
          groups={[{ key: 'echeances', bars: overdueBars(ind) }]}
          empty=""
        />
      </div>
    </>
  );
}
