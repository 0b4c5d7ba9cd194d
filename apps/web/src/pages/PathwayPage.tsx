import { useState } from 'react';
import { api, type PathwaySummary } from '../api/client';
import { AssessmentForm } from '../components/AssessmentForm';
import { LoadState } from '../components/Status';
import { deadlineLabel, eventLabel, flagLabel, formatDateTime, relative, stageLabel, STAGES } from '../labels';
import { currentSession } from '../session';
import { useLoad } from '../useLoad';

/** Stages in pathway order, the current one marked; CLOSED/INSTITUTIONALIZED only when reached. */
function StageRibbon({ stage }: { stage: string }) {
  const shown = STAGES.filter((s) => (s !== 'INSTITUTIONALIZED' && s !== 'CLOSED') || s === stage);
  const current = shown.indexOf(stage as (typeof STAGES)[number]);
  return (
    <nav aria-label="Étapes du parcours">
      <ol className="ribbon">
        {shown.map((s, i) => (
          <li key={s} className={i < current ? 'past' : i === current ? 'current' : 'future'} aria-current={i === current ? 'step' : undefined}>
            {stageLabel(s)}
            {i === current && <span className="visually-hidden"> (étape actuelle)</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Episodes({ summary }: { summary: PathwaySummary }) {
  const { hospitalization, institution, lastDischarge } = summary.episodes;
  if (!hospitalization && !institution && !lastDischarge) return <p className="muted">Aucun épisode en cours.</p>;
  return (
    <ul>
      {hospitalization && (
        <li>
          Hospitalisation à {hospitalization.facility} depuis le {formatDateTime(hospitalization.admittedAt)}
          {hospitalization.reason ? ` (${hospitalization.reason})` : ''}
        </li>
      )}
      {lastDischarge && (
        <li>
          Sortie d’hôpital ({lastDischarge.facility}) le {formatDateTime(lastDischarge.dischargedAt)}
        </li>
      )}
      {institution && (
        <li>
          En établissement ({institution.facility}) depuis le {formatDateTime(institution.admittedAt)}
        </li>
      )}
    </ul>
  );
}

export function PathwayPage({ id }: { id: string }) {
  const [summary, reloadSummary] = useLoad(() => api.GET('/api/v1/pathways/{id}', { params: { path: { id } } }), [id]);
  const [timeline, reloadTimeline] = useLoad(() => api.GET('/api/v1/pathways/{id}/timeline', { params: { path: { id } } }), [id]);
  const [recorded, setRecorded] = useState<PathwaySummary>();
  const session = currentSession();
  const shown = recorded ?? (summary.state === 'loaded' ? summary.data : undefined);

  return (
    <article aria-labelledby="titre-parcours">
      {!shown && <h1 id="titre-parcours">Parcours</h1>}
      <LoadState loaded={summary} what="ce parcours" />
      {shown && (
        <>
          <h1 id="titre-parcours">
            {shown.patient.lastName.toUpperCase()} {shown.patient.firstName}
            <span className="muted"> · né·e le {shown.patient.birthDate}</span>
          </h1>
          <p>
            Étape actuelle : <strong data-testid="stage">{stageLabel(shown.stage)}</strong> depuis {relative(shown.stageSince).replace(/^il y a /, '')}
            {shown.caseManagerId ? ` · gestionnaire de cas : ${shown.caseManagerId}` : ''}
          </p>
          <StageRibbon stage={shown.stage} />
          {(shown.flags.length > 0 || shown.stuck.length > 0) && (
            <section aria-labelledby="titre-alertes" className="card attention">
              <h2 id="titre-alertes">À traiter</h2>
              <ul>
                {shown.stuck.map((s) => (
                  <li key={s.reason + s.since}>
                    {s.reason} (depuis {formatDateTime(s.since)})
                  </li>
                ))}
                {shown.flags.map((f) => (
                  <li key={f}>{flagLabel(f)}</li>
                ))}
              </ul>
            </section>
          )}
          <div className="columns">
            <section aria-labelledby="titre-echeances" className="card">
              <h2 id="titre-echeances">Échéances</h2>
              {shown.deadlines.length === 0 ? (
                <p className="muted">Aucune échéance en cours.</p>
              ) : (
                <ul className="deadlines">
                  {shown.deadlines.map((d) => (
                    <li key={d.kind}>
                      <strong>{deadlineLabel(d.kind)}</strong> : {formatDateTime(d.dueAt)}{' '}
                      {d.overdue ? <span className="badge danger">En retard</span> : <span className="muted">({relative(d.dueAt)})</span>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="titre-episodes" className="card">
              <h2 id="titre-episodes">Épisodes en cours</h2>
              <Episodes summary={shown} />
            </section>
            <section aria-labelledby="titre-plan" className="card">
              <h2 id="titre-plan">Plan d’aide</h2>
              {shown.plan ? (
                <>
                  <p>
                    Version {shown.plan.version} du {formatDateTime(shown.plan.recordedAt)}
                    {shown.plan.acknowledgedAt ? `, visée le ${formatDateTime(shown.plan.acknowledgedAt)}` : ', pas encore visée par le médecin'}
                  </p>
                  <ul>
                    {shown.plan.services.map((s, i) => (
                      <li key={i}>
                        {s.type} — {s.provider}, {s.frequency}, à partir du {s.startsAt}
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="muted">Pas encore de plan.</p>
              )}
              {shown.latestAssessment && (
                <p>
                  Dernière évaluation le {formatDateTime(shown.latestAssessment.performedAt)} : MMSE {shown.latestAssessment.mmse ?? '—'}, GIR {shown.latestAssessment.gir ?? '—'}, Zarit{' '}
                  {shown.latestAssessment.zarit ?? '—'}.
                </p>
              )}
            </section>
          </div>
          {session?.role === 'case_manager' && (
            <AssessmentForm
              pathwayId={id}
              onRecorded={(next) => {
                setRecorded(next);
                void reloadSummary().then(() => setRecorded(undefined));
                void reloadTimeline();
              }}
            />
          )}
        </>
      )}
      <section aria-labelledby="titre-historique" className="card">
        <h2 id="titre-historique">Historique</h2>
        <LoadState loaded={timeline} what="l’historique" />
        {timeline.state === 'loaded' && (
          <ol className="timeline">
            {timeline.data.map((e) => (
              <li key={e.seq}>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> — {eventLabel(e.type)} <span className="muted">par {e.actor}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </article>
  );
}
