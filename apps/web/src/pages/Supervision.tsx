import { useEffect } from 'react';
import { api } from '../api/client';
import { Link } from '../components/Link';
import { LoadState } from '../components/Status';
import { formatDateTime, relative, stageLabel } from '../labels';
import { useLoad } from '../useLoad';

const REFRESH_MS = 15_000;

/** The supervisor's morning: what is stuck, who carries what, who waits for a case manager. */
export function Supervision() {
  const [stuck, reloadStuck] = useLoad(() => api.GET('/api/v1/supervision/stuck'), []);
  const [caseloads, reloadCaseloads] = useLoad(() => api.GET('/api/v1/supervision/caseloads'), []);
  const [waiting, reloadWaiting] = useLoad(() => api.GET('/api/v1/supervision/waiting-list'), []);
  const refresh = () => Promise.all([reloadStuck(), reloadCaseloads(), reloadWaiting()]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  });

  return (
    <>
      <div className="title-row">
        <h1>Supervision</h1>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Actualiser
        </button>
      </div>
      <section aria-labelledby="titre-bloques" className="card">
        <h2 id="titre-bloques">Parcours bloqués</h2>
        <LoadState loaded={stuck} what="les parcours bloqués" />
        {stuck.state === 'loaded' &&
          (stuck.data.length === 0 ? (
            <p className="muted">Aucun parcours bloqué.</p>
          ) : (
            <table>
              <caption className="visually-hidden">Parcours bloqués, le plus ancien retard en premier</caption>
              <thead>
                <tr>
                  <th scope="col">Parcours</th>
                  <th scope="col">Étape</th>
                  <th scope="col">Motif</th>
                  <th scope="col">Depuis</th>
                  <th scope="col">Gestionnaire de cas</th>
                </tr>
              </thead>
              <tbody>
                {stuck.data.map((p) => (
                  <tr key={p.pathwayId} data-pathway-id={p.pathwayId}>
                    <th scope="row">
                      <Link href={`/parcours/${p.pathwayId}`}>Parcours {p.pathwayId.slice(0, 8)}</Link>
                    </th>
                    <td>{stageLabel(p.stage)}</td>
                    <td>{p.reason}</td>
                    <td>
                      {formatDateTime(p.since)} <span className="muted">({relative(p.since)})</span>
                    </td>
                    <td>{p.caseManagerId ?? <span className="muted">non attribué</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
      <div className="columns">
        <section aria-labelledby="titre-charge" className="card">
          <h2 id="titre-charge">Charge des gestionnaires de cas</h2>
          <LoadState loaded={caseloads} what="les charges" />
          {caseloads.state === 'loaded' && (
            <ul className="bars">
              {caseloads.data.map((c) => {
                const share = c.capacity > 0 ? Math.min(1, c.active / c.capacity) : 1;
                return (
                  <li key={c.caseManagerId}>
                    <span className="bar-label">
                      {c.name} : {c.active} / {c.capacity} parcours{c.available === 0 ? ' (complet)' : ''}
                    </span>
                    <span className="bar" aria-hidden="true">
                      <span className={`bar-fill${share >= 1 ? ' full' : share >= 0.85 ? ' high' : ''}`} style={{ width: `${Math.round(share * 100)}%` }} />
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
        <section aria-labelledby="titre-attente" className="card">
          <h2 id="titre-attente">Liste d’attente</h2>
          <LoadState loaded={waiting} what="la liste d’attente" />
          {waiting.state === 'loaded' &&
            (waiting.data.length === 0 ? (
              <p className="muted">Personne n’attend de gestionnaire de cas.</p>
            ) : (
              <ol>
                {waiting.data.map((w) => (
                  <li key={w.pathwayId}>
                    <Link href={`/parcours/${w.pathwayId}`}>
                      {w.patient.lastName.toUpperCase()} {w.patient.firstName}
                    </Link>{' '}
                    — attend depuis {relative(w.waitingSince ?? w.referredAt).replace(/^il y a /, '')}
                    {w.assignmentDueAt ? <span className="muted"> (attribution due le {formatDateTime(w.assignmentDueAt)})</span> : null}
                  </li>
                ))}
              </ol>
            ))}
        </section>
      </div>
    </>
  );
}
