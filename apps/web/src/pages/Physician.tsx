import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { LoadState } from '../components/Status';
import { otherPatients, plansToAcknowledge } from '../physician';
import { useLoad } from '../useLoad';
import { DueCell, PathwayTable } from './Portfolio';

/**
 * "Mes patients": the attending physician's patients (the API lists those whose referral names them),
 * the plans waiting for their visa first with the date it is due, then the others, the most urgent first.
 */
export function Physician() {
  const [page] = useLoad(() => api.GET('/api/v1/pathways', { params: { query: { limit: 100 } } }), []);
  const items = page.state === 'loaded' ? page.data.items : [];
  const awaited = plansToAcknowledge(items, new Map());
  const awaitedIds = awaited.map((p) => p.id).join(',');
  const [visaDueAt, setVisaDueAt] = useState<ReadonlyMap<string, string>>(new Map());

  // The list says when the next deadline of each pathway is, not which: the summary says when the visa is due.
  useEffect(() => {
    if (!awaitedIds) return;
    let current = true;
    void Promise.all(
      awaitedIds.split(',').map(async (id) => {
        const { data } = await api.GET('/api/v1/pathways/{id}', { params: { path: { id } } });
        const due = data?.deadlines.find((d) => d.kind === 'planAcknowledgementDue');
        return due ? ([id, due.dueAt] as const) : undefined;
      }),
    ).then((found) => {
      if (current) setVisaDueAt(new Map(found.filter((f) => f !== undefined)));
    });
    return () => {
      current = false;
    };
  }, [awaitedIds]);

  const toAcknowledge = plansToAcknowledge(items, visaDueAt);
  const others = otherPatients(items);

  return (
    <section aria-labelledby="titre-patients">
      <h1 id="titre-patients">Mes patients</h1>
      <p className="muted">Les personnes accompagnées dont vous êtes le médecin traitant : d’abord les plans d’aide qui attendent votre visa.</p>
      <LoadState loaded={page} what="vos patients" />
      {page.state === 'loaded' && (
        <>
          <section aria-labelledby="titre-plans-a-viser">
            <h2 id="titre-plans-a-viser">Plans à viser</h2>
            {toAcknowledge.length === 0 ? (
              <p>Aucun plan n’attend votre visa.</p>
            ) : (
              <PathwayTable
                items={toAcknowledge}
                caption="Plans d’aide qui attendent votre visa, le plus pressant en premier"
                dueTitle="Visa attendu avant le"
                testId="plans-a-viser"
                due={(p) => {
                  const dueAt = visaDueAt.get(p.id);
                  if (!dueAt && p.stage !== 'PLAN_VALIDATION') return <span className="badge danger">Délai de visa dépassé</span>;
                  return <DueCell overdueSince={dueAt && Date.parse(dueAt) < Date.now() ? dueAt : null} dueAt={dueAt} />;
                }}
              />
            )}
          </section>
          <section aria-labelledby="titre-autres-patients">
            <h2 id="titre-autres-patients">Mes autres patients</h2>
            {others.length === 0 ? (
              <p>Aucun autre parcours ouvert ne vous nomme comme médecin traitant.</p>
            ) : (
              <PathwayTable items={others} caption="Vos autres patients, du plus urgent au moins urgent" testId="autres-patients" />
            )}
          </section>
        </>
      )}
    </section>
  );
}
