import { api } from '../api/client';
import { Link } from '../components/Link';
import { LoadState } from '../components/Status';
import { flagLabel, formatDateTime, relative, stageLabel, stuckReasonLabel } from '../labels';
import { byUrgency } from '../urgency';
import { useLoad } from '../useLoad';

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
      {open.length > 0 && (
        <table className="portfolio">
          <caption className="visually-hidden">Parcours ouverts, du plus urgent au moins urgent</caption>
          <thead>
            <tr>
              <th scope="col">Personne accompagnée</th>
              <th scope="col">Étape</th>
              <th scope="col">Prochaine échéance</th>
              <th scope="col">Alertes</th>
            </tr>
          </thead>
          <tbody>
            {open.map((p) => (
              <tr key={p.id} className={p.overdueSince ? 'overdue' : undefined}>
                <th scope="row">
                  <Link href={`/parcours/${p.id}`}>
                    {p.patient.lastName.toUpperCase()} {p.patient.firstName}
                  </Link>
                </th>
                <td>{stageLabel(p.stage)}</td>
                <td>
                  {p.overdueSince ? (
                    <>
                      <span className="badge danger">En retard</span> depuis {relative(p.overdueSince).replace(/^il y a /, '')}
                    </>
                  ) : p.nextDeadlineAt ? (
                    <>
                      {formatDateTime(p.nextDeadlineAt)} <span className="muted">({relative(p.nextDeadlineAt)})</span>
                    </>
                  ) : (
                    <span className="muted">aucune</span>
                  )}
                </td>
                <td>
                  <ul className="flags">
                    {p.stuckReason && <li className="badge warning">{stuckReasonLabel(p.stuckReason)}</li>}
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
      )}
      {open.length > 0 && <p className="muted">{open.length} parcours ouverts.</p>}
    </section>
  );
}
