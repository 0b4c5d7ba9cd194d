import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { CaseloadBars } from '../components/charts/CaseloadBars';
import { Link } from 'react-router';
import { LoadState } from '../components/Status';
import { formatDateTime, relative, stageLabel } from '../labels';
import { AssignControl } from '../supervision/AssignControl';
import { isAssignable } from '../supervision/assignment';
import { DEFAULT_PERIOD_DAYS, IndicatorsPanel } from '../supervision/IndicatorsPanel';
import { loadToPlace, placeUntilReturn } from '../supervision/unplaced';
import { stuckCodeLabel, waitedFor } from '../supervision/words';
import { useLoad } from '../useLoad';
import { ForecastPanel } from '../work/ForecastPanel';

const REFRESH_MS = 15_000;

/** The supervisor's morning: what is stuck, who carries what, who waits for a case manager, and how the territory does. */
export function Supervision() {
  const [days, setDays] = useState(DEFAULT_PERIOD_DAYS);
  const [notice, setNotice] = useState<string>();
  const [stuck, reloadStuck] = useLoad(() => api.GET('/api/v1/supervision/stuck'), []);
  const [caseloads, reloadCaseloads] = useLoad(() => api.GET('/api/v1/supervision/caseloads'), []);
  const [waiting, reloadWaiting] = useLoad(() => api.GET('/api/v1/supervision/waiting-list'), []);
  const [indicators, reloadIndicators] = useLoad(
    // The API's default period is the last 30 days: asked without dates, so its figures are the ones shown.
    () => api.GET('/api/v1/supervision/indicators', { params: { query: days === DEFAULT_PERIOD_DAYS ? {} : { from: new Date(Date.now() - days * 86_400_000).toISOString() } } }),
    [days],
  );
  const teamIds = caseloads.state === 'loaded' ? caseloads.data.map((c) => c.caseManagerId) : [];
  const [toPlace, reloadToPlace] = useLoad(() => loadToPlace(teamIds), [teamIds.join(',')]);
  const refresh = () => Promise.all([reloadStuck(), reloadCaseloads(), reloadWaiting(), reloadIndicators(), reloadToPlace()]);
  useEffect(() => {
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  });

  const team = caseloads.state === 'loaded' ? caseloads.data : [];
  const nameOf = (caseManagerId: string) => team.find((c) => c.caseManagerId === caseManagerId)?.name;
  const assigned = (message: string) => {
    setNotice(message);
    void refresh();
  };
  const refused = () => {
    setNotice(undefined);
    void refresh();
  };

  return (
    <>
      <div className="title-row">
        <h1>Supervision</h1>
        <button type="button" className="secondary" onClick={() => void refresh()}>
          Actualiser
        </button>
      </div>
      <div role="status" className="notice-slot">
        {notice ? <p className="success">{notice}</p> : null}
      </div>
      <section aria-labelledby="titre-bloques" className="card">
        <h2 id="titre-bloques">Parcours bloqués</h2>
        <LoadState loaded={stuck} what="les parcours bloqués" />
        {stuck.state === 'loaded' &&
          (stuck.data.length === 0 ? (
            <p className="muted">Aucun parcours bloqué.</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">Parcours bloqués, le plus ancien retard en premier</caption>
                <thead>
                  <tr>
                    <th scope="col">Parcours</th>
                    <th scope="col">Étape</th>
                    <th scope="col">Motif</th>
                    <th scope="col">Depuis</th>
                    <th scope="col">Gestionnaire de cas</th>
                    <th scope="col">Réattribuer</th>
                  </tr>
                </thead>
                <tbody>
                  {stuck.data.map((p) => {
                    // By code, never by the English sentence (issue 22): the sentence is the API's display text.
                    const label = (r: (typeof p.reasons)[number]) =>
                      stuckCodeLabel(r.code, { notProcessed: r.source === 'unprocessedDeadline', activity: p.failingActivity?.activityType });
                    const others = p.reasons.slice(1);
                    return (
                      <tr key={p.pathwayId} data-pathway-id={p.pathwayId}>
                        <th scope="row">
                          <Link to={`/parcours/${p.pathwayId}`}>Parcours {p.pathwayId.slice(0, 8)}</Link>
                        </th>
                        <td>{stageLabel(p.stage)}</td>
                        <td>
                          {p.reasons[0] ? label(p.reasons[0]) : stuckCodeLabel(p.code)}
                          {others.length > 0 && (
                            <ul className="reasons">
                              {others.map((r) => (
                                <li key={r.code + r.source}>
                                  {label(r)}
                                  {r.since ? <span className="muted"> ({relative(r.since)})</span> : null}
                                </li>
                              ))}
                            </ul>
                          )}
                        </td>
                        <td>
                          {formatDateTime(p.since)} <span className="muted">({relative(p.since)})</span>
                        </td>
                        <td data-testid="gestionnaire">
                          {p.caseManagerId ? (
                            <>
                              {nameOf(p.caseManagerId) ?? 'Gestionnaire inconnu'} <span className="muted">({p.caseManagerId})</span>
                            </>
                          ) : (
                            <span className="muted">non attribué</span>
                          )}
                        </td>
                        <td>
                          {isAssignable(p.stage) ? (
                            <AssignControl
                              pathwayId={p.pathwayId}
                              subject={`le parcours ${p.pathwayId.slice(0, 8)}`}
                              currentId={p.caseManagerId}
                              caseloads={team}
                              onAssigned={assigned}
                              onRefused={refused}
                            />
                          ) : (
                            <span className="muted">{p.stage === 'REFERRED' ? 'Après la décision d’éligibilité' : 'Impossible à cette étape'}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
      </section>
      <section aria-labelledby="titre-attente" className="card">
        <h2 id="titre-attente">Liste d’attente</h2>
        <LoadState loaded={waiting} what="la liste d’attente" />
        {waiting.state === 'loaded' &&
          (waiting.data.length === 0 ? (
            <p className="muted">Personne n’attend de gestionnaire de cas.</p>
          ) : (
            <div className="table-scroll">
              <table className="waiting">
                <caption className="visually-hidden">Personnes en attente d’un gestionnaire de cas, la plus ancienne en premier</caption>
                <thead>
                  <tr>
                    <th scope="col">Personne</th>
                    <th scope="col">En attente depuis</th>
                    <th scope="col">Attribution due le</th>
                    <th scope="col">Attribuer à</th>
                  </tr>
                </thead>
                <tbody>
                  {waiting.data.map((w) => {
                    const who = `${w.patient.lastName.toUpperCase()} ${w.patient.firstName}`;
                    const since = w.waitingSince ?? w.referredAt;
                    const late = w.assignmentDueAt !== null && Date.parse(w.assignmentDueAt) < Date.now();
                    return (
                      <tr key={w.pathwayId} data-pathway-id={w.pathwayId}>
                        <th scope="row">
                          <Link to={`/parcours/${w.pathwayId}`}>{who}</Link>
                        </th>
                        <td>
                          {waitedFor(relative(since))} <span className="muted">(le {formatDateTime(since)})</span>
                        </td>
                        <td>
                          {formatDateTime(w.assignmentDueAt)} {late ? <span className="badge danger">En retard</span> : null}
                        </td>
                        <td>
                          <AssignControl pathwayId={w.pathwayId} subject={`le parcours de ${who}`} caseloads={team} onAssigned={assigned} onRefused={refused} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
      </section>
      <section aria-labelledby="titre-a-placer" className="card">
        <h2 id="titre-a-placer">Parcours à placer (absences)</h2>
        <LoadState loaded={toPlace} what="les parcours à placer" />
        {toPlace.state === 'loaded' &&
          (toPlace.data.length === 0 ? (
            <p className="muted">Aucun parcours à placer : les absences en cours sont couvertes.</p>
          ) : (
            <div className="table-scroll">
              <p className="muted">Personne n’avait de place pour ces parcours : vous en recevez les rappels jusqu’à ce que vous les placiez, ou jusqu’au retour.</p>
              <table>
                <caption className="visually-hidden">Parcours qu’une absence a laissés sans gestionnaire de cas, le retour le plus proche en premier</caption>
                <thead>
                  <tr>
                    <th scope="col">Personne</th>
                    <th scope="col">Gestionnaire absent</th>
                    <th scope="col">Retour le</th>
                    <th scope="col">Placer chez</th>
                  </tr>
                </thead>
                <tbody>
                  {toPlace.data.map((p) => {
                    const who = `${p.patient.lastName.toUpperCase()} ${p.patient.firstName}`;
                    return (
                      <tr key={p.pathwayId} data-pathway-id={p.pathwayId}>
                        <th scope="row">
                          <Link to={`/parcours/${p.pathwayId}`}>{who}</Link>
                        </th>
                        <td>{nameOf(p.absentId) ?? p.absentId}</td>
                        <td>{formatDateTime(p.until)}</td>
                        <td>
                          <AssignControl
                            pathwayId={p.pathwayId}
                            subject={`le parcours de ${who}`}
                            currentId={p.absentId}
                            caseloads={team}
                            onAssigned={assigned}
                            onRefused={refused}
                            send={placeUntilReturn(p)}
                            verb="Placer"
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          ))}
      </section>
      <ForecastPanel nameOf={(id) => nameOf(id)} />
      <section aria-labelledby="titre-charge" className="card">
        <h2 id="titre-charge">Charge des gestionnaires de cas</h2>
        <LoadState loaded={caseloads} what="les charges" />
        {caseloads.state === 'loaded' && <CaseloadBars caseloads={caseloads.data} />}
      </section>
      <IndicatorsPanel indicators={indicators} days={days} onDays={setDays} />
    </>
  );
}
