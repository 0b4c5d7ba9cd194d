import type { ReactNode } from 'react';
import { api, type PathwayListItem } from '../api/client';
import { Link } from 'react-router';
import { LoadState } from '../components/Status';
import { flagLabel, formatDateTime, relative, stageLabel, stuckCodeLabel } from '../labels';
import { byUrgency } from '../urgency';
import { useLoad } from '../useLoad';

/** When something is due: late since when, or due when (and how far off), or nothing running. */
export function DueCell({ overdueSince, dueAt }: { overdueSince: string | null | undefined; dueAt: string | null | undefined }) {
  if (overdueSince) {
    return (
      <>
        <span className="badge danger">En retard</span> depuis {relative(overdueSince).replace(/^il y a /, '')}
      </>
    );
  }
  if (dueAt) {
    return (
      <>
        {formatDateTime(dueAt)} <span className="muted">({relative(dueAt)})</span>
      </>
    );
  }
  return <span className="muted">aucune</span>;
}

/**
 * Pathways as rows: the person (a link to the pathway), the stage, what is due, the alerts. The due
 * column shows the next deadline unless `due` says otherwise (e.g. the plan's visa for a physician).
 */
export function PathwayTable({
  items,
  caption,
  dueTitle = 'Prochaine échéance',
  due = (p) => <DueCell overdueSince={p.overdueSince} dueAt={p.nextDeadlineAt} />,
  testId,
}: {
  items: readonly PathwayListItem[];
  caption: string;
  dueTitle?: string;
  due?: (p: PathwayListItem) => ReactNode;
  testId?: string;
}) {
  return (
    <table className="portfolio" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Personne accompagnée</th>
          <th scope="col">Étape</th>
          <th scope="col">{dueTitle}</th>
          <th scope="col">Alertes</th>
        </tr>
      </thead>
      <tbody>
        {items.map((p) => (
          <tr key={p.id} className={p.overdueSince ? 'overdue' : undefined}>
            <th scope="row">
              <Link to={`/parcours/${p.id}`}>
                {p.patient.lastName.toUpperCase()} {p.patient.firstName}
              </Link>
            </th>
            <td>{stageLabel(p.stage)}</td>
            <td>{due(p)}</td>
            <td>
              <ul className="flags">
                {p.stuckReason && <li className="badge warning">{stuckCodeLabel(p.stuckReason)}</li>}
                {p.flags.map((f) => (
                  <li key={f} className="badge">
                    {flagLabel(f)}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** "Mon portefeuille": the case manager's open pathways, the most urgent first. */
export function Portfolio() {
  const [page] = useLoad(() => api.GET('/api/v1/pathways', { params: { query: { limit: 100 } } }), []);
  const open = page.state === 'loaded' ? page.data.items.filter((p) => !p.closedAt).sort(byUrgency) : [];

  return (
    <section aria-labelledby="titre-portefeuille">
      <h1 id="titre-portefeuille">Mon portefeuille</h1>
      <p className="muted">Les parcours en retard d’abord, puis par prochaine échéance.</p>
      <LoadState loaded={page} what="votre portefeuille" />
      {page.state === 'loaded' && open.length === 0 && <p>Aucun parcours ouvert ne vous est attribué.</p>}
      {open.length > 0 && <PathwayTable items={open} caption="Parcours ouverts, du plus urgent au moins urgent" />}
      {open.length > 0 && <p className="muted">{open.length} parcours ouverts.</p>}
    </section>
  );
}
