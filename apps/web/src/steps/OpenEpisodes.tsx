import { formatDateTime } from '../labels';
import { daysLeftSentence, type OpenEpisodes as Episodes } from './episodes';
import {
  APA_STATUSES,
  CRISIS_KINDS,
  DISCHARGE_DESTINATIONS,
  LEGAL_KINDS,
  LEGAL_STATUSES,
  NURSING_HOME_STATUSES,
  RESPITE_KINDS,
  wordFor,
} from './vocabulary';

const on = (iso: string | undefined) => formatDateTime(iso);

/** Every episode and file still open, in words; the last discharge while its follow-up is pending. */
export function OpenEpisodes({ episodes }: { episodes: Episodes }) {
  const { hospitalization, lastDischarge, institution, respites, crisis, apa, legalProtection, nursingHomeApplications } = episodes;
  const items: Array<{ key: string; text: string }> = [];
  if (hospitalization) {
    items.push({ key: 'hospitalisation', text: `Hospitalisé·e à ${hospitalization.facility} depuis le ${on(hospitalization.admittedAt)}${hospitalization.reason ? ` (${hospitalization.reason})` : ''}` });
  }
  if (lastDischarge) {
    const pending = [
      lastDischarge.dischargeLetterReceivedAt ? `lettre de sortie reçue le ${on(lastDischarge.dischargeLetterReceivedAt)}` : 'lettre de sortie attendue',
      lastDischarge.destination !== 'HOME' ? '' : lastDischarge.servicesRestartedAt ? `services repris le ${on(lastDischarge.servicesRestartedAt)}` : 'reprise des services à confirmer',
    ].filter(Boolean);
    items.push({
      key: 'sortie',
      text: `Dernière sortie d’hôpital (${lastDischarge.facility}) le ${on(lastDischarge.dischargedAt)}, ${wordFor(DISCHARGE_DESTINATIONS, lastDischarge.destination).toLowerCase()}${pending.length ? ` : ${pending.join(', ')}` : ''}`,
    });
  }
  if (institution) items.push({ key: 'etablissement', text: `En établissement (${institution.facility}) depuis le ${on(institution.admittedAt)}` });
  for (const r of respites) {
    items.push({ key: r.id, text: `${wordFor(RESPITE_KINDS, r.kind)} (${r.provider}) du ${on(r.startsAt)} au ${on(r.endsAt)}${r.status === 'ONGOING' ? ', en cours' : ', prévu'}` });
  }
  if (crisis && !crisis.resolvedAt) {
    items.push({ key: 'crise', text: `Crise ouverte (${wordFor(CRISIS_KINDS, crisis.kind).toLowerCase()}) depuis le ${on(crisis.openedAt)}${crisis.firstActionAt ? `, première action le ${on(crisis.firstActionAt)}` : ', aucune action encore'}` });
  }
  if (apa) {
    items.push({
      key: 'apa',
      text: `APA déposée le ${on(apa.submittedAt)}${apa.emergency ? ' (urgence)' : ''} : ${wordFor(APA_STATUSES, apa.status)}${apa.decision?.gir ? `, GIR ${apa.decision.gir}` : ''}${apa.provider ? `, prestataire ${apa.provider.provider}` : ''}`,
    });
  }
  if (legalProtection) {
    items.push({
      key: 'protection',
      text: `${wordFor(LEGAL_KINDS, legalProtection.kind)} : ${wordFor(LEGAL_STATUSES, legalProtection.status)}${legalProtection.measure ? `, mesure jusqu’au ${on(legalProtection.measure.endsAt)}${legalProtection.measure.representative ? ` (${legalProtection.measure.representative})` : ''}` : ''}`,
    });
  }
  for (const a of nursingHomeApplications) {
    items.push({ key: a.id, text: `Demande d’EHPAD ${a.facility} (déposée le ${on(a.submittedAt)}) : ${wordFor(NURSING_HOME_STATUSES, a.status)}${a.medicalPartCompletedAt ? ', volet médical rempli' : ', volet médical attendu'}` });
  }
  const daysLeft = daysLeftSentence(episodes.respiteDaysLeft);
  return (
    <>
      {items.length === 0 ? (
        <p className="muted">Aucun épisode en cours.</p>
      ) : (
        <ul data-testid="episodes">
          {items.map((i) => (
            <li key={i.key}>{i.text}</li>
          ))}
        </ul>
      )}
      {daysLeft && <p className="muted">{daysLeft}</p>}
    </>
  );
}
