import { api } from '../api/client';
import { Link } from 'react-router';
import { LoadState } from '../components/Status';
import { everyPage, referralsToDecide } from '../intake/queue';
import { ReferralForm } from '../intake/ReferralForm';
import { currentSession } from '../session';
import { useLoad } from '../useLoad';
import { PathwayTable } from './Portfolio';

export const GUICHET = '/guichet';
export const NEW_REFERRAL = '/guichet/nouvelle-orientation';

/**
 * "Guichet": the intake coordinator's territory, the referrals waiting for the eligibility decision,
 * the overdue ones first; each opens its pathway page, where the decision's form waits. The API keeps
 * the territory to the one in the token.
 */
export function Intake() {
  const territory = currentSession()?.territory;
  const [page] = useLoad(
    () => everyPage((cursor) => api.GET('/api/v1/pathways', { params: { query: { stage: 'REFERRED', territory, limit: 200, cursor } } })),
    [territory],
  );
  const waiting = page.state === 'loaded' ? referralsToDecide(page.data.items) : [];

  return (
    <section aria-labelledby="titre-guichet">
      <div className="title-row">
        <h1 id="titre-guichet">Guichet intégré</h1>
        <Link to={NEW_REFERRAL} className="button-link">
          Nouvelle orientation
        </Link>
      </div>
      <p className="muted">
        Les orientations reçues{territory ? ` sur le territoire ${territory}` : ''} qui attendent la décision d’éligibilité : les décisions en retard d’abord, puis par date
        limite.
      </p>
      <section aria-labelledby="titre-a-decider">
        <h2 id="titre-a-decider">Orientations à examiner</h2>
        <LoadState loaded={page} what="les orientations à examiner" />
        {page.state === 'loaded' && waiting.length === 0 && <p>Aucune orientation n’attend de décision d’éligibilité.</p>}
        {waiting.length > 0 && (
          <PathwayTable
            items={waiting}
            caption="Orientations qui attendent la décision d’éligibilité, la plus urgente en premier"
            dueTitle="Décision attendue avant le"
            testId="orientations-a-examiner"
          />
        )}
        {waiting.length > 0 && (
          <p className="muted">
            {waiting.length} orientation{waiting.length > 1 ? 's' : ''} à examiner.
            {page.state === 'loaded' && !page.data.complete && ' La liste est trop longue pour être lue en entier : les orientations les plus anciennes n’y figurent pas.'}
          </p>
        )}
      </section>
    </section>
  );
}

/** "Nouvelle orientation": the referral form, in the coordinator's territory. */
export function NewReferral() {
  const territory = currentSession()?.territory;
  return (
    <section aria-labelledby="titre-nouvelle-orientation">
      <p>
        <Link to={GUICHET}>← Retour au guichet</Link>
      </p>
      <h1 id="titre-nouvelle-orientation">Enregistrer une orientation</h1>
      <p className="muted">L’orientation ouvre le parcours de la personne ; la décision d’éligibilité se prend ensuite sur la page du parcours.</p>
      {territory ? (
        <ReferralForm territory={territory} />
      ) : (
        <p role="alert" className="error">
          Votre compte n’indique pas de territoire : une orientation ne peut pas être enregistrée. Prévenez l’administrateur.
        </p>
      )}
    </section>
  );
}
