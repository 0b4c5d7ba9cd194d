// "Mes tâches": across my caseload, what is overdue, due today, this week and next week (the workflows'
// own deadlines, GET /api/v1/tasks), with the booked appointments beside; and my calendar feed.
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Schemas } from '../api/client';
import { plainReason, asProblem } from '../api/problem';
import { LoadState } from '../components/Status';
import { formatDateTime, relative } from '../labels';
import { APPOINTMENT_KINDS, deadlineWords, wordFor } from '../steps/vocabulary';
import { useLoad } from '../useLoad';

type Task = Schemas['DueTaskDto'];
type Item = Schemas['AgendaItemDto'];

const ref = (pathwayId: string) => pathwayId.slice(0, 8);

function Deadlines({ tasks, late }: { tasks: Task[]; late?: boolean }) {
  if (tasks.length === 0) return <p className="muted">Aucune échéance.</p>;
  return (
    <ul className="tasks">
      {tasks.map((t) => (
        <li key={`${t.pathwayId}-${t.kind}-${t.ref ?? ''}`}>
          <Link to={`/parcours/${t.pathwayId}`}>
            <strong>{deadlineWords(t.kind)}</strong> · parcours {ref(t.pathwayId)}
          </Link>
          <br />
          {late ? <span className="badge danger">En retard</span> : null} {formatDateTime(t.dueAt)} <span className="muted">({relative(t.dueAt)})</span>
          {t.bookedAppointment && <span className="badge"> {wordFor(APPOINTMENT_KINDS, t.bookedAppointment.kind)} prévue le {formatDateTime(t.bookedAppointment.at)}</span>}
        </li>
      ))}
    </ul>
  );
}

export function Appointments({ items }: { items: Item[] }) {
  if (items.length === 0) return <p className="muted">Aucun rendez-vous.</p>;
  return (
    <ul className="tasks">
      {items.map((a) => (
        <li key={`${a.pathwayId}-${a.id}`}>
          <Link to={`/parcours/${a.pathwayId}`}>
            <strong>{wordFor(APPOINTMENT_KINDS, a.kind)}</strong> · parcours {ref(a.pathwayId)}
          </Link>
          <br />
          {formatDateTime(a.at)}
          {a.place ? ` · ${a.place}` : ''}
          {a.withWhom ? ` · avec ${a.withWhom}` : ''}
        </li>
      ))}
    </ul>
  );
}

function Bucket({ id, title, bucket }: { id: string; title: string; bucket: Schemas['TaskBucketDto'] }) {
  return (
    <section aria-labelledby={id} className="card">
      <h2 id={id}>{title}</h2>
      <h3>Échéances</h3>
      <Deadlines tasks={bucket.deadlines} />
      <h3>Rendez-vous</h3>
      <Appointments items={bucket.appointments} />
    </section>
  );
}

/** The private calendar feed: created (or rotated) here, its URL shown once; revoked here. */
function CalendarFeed() {
  const [status, reload] = useLoad(() => api.GET('/api/v1/calendar-feed'), []);
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<string>();
  const create = async () => {
    const { data, error: refusal, response } = await api.POST('/api/v1/calendar-feed');
    if (data) setUrl(data.url);
    else setError(plainReason(asProblem(response.status, refusal)));
    void reload();
  };
  const revoke = async () => {
    await api.DELETE('/api/v1/calendar-feed');
    setUrl(undefined);
    void reload();
  };
  return (
    <section aria-labelledby="titre-calendrier" className="card">
      <h2 id="titre-calendrier">Mon agenda dans mon calendrier</h2>
      <p className="muted">Un lien secret à ajouter à Outlook, Thunderbird ou au téléphone : rendez-vous et échéances, sans nom ni détail de santé.</p>
      <LoadState loaded={status} what="le lien du calendrier" />
      {url && (
        <p>
          <label htmlFor="lien-calendrier">Lien (affiché une seule fois)</label>
          <input id="lien-calendrier" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </p>
      )}
      {error && <p role="alert" className="error">{error}</p>}
      <div className="actions">
        <button type="button" onClick={() => void create()}>
          {status.state === 'loaded' && status.data.active ? 'Changer le lien' : 'Créer le lien'}
        </button>
        {status.state === 'loaded' && status.data.active && (
          <button type="button" className="secondary" onClick={() => void revoke()}>
            Révoquer le lien
          </button>
        )}
      </div>
    </section>
  );
}

export function Tasks() {
  const [tasks] = useLoad(() => api.GET('/api/v1/tasks'), []);
  return (
    <>
      <h1>Mes tâches</h1>
      <LoadState loaded={tasks} what="vos tâches" />
      {tasks.state === 'loaded' && (
        <div className="columns" data-testid="tasks">
          <section aria-labelledby="titre-retard" className="card attention">
            <h2 id="titre-retard">En retard</h2>
            <Deadlines tasks={tasks.data.overdue} late />
          </section>
          <Bucket id="titre-aujourdhui" title="Aujourd’hui" bucket={tasks.data.dueToday} />
          <Bucket id="titre-semaine" title="Cette semaine" bucket={tasks.data.thisWeek} />
          <Bucket id="titre-semaine-prochaine" title="La semaine prochaine" bucket={tasks.data.nextWeek} />
        </div>
      )}
      <CalendarFeed />
    </>
  );
}
