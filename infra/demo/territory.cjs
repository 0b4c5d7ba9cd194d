// @ts-check
// The demo territory that `npm run demo` seeds (infra/demo/seed.cjs): a DAC of eastern Paris with its
// case managers, the attending physicians, and 60 people at every stage of their pathway. Everyone is
// fictional: names are common French names drawn at random, street numbers are made up, e-mail
// addresses are on `.example` domains (nothing can be delivered to them; the local mail catcher keeps it).
//
// Time in the stories is written in demo days: infra/demo/policy.json compresses every clock of the
// policy to one minute per day (P7D → PT7M, P30D → PT30M, P6M → PT3H), so `{ ago: 9 }` is nine minutes
// before seeding and a referral left "9 days" without a decision is already past its 7-day deadline.
'use strict';

const TERRITORY = 'T75-EST';
/** Who receives what is addressed to the territory (escalations, crises, waiting-list offers; eligibility reminders). */
const CONTACTS = {
  supervisor: { name: 'Hélène Garnier, pilote MAIA Paris Est', email: 'pilote.t75-est@dac.example' },
  intake: { name: 'Guichet intégré Paris Est', email: 'guichet.t75-est@dac.example' },
};

/**
 * Case managers at various loads: `load` is how many open pathways the stories below give them (it is
 * checked against the stories when the module loads). Louise works part-time and is nearly full.
 */
const CASE_MANAGERS = [
  { id: 'cm-louise', name: 'Louise Bernard', email: 'louise.bernard@dac75est.example', capacity: 12, load: 11 },
  { id: 'cm-karim', name: 'Karim Haddad', email: 'karim.haddad@dac75est.example', capacity: 40, load: 14 },
  { id: 'cm-sophie', name: 'Sophie Lefèvre', email: 'sophie.lefevre@dac75est.example', capacity: 40, load: 9 },
  { id: 'cm-thomas', name: 'Thomas Nguyen', email: 'thomas.nguyen@dac75est.example', capacity: 20, load: 5 },
  { id: 'cm-amelie', name: 'Amélie Rousseau', email: 'amelie.rousseau@dac75est.example', capacity: 40, load: 2 },
];

/** Attending physicians (médecins traitants); each acknowledges the plans of their own patients (by e-mail). */
const PHYSICIANS = [
  { name: 'Dr Claire Fontaine', email: 'claire.fontaine@cabinet-roquette.example' },
  { name: 'Dr Marc Benhamou', email: 'marc.benhamou@msp-belleville.example' },
  { name: 'Dr Hélène Garnier', email: 'helene.garnier@cabinet-nation.example' },
  { name: 'Dr Yves Le Gall', email: 'yves.legall@cabinet-daumesnil.example' },
];

/**
 * Who refers: the physician, a memory clinic, a hospital social service, the town hall.
 * @type {Array<(physician: { name: string }) => string>}
 */
const SOURCES = [
  (md) => `${md.name} (médecin traitant)`,
  () => 'Consultation mémoire, hôpital Saint-Antoine',
  () => 'Service social, hôpital Tenon',
  () => 'CCAS de la mairie du 20e',
  (md) => `${md.name} (médecin traitant)`,
  () => 'Plateforme d’accompagnement et de répit Paris Est',
];

const DIAGNOSES = ['Maladie d’Alzheimer, stade léger', 'Maladie d’Alzheimer, stade modéré', 'Maladie d’Alzheimer, stade modérément sévère', 'Troubles neurocognitifs majeurs, Alzheimer probable'];

/**
 * The people: first name, last name, birth date, address, who they live with, and the caregiver of record
 * (first name and relationship; the caregiver shares the last name unless given in full).
 * @type {Array<[string, string, string, string, string, string, string]>}
 */
const PEOPLE = [
  ['Jeanne', 'Martin', '1938-03-12', '14 rue des Vignoles, 75020 Paris', 'vit seule', 'Claire', 'fille'],
  ['Marcel', 'Dubois', '1940-07-02', '82 rue de Charonne, 75011 Paris', 'vit avec son épouse', 'Monique', 'épouse'],
  ['Simone', 'Lefebvre', '1935-11-23', '5 rue Sorbier, 75020 Paris', 'vit seule', 'Patrick', 'fils'],
  ['René', 'Moreau', '1942-01-30', '117 avenue Parmentier, 75011 Paris', 'vit avec son épouse', 'Josiane', 'épouse'],
  ['Odette', 'Girard', '1937-05-18', '23 rue de Picpus, 75012 Paris', 'vit seule', 'Nathalie Perrin', 'nièce'],
  ['Lucien', 'Fournier', '1939-09-09', '41 rue des Pyrénées, 75020 Paris', 'vit seul', 'Sandrine', 'fille'],
  ['Germaine', 'Roux', '1934-12-01', '9 passage Gustave-Lepeu, 75011 Paris', 'vit seule', 'Éric', 'fils'],
  ['Raymond', 'Bonnet', '1941-04-14', '63 boulevard de Ménilmontant, 75011 Paris', 'vit avec sa fille', 'Valérie', 'fille'],
  ['Yvette', 'Lambert', '1936-08-27', '150 rue de Bagnolet, 75020 Paris', 'vit seule', 'Christine Morel', 'voisine'],
  ['Georges', 'Mercier', '1943-02-05', '28 avenue Daumesnil, 75012 Paris', 'vit avec son épouse', 'Danielle', 'épouse'],
  ['Paulette', 'Faure', '1938-10-16', '7 rue Orfila, 75020 Paris', 'vit seule', 'Stéphane', 'fils'],
  ['André', 'Blanc', '1940-06-21', '94 rue de la Roquette, 75011 Paris', 'vit avec son épouse', 'Françoise', 'épouse'],
  ['Colette', 'Guérin', '1937-03-03', '12 rue de Reuilly, 75012 Paris', 'vit seule', 'Isabelle', 'fille'],
  ['Henri', 'Muller', '1939-01-11', '45 rue Saint-Maur, 75011 Paris', 'vit seul', 'Laurent', 'fils'],
  ['Marguerite', 'Henry', '1933-09-30', '3 villa Riberolle, 75020 Paris', 'vit seule', 'Sylvie', 'fille'],
  ['Roger', 'Roussel', '1941-12-08', '210 rue du Faubourg-Saint-Antoine, 75012 Paris', 'vit avec son épouse', 'Huguette', 'épouse'],
  ['Suzanne', 'Nicolas', '1936-04-25', '31 rue de Belleville, 75020 Paris', 'vit seule', 'Karine', 'fille'],
  ['Robert', 'Perrin', '1942-08-19', '18 cours de Vincennes, 75012 Paris', 'vit avec son fils', 'Olivier', 'fils'],
  ['Madeleine', 'Morin', '1935-02-14', '56 avenue Gambetta, 75020 Paris', 'vit seule', 'Anne', 'fille'],
  ['Pierre', 'Mathieu', '1940-11-02', '8 rue Oberkampf, 75011 Paris', 'vit avec son épouse', 'Martine', 'épouse'],
  ['Denise', 'Clément', '1938-07-07', '77 rue de Ménilmontant, 75020 Paris', 'vit seule', 'Bruno', 'fils'],
  ['Jacques', 'Gauthier', '1939-05-29', '22 boulevard Voltaire, 75011 Paris', 'vit seul', 'Catherine', 'fille'],
  ['Monique', 'Dumont', '1941-03-17', '140 avenue Daumesnil, 75012 Paris', 'vit avec son époux', 'Gérard', 'époux'],
  ['Bernard', 'Lopez', '1937-10-10', '15 rue des Maraîchers, 75020 Paris', 'vit seul', 'Marie', 'fille'],
  ['Gisèle', 'Fontaine', '1934-06-06', '39 rue Saint-Bernard, 75011 Paris', 'vit seule', 'Philippe', 'fils'],
  ['Michel', 'Chevalier', '1943-09-13', '11 rue Crozatier, 75012 Paris', 'vit avec son épouse', 'Brigitte', 'épouse'],
  ['Huguette', 'Robin', '1936-01-20', '68 rue des Orteaux, 75020 Paris', 'vit seule', 'Céline', 'petite-fille'],
  ['Jean', 'Masson', '1940-02-28', '101 rue Amelot, 75011 Paris', 'vit avec sa sœur', 'Nicole', 'sœur'],
  ['Lucienne', 'Sanchez', '1938-12-24', '24 rue de Lagny, 75020 Paris', 'vit seule', 'Manuel', 'fils'],
  ['Maurice', 'Benali', '1939-04-04', '5 rue Érard, 75012 Paris', 'vit avec son épouse', 'Fatima', 'épouse'],
  ['Renée', 'Pereira', '1937-07-15', '47 rue Planchat, 75020 Paris', 'vit seule', 'Ana', 'fille'],
  ['Fernand', 'Cohen', '1941-10-31', '30 rue Keller, 75011 Paris', 'vit avec son épouse', 'Esther', 'épouse'],
  ['Christiane', 'Diallo', '1942-05-09', '19 rue de Tlemcen, 75020 Paris', 'vit avec sa fille', 'Aminata', 'fille'],
  ['Gilbert', 'Kaya', '1938-08-08', '86 rue de Montreuil, 75011 Paris', 'vit seul', 'Deniz', 'fils'],
  ['Solange', 'Lévy', '1935-03-26', '13 rue Claude-Decaen, 75012 Paris', 'vit seule', 'David', 'fils'],
  ['Claude', 'Ferreira', '1940-09-18', '52 rue d’Avron, 75020 Paris', 'vit avec son épouse', 'Maria', 'épouse'],
  ['Josette', 'Garcia', '1936-11-11', '6 cité Griset, 75011 Paris', 'vit seule', 'Sophie', 'fille'],
  ['Roland', 'David', '1943-06-01', '74 boulevard Diderot, 75012 Paris', 'vit avec son épouse', 'Claudine', 'épouse'],
  ['Micheline', 'Bertrand', '1937-02-22', '35 rue des Rigoles, 75020 Paris', 'vit seule', 'Hervé', 'fils'],
  ['Albert', 'Vincent', '1939-12-12', '120 rue Saint-Maur, 75011 Paris', 'vit seul', 'Agnès', 'fille'],
  ['Ginette', 'André', '1934-08-03', '4 rue Taine, 75012 Paris', 'vit seule', 'Thierry', 'fils'],
  ['Marcelle', 'Leroy', '1938-04-19', '61 rue de la Py, 75020 Paris', 'vit seule', 'Laure', 'petite-fille'],
  ['Louis', 'Simon', '1941-07-24', '17 rue Popincourt, 75011 Paris', 'vit avec son épouse', 'Jacqueline', 'épouse'],
  ['Thérèse', 'Laurent', '1936-10-05', '92 rue de Charenton, 75012 Paris', 'vit seule', 'Pascal', 'fils'],
  ['Émile', 'Michel', '1940-01-27', '27 rue du Surmelin, 75020 Paris', 'vit seul', 'Véronique', 'fille'],
  ['Yvonne', 'Garnier', '1933-05-13', '10 rue Godefroy-Cavaignac, 75011 Paris', 'vit seule', 'Didier', 'fils'],
  ['Gaston', 'Legrand', '1942-03-08', '38 avenue de Saint-Mandé, 75012 Paris', 'vit avec son épouse', 'Annie', 'épouse'],
  ['Arlette', 'Petit', '1937-09-21', '83 rue des Haies, 75020 Paris', 'vit seule', 'Corinne', 'fille'],
  ['Armand', 'Richard', '1939-06-16', '46 rue Léon-Frot, 75011 Paris', 'vit avec son fils', 'Frédéric', 'fils'],
  ['Hélène', 'Durand', '1935-12-29', '21 rue de Fécamp, 75012 Paris', 'vit seule', 'Emmanuelle', 'fille'],
  ['Rachida', 'Haddou', '1944-02-10', '9 rue des Envierges, 75020 Paris', 'vit avec sa fille', 'Samira', 'fille'],
  ['Antonio', 'Martinez', '1938-05-05', '58 rue de la Folie-Regnault, 75011 Paris', 'vit avec son épouse', 'Rosa', 'épouse'],
  ['Lan', 'Tran', '1940-10-20', '16 rue du Chemin-Vert, 75011 Paris', 'vit avec son fils', 'Minh', 'fils'],
  ['Paul', 'Robert', '1936-07-30', '71 rue de Wattignies, 75012 Paris', 'vit seul', 'Élodie', 'petite-fille'],
  ['Jacqueline', 'Thomas', '1941-01-04', '33 rue Pelleport, 75020 Paris', 'vit seule', 'Nadine', 'fille'],
  ['Henriette', 'Morel', '1934-04-12', '2 impasse Questre, 75011 Paris', 'vit seule', 'Alain', 'fils'],
  ['Ahmed', 'Belkacem', '1942-11-25', '110 rue de Tolbiac, 75013 Paris', 'vit avec son épouse', 'Nadia', 'épouse'],
  ['Lucie', 'Marchand', '1937-06-09', '25 rue Villiers-de-l’Isle-Adam, 75020 Paris', 'vit seule', 'Julien', 'fils'],
  ['Fernande', 'Boyer', '1935-08-17', '49 rue de Cîteaux, 75012 Paris', 'vit seule', 'Hélène', 'fille'],
  ['Joseph', 'Carpentier', '1940-03-31', '14 rue Titon, 75011 Paris', 'vit avec son épouse', 'Mireille', 'épouse'],
];

const HOSPITALS = ['Hôpital Saint-Antoine', 'Hôpital Tenon', 'Hôpital Rothschild', 'Groupe hospitalier Diaconesses Croix Saint-Simon'];
const EHPADS = ['EHPAD Les Jardins de Belleville', 'EHPAD Résidence Alice Prin', 'EHPAD Saint-Éloi', 'EHPAD La Maison du Faubourg'];

// ---- the building blocks of a story: [step, params] in the order a team would record them ----------

/**
 * @typedef {[string, Record<string, unknown>?]} StoryStep a step of infra/demo/seed.cjs and its parameters
 * @typedef {{ stage: string, cm?: string, story: string, referredAgo: number, steps: StoryStep[] }} Story
 * @typedef {{ mmse: number, gir: number, zarit: number }} Scores
 * @typedef {{ type: string, provider: string, frequency: string, startsIn: number }} Service
 */

/** @returns {StoryStep[]} */
const accepted = () => [['eligibility', { decision: 'ACCEPTED' }]];
/** @returns {StoryStep[]} */
const assigned = () => [...accepted(), ['assign']];
/** @param {number} [ago] @returns {StoryStep[]} */
const consented = (ago = 6) => [...assigned(), ['consent', { ago }]];
/**
 * Consent, then the multidimensional assessment at home (it counts as the first contact and home visit).
 * @param {Scores} scores @param {number} [ago] @returns {StoryStep[]}
 */
const assessed = (scores, ago = 5) => [...consented(ago + 2), ['assessment', { ago, ...scores }]];
/** @param {Scores} scores @param {Service[]} services @returns {StoryStep[]} */
const planned = (scores, services) => [...assessed(scores), ['plan', { services }]];
/**
 * Plan acknowledged by the physician: follow-up (a contact due every 30 days).
 * @param {Scores} scores @param {Service[]} services @returns {StoryStep[]}
 */
const followedUp = (scores, services) => [...planned(scores, services), ['acknowledge']];

const SSIAD = { type: 'SSIAD', provider: 'SSIAD Paris Est', frequency: 'tous les matins', startsIn: 2 };
const SAAD = { type: 'SAAD', provider: 'Aide à domicile Belleville Services', frequency: '3 fois par semaine', startsIn: 3 };
const MEALS = { type: 'MEAL_DELIVERY', provider: 'Portage de repas Ville de Paris', frequency: 'midi, 5 jours sur 7', startsIn: 1 };
const DAY_CARE = { type: 'DAY_CARE', provider: 'Accueil de jour Les Amandiers', frequency: '2 jours par semaine', startsIn: 7 };
const CAREGIVER_SUPPORT = { type: 'CAREGIVER_SUPPORT', provider: 'Plateforme de répit Paris Est', frequency: 'un groupe de parole par mois', startsIn: 10 };
const APA_FILE = { type: 'APA_FILE', provider: 'DASES Paris, service APA', frequency: 'une fois', startsIn: 0 };

const MILD = { mmse: 22, gir: 5, zarit: 28 };
const MODERATE = { mmse: 17, gir: 4, zarit: 41 };
const SEVERE = { mmse: 11, gir: 3, zarit: 55 };
const EXHAUSTED = { mmse: 14, gir: 3, zarit: 66 };

/** @type {Story[]} 60 stories, in the order they are seeded; each takes the next person of PEOPLE. */
const STORIES = [
  // ---- REFERRED (6): waiting for the intake coordinator's eligibility decision (due in 7 days) ----
  { stage: 'REFERRED', story: 'referred 12 days ago, eligibility decision overdue', referredAgo: 12, steps: [] },
  { stage: 'REFERRED', story: 'referred 10 days ago, eligibility decision overdue', referredAgo: 10, steps: [] },
  { stage: 'REFERRED', story: 'referred 9 days ago, eligibility decision overdue', referredAgo: 9, steps: [] },
  { stage: 'REFERRED', story: 'referred 4 days ago, decision due in 3 days (reminder at 5)', referredAgo: 4, steps: [] },
  { stage: 'REFERRED', story: 'referred 2 days ago', referredAgo: 2, steps: [] },
  { stage: 'REFERRED', story: 'referred this morning', referredAgo: 0.5, steps: [] },

  // ---- AWAITING_ASSIGNMENT (6): accepted, on the waiting list (assignment due in 7 days) ----
  ...[20, 16, 14, 11, 8, 6].map((ago) => ({ stage: 'AWAITING_ASSIGNMENT', story: `accepted, on the waiting list (referred ${ago} days ago)`, referredAgo: ago, steps: accepted() })),

  // ---- ASSESSMENT (10): assigned; first contact in 7 days, home visit in 15, assessment in 30 ----
  { stage: 'ASSESSMENT', cm: 'cm-louise', story: 'just assigned, first contact due in 7 days', referredAgo: 9, steps: assigned() },
  { stage: 'ASSESSMENT', cm: 'cm-karim', story: 'consent given, no contact yet', referredAgo: 10, steps: consented(2) },
  { stage: 'ASSESSMENT', cm: 'cm-sophie', story: 'first phone call made, home visit to come', referredAgo: 12, steps: [...consented(4), ['contact', { channel: 'PHONE', ago: 3, note: 'Premier appel avec l’aidante, visite à domicile à fixer.' }]] },
  { stage: 'ASSESSMENT', cm: 'cm-louise', story: 'home visit done, assessment to write up', referredAgo: 15, steps: [...consented(6), ['contact', { channel: 'PHONE', ago: 5 }], ['contact', { channel: 'HOME_VISIT', ago: 2, note: 'Première visite à domicile.' }]] },
  { stage: 'ASSESSMENT', cm: 'cm-karim', story: 'legal protection file in preparation (sauvegarde de justice)', referredAgo: 14, steps: [...consented(5), ['contact', { channel: 'HOME_VISIT', ago: 3, note: 'Suspicion d’abus de faiblesse par un démarcheur.' }], ['legal', { kind: 'SAUVEGARDE', certificateAgo: 1 }]] },
  {
    stage: 'ASSESSMENT',
    cm: 'cm-sophie',
    story: 'back home from hospital: return assessment and services restart overdue',
    referredAgo: 60,
    steps: [...followedUp(MODERATE, [SSIAD, SAAD]), ['hospitalize', { ago: 20, hospital: 0, reason: 'Chute à domicile, fracture du poignet' }], ['discharge', { ago: 10, destination: 'HOME' }]],
  },
  {
    stage: 'ASSESSMENT',
    cm: 'cm-karim',
    story: 'crisis resolved yesterday: significant-change reassessment due in 14 days',
    referredAgo: 50,
    steps: [
      ...followedUp(MODERATE, [SAAD, CAREGIVER_SUPPORT]),
      ['crisis', { kind: 'CAREGIVER_EXHAUSTION', ago: 6, note: 'L’épouse, aidante, hospitalisée en urgence.' }],
      ['crisisAction', { ago: 5.5, note: 'Hébergement temporaire d’urgence trouvé.' }],
      ['crisisResolved', { ago: 1, note: 'Retour de l’épouse à domicile.' }],
    ],
  },
  { stage: 'ASSESSMENT', cm: 'cm-thomas', story: 'crisis opened just now: action due within 24 hours', referredAgo: 11, steps: [...consented(4), ['contact', { channel: 'PHONE', ago: 3 }], ['crisis', { kind: 'ACUTE_SITUATION', ago: 0, note: 'Errance nocturne, retrouvé par les voisins.' }]] },
  { stage: 'ASSESSMENT', cm: 'cm-louise', story: 'consent given, first contact due soon', referredAgo: 9, steps: consented(1) },
  { stage: 'ASSESSMENT', cm: 'cm-amelie', story: 'first pathway of a new case manager', referredAgo: 9, steps: assigned() },

  // ---- PLANNING (7): assessed; the service plan is due in 15 days ----
  { stage: 'PLANNING', cm: 'cm-louise', story: 'assessed (GIR 4): APA proposed', referredAgo: 25, steps: assessed(MODERATE) },
  { stage: 'PLANNING', cm: 'cm-karim', story: 'assessed (GIR 5), plan being drafted', referredAgo: 22, steps: assessed(MILD) },
  { stage: 'PLANNING', cm: 'cm-sophie', story: 'assessed, Zarit 66: respite proposed', referredAgo: 24, steps: assessed(EXHAUSTED) },
  { stage: 'PLANNING', cm: 'cm-karim', story: 'APA file submitted 3 days ago', referredAgo: 30, steps: [...assessed(SEVERE, 6), ['apa', { ago: 3 }]] },
  { stage: 'PLANNING', cm: 'cm-thomas', story: 'in hospital since 3 days ago', referredAgo: 28, steps: [...assessed(SEVERE, 8), ['hospitalize', { ago: 3, hospital: 1, reason: 'Déshydratation' }]] },
  { stage: 'PLANNING', cm: 'cm-louise', story: 'assessed (GIR 3)', referredAgo: 26, steps: assessed(SEVERE) },
  { stage: 'PLANNING', cm: 'cm-amelie', story: 'assessed (GIR 4)', referredAgo: 21, steps: assessed(MODERATE) },

  // ---- PLAN_VALIDATION (6): plan sent to the physician, acknowledgement window 14 days ----
  { stage: 'PLAN_VALIDATION', cm: 'cm-louise', story: 'plan sent to the physician', referredAgo: 30, steps: planned(MODERATE, [SSIAD, MEALS]) },
  { stage: 'PLAN_VALIDATION', cm: 'cm-karim', story: 'plan sent to the physician', referredAgo: 32, steps: planned(MILD, [SAAD]) },
  { stage: 'PLAN_VALIDATION', cm: 'cm-sophie', story: 'plan with day care, respite planned next week', referredAgo: 35, steps: [...planned(EXHAUSTED, [DAY_CARE, CAREGIVER_SUPPORT]), ['respite', { kind: 'DAY_CARE', startsIn: 6, endsIn: 36, provider: 'Accueil de jour Les Amandiers' }]] },
  { stage: 'PLAN_VALIDATION', cm: 'cm-thomas', story: 'crisis open for 2 days without action (overdue)', referredAgo: 33, steps: [...planned(SEVERE, [SSIAD, SAAD]), ['crisis', { kind: 'CAREGIVER_EXHAUSTION', ago: 2, note: 'Le fils aidant ne peut plus assurer les nuits.' }]] },
  { stage: 'PLAN_VALIDATION', cm: 'cm-karim', story: 'plan sent to the physician', referredAgo: 29, steps: planned(MODERATE, [SSIAD, SAAD, MEALS]) },
  { stage: 'PLAN_VALIDATION', cm: 'cm-louise', story: 'plan sent to the physician', referredAgo: 31, steps: planned(SEVERE, [SSIAD, APA_FILE]) },

  // ---- FOLLOW_UP (14): plan acknowledged, a contact every 30 days, reassessment in 6 months ----
  { stage: 'FOLLOW_UP', cm: 'cm-karim', story: 'stable, visited at home yesterday', referredAgo: 90, steps: [...followedUp(MILD, [SAAD, MEALS]), ['contact', { channel: 'HOME_VISIT', ago: 1, note: 'Visite de suivi : plan en place, aidant rassuré.' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-louise', story: 'in hospital for 35 days: day-31 APA alert sent', referredAgo: 120, steps: [...followedUp(SEVERE, [SSIAD, SAAD]), ['hospitalize', { ago: 35, hospital: 0, reason: 'Pneumopathie, puis syndrome de glissement' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-sophie', story: 'in hospital for 5 days (day-31 alert in 25 days)', referredAgo: 80, steps: [...followedUp(MODERATE, [SSIAD]), ['hospitalize', { ago: 5, hospital: 2, reason: 'Bilan de chutes répétées' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-karim', story: 'temporary accommodation in 8 days, for 14 days', referredAgo: 100, steps: [...followedUp(EXHAUSTED, [SAAD, CAREGIVER_SUPPORT]), ['respite', { kind: 'TEMPORARY_ACCOMMODATION', startsIn: 8, endsIn: 22, provider: 'EHPAD Saint-Éloi (hébergement temporaire)' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-thomas', story: 'at day care since 3 days ago', referredAgo: 95, steps: [...followedUp(MODERATE, [DAY_CARE]), ['respite', { kind: 'DAY_CARE', startsIn: -3, endsIn: 40, provider: 'Accueil de jour Les Amandiers' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-louise', story: 'caregiver exhausted: crisis open for 3 days (overdue)', referredAgo: 110, steps: [...followedUp(EXHAUSTED, [SSIAD, SAAD]), ['crisis', { kind: 'CAREGIVER_EXHAUSTION', ago: 3, note: 'La fille, aidante principale, en arrêt maladie.' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-karim', story: 'APA file submitted 14 days ago, not acknowledged (overdue)', referredAgo: 85, steps: [...followedUp(SEVERE, [SSIAD, APA_FILE]), ['apa', { ago: 14 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-sophie', story: 'APA file acknowledged, decision due in 40 days', referredAgo: 88, steps: [...followedUp(MODERATE, [SAAD, APA_FILE]), ['apa', { ago: 20 }], ['apaAcknowledged', { ago: 12 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-karim', story: 'APA granted 5 days ago, provider to declare', referredAgo: 130, steps: [...followedUp(SEVERE, [SAAD, APA_FILE]), ['apa', { ago: 50 }], ['apaAcknowledged', { ago: 45 }], ['apaDecided', { ago: 5, outcome: 'GRANTED', gir: 3 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-louise', story: 'curatelle requested from the judge 25 days ago', referredAgo: 140, steps: [...followedUp(MODERATE, [SAAD]), ['legal', { kind: 'CURATELLE', certificateAgo: 30 }], ['legalFiled', { ago: 25 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-sophie', story: 'tutelle granted, measure ends in 90 days (renewal reminder at 60)', referredAgo: 200, steps: [...followedUp(SEVERE, [SSIAD, SAAD]), ['legal', { kind: 'TUTELLE', certificateAgo: 70 }], ['legalFiled', { ago: 60 }], ['legalRuled', { ago: 10, outcome: 'GRANTED', endsIn: 90, representative: 'UDAF de Paris' }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-karim', story: 'two nursing-home applications, one medical part missing (overdue)', referredAgo: 150, steps: [...followedUp(SEVERE, [SSIAD, SAAD]), ['nursingHome', { ehpad: 0, ago: 9 }], ['nursingHome', { ehpad: 1, ago: 2 }], ['medicalPart', { ehpad: 1, ago: 1 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-thomas', story: 'nursing home: waitlisted at one, applied to another', referredAgo: 160, steps: [...followedUp(SEVERE, [SSIAD]), ['nursingHome', { ehpad: 2, ago: 20 }], ['medicalPart', { ehpad: 2, ago: 18 }], ['nursingHomeDecided', { ehpad: 2, ago: 4, outcome: 'WAITLISTED' }], ['nursingHome', { ehpad: 3, ago: 3 }]] },
  { stage: 'FOLLOW_UP', cm: 'cm-sophie', story: 'plan revised (version 2) after a phone call', referredAgo: 105, steps: [...followedUp(MODERATE, [SAAD]), ['contact', { channel: 'PHONE', ago: 0.5, note: 'Besoin d’un passage supplémentaire le soir.' }], ['plan', { services: [SAAD, SSIAD] }]] },

  // ---- INSTITUTIONALIZED (4): moved into a nursing home; follow-up then closure within 30 days ----
  { stage: 'INSTITUTIONALIZED', cm: 'cm-karim', story: 'in a nursing home for 40 days: post-admission follow-up overdue', referredAgo: 220, steps: [...followedUp(SEVERE, [SSIAD, SAAD]), ['institution', { ehpad: 0, ago: 40 }]] },
  { stage: 'INSTITUTIONALIZED', cm: 'cm-louise', story: 'moved into a nursing home 5 days ago', referredAgo: 180, steps: [...followedUp(SEVERE, [SSIAD]), ['institution', { ehpad: 1, ago: 5 }]] },
  { stage: 'INSTITUTIONALIZED', cm: 'cm-sophie', story: 'admitted 2 days ago after an accepted application', referredAgo: 170, steps: [...followedUp(SEVERE, [SSIAD, SAAD]), ['nursingHome', { ehpad: 3, ago: 12 }], ['medicalPart', { ehpad: 3, ago: 10 }], ['nursingHomeDecided', { ehpad: 3, ago: 2, outcome: 'ACCEPTED' }]] },
  { stage: 'INSTITUTIONALIZED', cm: 'cm-karim', story: 'in a nursing home, habilitation familiale still before the judge', referredAgo: 190, steps: [...followedUp(SEVERE, [SAAD]), ['legal', { kind: 'HABILITATION_FAMILIALE', certificateAgo: 20 }], ['legalFiled', { ago: 15 }], ['institution', { ehpad: 2, ago: 10 }]] },

  // ---- CLOSED (7): every closure reason ----
  { stage: 'CLOSED', story: 'not eligible (C3 not met): reoriented', referredAgo: 15, steps: [['eligibility', { decision: 'REFUSED' }]] },
  { stage: 'CLOSED', cm: 'cm-thomas', story: 'the person refused case management', referredAgo: 18, steps: [...assigned(), ['consent', { ago: 2, given: false }]] },
  { stage: 'CLOSED', cm: 'cm-sophie', story: 'deceased', referredAgo: 300, steps: [...followedUp(SEVERE, [SSIAD]), ['close', { reason: 'DECEASED', note: 'Décès à domicile.' }]] },
  { stage: 'CLOSED', cm: 'cm-amelie', story: 'moved to Brittany, near her daughter', referredAgo: 150, steps: [...followedUp(MILD, [SAAD]), ['close', { reason: 'MOVED', note: 'Déménagement à Vannes (56).' }]] },
  { stage: 'CLOSED', cm: 'cm-thomas', story: 'stable in a nursing home: closed', referredAgo: 260, steps: [...followedUp(SEVERE, [SSIAD]), ['institution', { ehpad: 1, ago: 35 }], ['close', { reason: 'INSTITUTIONALIZED' }]] },
  { stage: 'CLOSED', cm: 'cm-amelie', story: 'assessed as not complex: reoriented', referredAgo: 40, steps: [...assessed(MILD), ['close', { reason: 'REORIENTED', note: 'Situation non complexe : orientée vers le SAAD et la plateforme de répit.' }]] },
  { stage: 'CLOSED', story: 'duplicate referral, closed by the supervisor', referredAgo: 7, steps: [['close', { reason: 'OTHER', note: 'Doublon d’un signalement déjà traité.', by: 'supervisor' }]] },
];

// Every story needs a person, and the loads announced above must be what the stories give.
if (STORIES.length > PEOPLE.length) throw new Error(`demo territory: ${STORIES.length} stories for ${PEOPLE.length} people`);
for (const cm of CASE_MANAGERS) {
  const load = STORIES.filter((s) => s.cm === cm.id && s.stage !== 'CLOSED').length;
  if (load !== cm.load || load > cm.capacity) throw new Error(`demo territory: ${cm.id} has ${load} open stories, announced ${cm.load} (capacity ${cm.capacity})`);
}

module.exports = { TERRITORY, CONTACTS, CASE_MANAGERS, PHYSICIANS, SOURCES, DIAGNOSES, PEOPLE, HOSPITALS, EHPADS, STORIES };
