// The workflow explains a refusal in English (libs/domain); a case manager reads French. The refusals a
// user meets on the pathway page are said again here in French, keeping every number and date the
// server gave; anything not recognised is shown as the server wrote it rather than guessed at.
import { plainReason, type Problem } from '../api/problem';
import { formatDateTime } from '../labels';

const when = (iso: string) => (Number.isNaN(Date.parse(iso)) ? iso : formatDateTime(iso));

const REASONS: Array<[RegExp, (...m: string[]) => string]> = [
  [
    /temporary accommodation is limited to (\d+) days per calendar year: (\d+) days? left in (\d{4}), this stay needs (\d+)/g,
    (allowance, left, year, needed) =>
      `l’hébergement temporaire est limité à ${allowance} jours par année civile : il reste ${left} jour${Number(left) > 1 ? 's' : ''} en ${year}, ce séjour en demande ${needed}`,
  ],
  [/^the pathway is closed \((\w+)\); it accepts no more steps$/, () => 'le parcours est clôturé, il n’accepte plus aucune étape'],
  [/^.+ is not allowed in stage (\w+)$/, () => 'elle n’est pas prévue à cette étape du parcours'],
  [/^the person's consent must be recorded before the first assessment$/, () => 'le consentement de la personne doit être recueilli avant la première évaluation'],
  [/^consent is already recorded$/, () => 'le consentement est déjà recueilli'],
  [/^the patient is not in hospital$/, () => 'la personne n’est pas hospitalisée'],
  [/^the patient is already in hospital since (\S+) \((.+)\)$/, (at, facility) => `la personne est déjà hospitalisée depuis le ${when(at)} (${facility})`],
  [/^there is no plan to acknowledge$/, () => 'il n’y a pas de plan à viser'],
  [/^plan version (\d+) is already acknowledged$/, (v) => `la version ${v} du plan est déjà visée`],
  [/^a crisis \((\w+)\) is already open since (\S+)$/, (_kind, at) => `une crise est déjà ouverte depuis le ${when(at)}`],
  [/^there is no open crisis/, () => 'aucune crise n’est ouverte'],
  [/^the APA application submitted on (\S+) is still awaiting its decision$/, (at) => `la demande d’APA déposée le ${when(at)} attend toujours sa décision`],
  [/^there is no APA application/, () => 'aucune demande d’APA n’est en cours'],
  [/^there is no granted APA whose provider to declare$/, () => 'aucune APA accordée n’attend la déclaration de son prestataire'],
  [/^a legal protection request is filed with its medical certificate: give certificateAt$/, () => 'une requête de protection juridique se dépose avec le certificat médical : indiquez sa date'],
  [/^there is no filed legal protection request to rule on$/, () => 'aucune requête de protection juridique n’attend de jugement'],
  [/^an application to (.+) is already open/, (facility) => `une demande auprès de ${facility} est déjà en cours`],
  [/^the pathway is already assigned to case manager (\S+)$/, (cm) => `le parcours est déjà attribué à ${cm}`],
  [/^case manager (\S+) is at capacity/, (cm) => `${cm} a atteint sa capacité de suivi`],
];

/** The server's reason in French when it is one of the known refusals; as written otherwise. */
export function frenchReason(reason: string | undefined): string | undefined {
  if (!reason) return reason;
  for (const [pattern, say] of REASONS) {
    if (pattern.global) {
      pattern.lastIndex = 0;
      if (pattern.test(reason)) {
        pattern.lastIndex = 0;
        return reason.replace(pattern, (_all, ...groups: string[]) => say(...groups)).replace(/; /g, ' ; ');
      }
      continue;
    }
    const m = pattern.exec(reason);
    if (m) return say(...m.slice(1));
  }
  return reason;
}

/** The form's top sentence: plainReason() of the API's problem, its reason said in French. */
export function refusalSentence(problem: Problem): string {
  return plainReason({ ...problem, reason: frenchReason(problem.reason ?? (problem.status === 409 ? problem.detail : undefined)) });
}

const FIELD_MESSAGES: Array<[RegExp, (...m: string[]) => string]> = [
  [/ is required$| should not be empty$/, () => 'Ce champ est obligatoire.'],
  [/ must be an ISO-8601 date or date-time$/, () => 'Indiquez une date valide.'],
  [/ \(.*\) is in the future$/, () => 'Cette date ne peut pas être dans le futur.'],
  // The domain's field-rules.ts: what the database can store.
  [/ is not a real calendar date and time$/, () => 'Cette date n’existe pas au calendrier.'],
  [/ must be a calendar date YYYY-MM-DD/, () => 'Indiquez une date (jour, mois, année), sans heure.'],
  [/ \(.*\) is before (\d{4})-01-01$/, (year) => `Cette date est antérieure à ${year}.`],
  [/ \(.*\) is more than 2 years ahead /, () => 'Cette date est à plus de deux ans.'],
  [/ contains a lone surrogate /, () => 'Ce texte contient un caractère invalide : retapez-le.'],
  [/ must be 1 to 64 characters among /, () => 'De 1 à 64 caractères : lettres sans accent, chiffres, « . », « _ » ou « - », en commençant par une lettre ou un chiffre.'],
  [/ must be a whole (\w+) score from (\d+) to (\d+)$/, (label, min, max) => `Le score ${label} doit être un nombre entier de ${min} à ${max}.`],
  [/ must be one of /, () => 'Choisissez une des valeurs proposées.'],
  [/ is longer than (\d+) characters$/, (max) => `${max} caractères au plus.`],
  [/ must be true or false$/, () => 'Répondez oui ou non.'],
  [/^endsAt \(.*\) must be after startsAt/, () => 'La fin doit être après le début.'],
  [/^endsAt \(.*\) is past/, () => 'La fin est déjà passée : un répit se planifie avant sa fin.'],
  [/^a plan needs at least one service$/, () => 'Un plan comporte au moins un service.'],
  [/^a closure for reason OTHER needs a note$/, () => 'Précisez le motif de la clôture.'],
  [/^an accepted referral needs all of C1–C3; not met: (.+)$/, (failed) => `Une acceptation demande les trois critères C1 à C3 ; non rempli(s) : ${failed}.`],
  [/^an APA is granted for GIR 1 to 4, not GIR (\d+)$/, (gir) => `L’APA n’est accordée que pour un GIR de 1 à 4 (pas ${gir}).`],
  [/ \(.*\) is before (.+) \((.*)\)$/, (_what, at) => `Cette date est antérieure à ${when(at)}.`],
];

/** A field error in French when it is one of the domain's field rules; as written otherwise. */
export function frenchFieldMessage(message: string): string {
  for (const [pattern, say] of FIELD_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return say(...m.slice(1));
  }
  return message;
}
