import { useState } from 'react';
import { api, type PathwaySummary } from '../api/client';
import { LoadState } from '../components/Status';
import { DocumentsPanel, PlanPdfButton } from '../documents/DocumentsPanel';
import { flagLabel, formatDateTime, relative, stageLabel, STAGES, stuckCodeLabel } from '../labels';
import { currentSession } from '../session';
import { readEpisodes } from '../steps/episodes';
import { OpenEpisodes } from '../steps/OpenEpisodes';
import { StepsPanel } from '../steps/StepsPanel';
import { APPOINTMENT_KINDS, APPOINTMENT_STATUSES, CARE_TEAM_ROLES, CLOSURE_REASONS, deadlineWords, eventDetail, eventWords, SERVICE_STATUSES, SERVICE_TYPES, wordFor } from '../steps/vocabulary';
import { useLoad } from '../useLoad';

const birthDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' });
const day = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : birthDate.format(new Date(iso)));

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

/** The care team: who they are, how to reach them, what of the plan they provide. */
function CareTeam({ summary }: { summary: PathwaySummary }) {
  const services = summary.plan?.services ?? [];
  return (
    <ul data-testid="care-team">
      {summary.careTeam.map((m) => {
        const provides = services.filter((s) => s.providerMemberId === m.id && s.status !== 'STOPPED');
        const reach = [m.email, m.secureMessaging, m.phone].filter(Boolean).join(' · ');
        const identifier = m.rpps ? `RPPS ${m.rpps}` : m.finess ? `FINESS ${m.finess}` : undefined;
        return (
          <li key={m.id} data-member={m.id}>
            <strong>{m.name}</strong> — {wordFor(CARE_TEAM_ROLES, m.role)}
            {m.relationship ? ` (${m.relationship})` : ''}
            {reach && <span className="muted"> · {reach}</span>}
            {identifier && <span className="muted"> · {identifier}</span>}
            {provides.length > 0 && <> · assure : {provides.map((s) => wordFor(SERVICE_TYPES, s.type)).join(', ')}</>}
          </li>
        );
      })}
    </ul>
  );
}

function Plan({ summary }: { summary: PathwaySummary }) {
  const { plan, latestAssessment } = summary;
  return (
    <>
      {plan ? (
        <>
          <p>
            Version {plan.version} du {formatDateTime(plan.recordedAt)}
            {plan.acknowledgedAt ? `, visée le ${formatDateTime(plan.acknowledgedAt)}` : ', pas encore visée par le médecin'}
          </p>
          <ul data-testid="plan">
            {plan.services.map((s, i) => (
              <li key={i}>
                {wordFor(SERVICE_TYPES, s.type)} — {s.provider}, {s.frequency}, à partir du {day(s.startsAt)} <span className="muted">({wordFor(SERVICE_STATUSES, s.status)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="muted">Pas encore de plan.</p>
      )}
      {latestAssessment && (
        <p>
          Dernière évaluation le {formatDateTime(latestAssessment.performedAt)} : MMSE {latestAssessment.mmse ?? '—'}, GIR {latestAssessment.gir ?? '—'}, Zarit {latestAssessment.zarit ?? '—'}.
        </p>
      )}
    </>
  );
}

export function PathwayPage({ id }: { id: string }) {
  const [summary, reloadSummary] = useLoad(() => api.GET('/api/v1/pathways/{id}', { params: { path: { id } } }), [id]);
  const [timeline, reloadTimeline] = useLoad(() => api.GET('/api/v1/pathways/{id}/timeline', { params: { path: { id } } }), [id]);
  const [recorded, setRecorded] = useState<PathwaySummary>();
  const session = currentSession();
  const shown = recorded ?? (summary.state === 'loaded' ? summary.data : undefined);

  // A step's answer is the new summary: shown at once, then the page reads it again with the history.
  const onRecorded = (next: PathwaySummary) => {
    setRecorded(next);
    void reloadSummary().then(() => setRecorded(undefined));
    void reloadTimeline();
  };
  // A step refused as not possible now (409): the pathway moved on elsewhere; read it again (a form
  // typed in stays, with a notice, see StepsPanel).
  const onOutdated = () => {
    void reloadSummary();
    void reloadTimeline();
  };

  return (
    <article aria-labelledby="titre-parcours">
      {!shown && <h1 id="titre-parcours">Parcours</h1>}
      <LoadState loaded={summary} what="ce parcours" />
      {shown && (
        <>
          <h1 id="titre-parcours">
            {shown.patient.lastName.toUpperCase()} {shown.patient.firstName}
            <span className="muted"> · né·e le {day(shown.patient.birthDate)}</span>
          </h1>
          <p>
            Étape actuelle : <strong data-testid="stage">{stageLabel(shown.stage)}</strong> depuis {relative(shown.stageSince).replace(/^il y a /, '')}
            {shown.caseManagerId ? ` · gestionnaire de cas : ${shown.caseManagerId}` : ''}
            {shown.closure ? ` · motif de clôture : ${wordFor(CLOSURE_REASONS, shown.closure.reason)}` : ''}
          </p>
          <StageRibbon stage={shown.stage} />
          {(shown.flags.length > 0 || shown.stuck.length > 0) && (
            <section aria-labelledby="titre-alertes" className="card attention">
              <h2 id="titre-alertes">À traiter</h2>
              <ul>
                {shown.stuck.map((s) => (
                  <li key={s.code + s.since}>
                    {s.clock ? `${deadlineWords(s.clock)} : en retard` : stuckCodeLabel(s.code)} (depuis le {formatDateTime(s.since)})
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
                    <li key={`${d.kind}-${d.startedAt}-${d.dueAt}`}>
                      <strong>{deadlineWords(d.kind)}</strong> : {formatDateTime(d.dueAt)}{' '}
                      {d.overdue ? <span className="badge danger">En retard</span> : <span className="muted">({relative(d.dueAt)})</span>}
                      {d.bookedAppointment && (
                        <>
                          <br />
                          <span className="badge">
                            {wordFor(APPOINTMENT_KINDS, d.bookedAppointment.kind)} prévue le {formatDateTime(d.bookedAppointment.at)}
                          </span>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="titre-rendez-vous" className="card">
              <h2 id="titre-rendez-vous">Rendez-vous</h2>
              {shown.appointments.length === 0 ? (
                <p className="muted">Aucun rendez-vous.</p>
              ) : (
                <ul className="deadlines" data-testid="appointments">
                  {shown.appointments.map((a) => (
                    <li key={a.id}>
                      <strong>{wordFor(APPOINTMENT_KINDS, a.kind)}</strong> : {formatDateTime(a.at)} <span className="badge">{wordFor(APPOINTMENT_STATUSES, a.status)}</span>
                      {a.place ? ` · ${a.place}` : ''}
                      {a.withWhom ? ` · avec ${a.withWhom}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section aria-labelledby="titre-episodes" className="card">
              <h2 id="titre-episodes">Épisodes en cours</h2>
              {shown.stage === 'CLOSED' ? (
                <p className="muted">Parcours clôturé : plus aucun épisode n’est suivi (voir l’historique).</p>
              ) : (
                <OpenEpisodes episodes={readEpisodes(shown.episodes)} />
              )}
            </section>
            <section aria-labelledby="titre-cercle" className="card">
              <h2 id="titre-cercle">Cercle de soins</h2>
              <CareTeam summary={shown} />
            </section>
            <section aria-labelledby="titre-plan" className="card">
              <h2 id="titre-plan">Plan d’aide</h2>
              <Plan summary={shown} />
              {shown.plan && <PlanPdfButton pathwayId={id} />}
            </section>
          </div>
          <DocumentsPanel pathwayId={id} canUpload={session?.role === 'case_manager' && shown.stage !== 'CLOSED'} onAttached={onOutdated} />
          {/* Keyed by pathway: a draft never follows the user to another pathway. */}
          <StepsPanel key={id} pathwayId={id} summary={shown} role={session?.role} onRecorded={onRecorded} onOutdated={onOutdated} />
        </>
      )}
      <section aria-labelledby="titre-historique" className="card">
        <h2 id="titre-historique">Historique</h2>
        <LoadState loaded={timeline} what="l’historique" />
        {timeline.state === 'loaded' && (
          <ol className="timeline" data-testid="timeline">
            {timeline.data.map((e) => {
              const detail = eventDetail(e.type, e.data);
              return (
                <li key={e.seq}>
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time> — {eventWords(e.type)}
                  {detail ? ` (${detail})` : ''} <span className="muted">par {e.actor === 'system' ? 'le système' : e.actor}</span>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </article>
  );
}
