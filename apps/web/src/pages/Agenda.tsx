// The agenda: my booked appointments of today, this week and next week, day by day (from GET /api/v1/tasks).
import { api, type Schemas } from '../api/client';
import { LoadState } from '../components/Status';
import { useLoad } from '../useLoad';
import { Appointments } from './Tasks';

const dayTitle = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'Europe/Paris' });
const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

export function Agenda() {
  const [tasks] = useLoad(() => api.GET('/api/v1/tasks'), []);
  const items: Schemas['AgendaItemDto'][] =
    tasks.state === 'loaded' ? [...tasks.data.dueToday.appointments, ...tasks.data.thisWeek.appointments, ...tasks.data.nextWeek.appointments] : [];
  const days = [...new Set(items.map((a) => dayOf.format(new Date(a.at))))];
  return (
    <>
      <h1>Agenda</h1>
      <LoadState loaded={tasks} what="votre agenda" />
      {tasks.state === 'loaded' && items.length === 0 && <p className="muted">Aucun rendez-vous prévu d’ici la fin de la semaine prochaine.</p>}
      <div data-testid="agenda">
        {days.map((day) => (
          <section key={day} aria-labelledby={`jour-${day}`} className="card">
            <h2 id={`jour-${day}`}>{dayTitle.format(new Date(`${day}T12:00:00Z`))}</h2>
            <Appointments items={items.filter((a) => dayOf.format(new Date(a.at)) === day)} />
          </section>
        ))}
      </div>
    </>
  );
}
