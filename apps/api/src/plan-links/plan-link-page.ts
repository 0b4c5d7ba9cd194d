/**
 * The page a plan link opens (no account, no script): what the physician needs of the plan and the two
 * answers, or a plain French sentence saying why the link cannot be used. Every value is escaped.
 */
import type { CareTeamMember, PathwaySummary } from '@pathway/domain';
import { SERVICE_TYPE_FR } from '../plan-pdf/plan-words.fr';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
${body}
</main>
</body>
</html>
`;
}

/** Why the link cannot be used: one sentence, nothing about the person. */
export function refusalPage(sentence: string): string {
  return page('Lien inutilisable', `<p data-testid="refusal">${escape(sentence)}</p>`);
}

export function planPage(summary: PathwaySummary, member: CareTeamMember, deadline: string, problem?: string): string {
  const plan = summary.plan;
  if (!plan) return refusalPage('Il n’y a pas de plan à valider.');
  const patient = `${summary.patient.firstName} ${summary.patient.lastName}`;
  const services = plan.services
    .filter((s) => s.status !== 'STOPPED')
    .map((s) => `<li>${escape(SERVICE_TYPE_FR[s.type] ?? s.type)} — ${escape(s.provider)}, ${escape(s.frequency)}, à partir du ${escape(frenchDate(s.startsAt))}</li>`)
    .join('\n');
  const who = member.role === 'LEGAL_REPRESENTATIVE' ? 'représentant légal' : 'médecin traitant';
  return page(
    `Plan d’accompagnement de ${patient}`,
    `<p>Bonjour ${escape(member.name)},</p>
<p>En tant que ${who}, le dispositif MAIA vous demande de valider le plan personnalisé de coordination en santé (PPCS) de
<strong>${escape(patient)}</strong>, né(e) le ${escape(summary.patient.birthDate.split('-').reverse().join('/'))} : version ${plan.version} du ${escape(frenchDate(plan.recordedAt))}.</p>
<h2>Les services prévus</h2>
<ul data-testid="services">
${services}
</ul>
<p>Votre réponse est attendue avant le <strong>${escape(frenchDate(deadline))}</strong>. Ce lien vous est personnel et ne sert qu’une fois.</p>
${problem ? `<p role="alert" data-testid="problem">${escape(problem)}</p>` : ''}
<form method="post">
<p><button type="submit" name="decision" value="VALIDATED">Je valide</button></p>
<p><label for="comment">Mes remarques</label><br><textarea id="comment" name="comment" rows="5" cols="60" maxlength="2000"></textarea></p>
<p><button type="submit" name="decision" value="REMARKS">J’ai des remarques</button></p>
</form>
<p><small>Pour tout élément médical, utilisez votre messagerie sécurisée de santé.</small></p>`,
  );
}

export function recordedPage(decision: 'VALIDATED' | 'REMARKS', summary: PathwaySummary): string {
  const patient = `${summary.patient.firstName} ${summary.patient.lastName}`;
  // Under a co-signature the plan may still wait for the other signer.
  const waiting = summary.plan && !summary.plan.acknowledgedAt ? '<p data-testid="awaiting">Le plan attend encore l’accord de l’autre signataire (médecin traitant ou représentant légal).</p>' : '';
  return page(
    'Réponse enregistrée',
    `<p data-testid="recorded">${
      decision === 'VALIDATED'
        ? `Merci : votre validation du plan de ${escape(patient)} est enregistrée.`
        : `Merci : vos remarques sur le plan de ${escape(patient)} sont enregistrées et transmises au gestionnaire de cas.`
    }</p>${waiting}`,
  );
}
