// The supervisor's forecast: due work of the next 13 weeks, week by week, per case manager and for the
// territory (GET /api/v1/supervision/forecast): held deadlines and the periodic ones to come.
import { api } from '../api/client';
import { LoadState } from '../components/Status';
import { useLoad } from '../useLoad';

const weekLabel = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** A week's count, shaded as it grows (a case manager with 10 deadlines in one week stands out). */
function Cell({ total, projected }: { total: number; projected: number }) {
  const level = total === 0 ? 'none' : total < 4 ? 'low' : total < 8 ? 'mid' : 'high';
  return (
    <td className={`load ${level}`}>
      {total}
      {projected > 0 && <span className="visually-hidden"> dont {projected} prévue{projected > 1 ? 's' : ''}</span>}
    </td>
  );
}

export function ForecastPanel({ nameOf }: { nameOf: (caseManagerId: string) => string | undefined }) {
  const [forecast] = useLoad(() => api.GET('/api/v1/supervision/forecast'), []);
  return (
    <section aria-labelledby="titre-prevision" className="card">
      <h2 id="titre-prevision">Charge à venir (13 semaines)</h2>
      <p className="muted">Échéances tenues par les parcours, et échéances périodiques à venir (contact de suivi, réévaluation), par semaine.</p>
      <LoadState loaded={forecast} what="la prévision" />
      {forecast.state === 'loaded' && (
        <div className="scroll-x" tabIndex={0} role="region" aria-label="Tableau de la charge à venir">
          <table className="forecast" data-testid="forecast">
            <caption className="visually-hidden">Échéances par semaine et par gestionnaire de cas</caption>
            <thead>
              <tr>
                <th scope="col">Gestionnaire</th>
                {forecast.data.totals.map((w) => (
                  <th scope="col" key={w.weekStart}>
                    {weekLabel.format(new Date(`${w.weekStart}T00:00:00Z`))}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {forecast.data.caseManagers.map((row) => (
                <tr key={row.caseManagerId ?? 'none'}>
                  <th scope="row">{row.caseManagerId ? (nameOf(row.caseManagerId) ?? row.caseManagerId) : 'Sans gestionnaire'}</th>
                  {row.weeks.map((w) => (
                    <Cell key={w.weekStart} total={w.total} projected={w.projected} />
                  ))}
                </tr>
              ))}
              <tr className="total">
                <th scope="row">Territoire</th>
                {forecast.data.totals.map((w) => (
                  <Cell key={w.weekStart} total={w.total} projected={w.projected} />
                ))}
              </tr>
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
