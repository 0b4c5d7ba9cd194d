// Bringing a territory's open cases in (README "Bringing a territory's open cases in"): a few hundred
// rows of the CSV template through POST /api/v1/imports/pathways, bad rows among them. The dry run lists
// each bad row's problems in French and changes nothing; the real run starts a workflow per good row
// (mid-course, clocks from the row's dates), respects the caseload cap, and is audited; a re-run imports
// nothing twice; a row whose reassessment date has passed is overdue on the stuck list at once.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createDataSource } from '@pathway/persistence';
import { startStack, Stack } from '../support/stack';
import { eventually } from '@pathway/testing';
import { Api, createCaseManager, expectStatus, Json, OTHER_TERRITORY, people, TERRITORY } from './api-support';
import { entryOf, stuckList } from './supervision-support';

const TEMPLATE = path.join(__dirname, '../../docs/import/modele-import-parcours.csv');
const HEADER = readFileSync(TEMPLATE, 'utf8').split(/\r?\n/)[0];
const COLUMNS = HEADER.split(';');
const GOOD = 200;

let stack: Stack;
let api: Api;

const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const frenchDay = (daysAgo: number) => day(daysAgo).split('-').reverse().join('/');

function row(values: Record<string, string>): string {
  return COLUMNS.map((c) => values[c] ?? '').join(';');
}

/** A good row of each importable stage in turn, all in TERRITORY, for cm-big. */
function goodRow(i: number): Record<string, string> {
  const base = { identifiant: `IMP-${i}`, nom: 'Lefèvre', prenom: 'Hélène', date_naissance: '1940-03-15', territoire: TERRITORY, medecin_nom: 'Dr Durand', medecin_email: 'dr.durand@cabinet.example', aidant_nom: 'Élise Lefèvre' };
  const assigned = { ...base, gestionnaire: 'cm-big', date_orientation: day(60), date_affectation: day(55) };
  switch (i % 5) {
    case 0:
      return { ...base, etape: 'attente_affectation', date_orientation: day(2) };
    case 1:
      return { ...assigned, etape: 'evaluation', date_dernier_contact: day(20), hospitalisation_depuis: day(3), hospitalisation_etablissement: 'Hôpital Tenon' };
    case 2:
      return { ...assigned, etape: 'planification', date_derniere_evaluation: day(10) };
    case 3:
      return { ...assigned, etape: 'validation_plan', date_derniere_evaluation: day(12), date_dernier_plan: frenchDay(5) };
    default:
      return { ...assigned, etape: 'suivi', date_derniere_evaluation: day(50), date_dernier_plan: day(45), date_accuse_plan: day(40), date_dernier_contact: day(7), apa_depot: day(20), protection_type: 'curatelle', protection_demande: day(30) };
  }
}

const OVERDUE = row({
  identifiant: 'IMP-OVERDUE', nom: 'Garnier', prenom: 'Louis', date_naissance: '1937-09-09', territoire: TERRITORY, etape: 'suivi', gestionnaire: 'cm-big',
  date_orientation: day(300), date_affectation: day(290), date_derniere_evaluation: day(280), date_dernier_plan: day(270), date_accuse_plan: day(265), date_dernier_contact: day(10),
  medecin_nom: 'Dr Durand', medecin_email: 'dr.durand@cabinet.example',
});
const base = goodRow(4);
/** Bad rows, each with what its error must say. */
const BAD: { values: Record<string, string>; says: RegExp }[] = [
  { values: { ...base, identifiant: 'BAD-DATE', date_derniere_evaluation: '31/02/2026' }, says: /date_derniere_evaluation : « 31\/02\/2026 » n'est pas une date/ },
  { values: { ...base, identifiant: 'BAD-STAGE', etape: 'terminé' }, says: /etape : « terminé » n'est pas une étape/ },
  { values: { ...base, identifiant: 'BAD-CM', gestionnaire: 'cm-nobody' }, says: /gestionnaire cm-nobody : inconnu/ },
  { values: { ...base, identifiant: 'BAD-ORDER', date_dernier_plan: day(55) }, says: /le dernier plan précède la dernière évaluation/ },
  { values: { ...base, identifiant: 'BAD-MISSING', date_dernier_plan: '', date_accuse_plan: '' }, says: /la date du dernier plan est obligatoire/ },
  { values: { ...base, identifiant: 'BAD-NAME', nom: '' }, says: /la colonne nom est vide/ },
  { values: { ...base, identifiant: 'BAD-FUTURE', date_dernier_contact: day(-20) }, says: /est dans le futur/ },
  { values: { ...base, identifiant: 'BAD-TERRITORY', territoire: OTHER_TERRITORY }, says: /vous n'importez que les dossiers du territoire T75-EST/ },
  { values: { ...base, identifiant: 'IMP-1' }, says: /identifiant IMP-1 déjà présent ligne 3/ },
  { values: { ...base, identifiant: 'BAD-STAGE-DATES', etape: 'validation_plan' }, says: /les dates donnent l'étape FOLLOW_UP, pas PLAN_VALIDATION/ },
  // cm-small takes 2: the third and fourth of its rows are refused.
  ...[1, 2, 3, 4].map((n) => ({ values: { ...base, identifiant: `SMALL-${n}`, gestionnaire: 'cm-small' }, says: n > 2 ? /gestionnaire cm-small : plafond atteint \(2 parcours sur 2/ : /^$/ })),
];
const REFUSED = BAD.filter((b) => b.says.source !== '^$');

/** The good rows with a bad one after every 20th, the rest of the bad ones and the overdue row at the end. */
function file(): string {
  const lines = [HEADER];
  let bad = 0;
  for (let i = 0; i < GOOD; i++) {
    lines.push(row(goodRow(i)));
    if (i % 20 === 19 && bad < BAD.length) lines.push(row(BAD[bad++].values));
  }
  for (const b of BAD.slice(bad)) lines.push(row(b.values));
  lines.push(OVERDUE);
  return lines.join('\r\n') + '\r\n';
}

function importCsv(csv: string, dryRun: boolean) {
  return api.call('POST', `/api/v1/imports/pathways${dryRun ? '?dryRun=true' : ''}`, { token: people.supervisor, rawBody: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
}

async function query<T>(text: string): Promise<T[]> {
  const db = await createDataSource(stack.databaseUrl, { poolSize: 1 }).initialize();
  try {
    return (await db.query(text)) as T[];
  } finally {
    await db.destroy();
  }
}

const pathwayCount = async () => Number((await query<{ n: number }>('SELECT count(*)::int AS n FROM pathways'))[0].n);

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, 'cm-big', 400);
  await createCaseManager(api, 'cm-small', 2);
}, 120_000);
afterAll(() => stack?.stop(), 60_000);

const csv = file();
const expectedGood = GOOD + 1 + 2; // the good rows, the overdue one, cm-small's first two
let imported: Json;

it('the dry run lists every bad row with its problems in French, and changes nothing', async () => {
  const answer = await importCsv(csv, true);
  expectStatus(answer, 200);
  const report = answer.body;
  expect(report).toMatchObject({ dryRun: true, rows: expectedGood + REFUSED.length, imported: expectedGood, alreadyImported: 0, failed: REFUSED.length });
  for (const bad of REFUSED) {
    const error = report.errors.find((e: Json) => e.identifiant === bad.values.identifiant && bad.says.test(e.messages.join(' | ')));
    if (!error) throw new Error(`no error for ${bad.values.identifiant} saying ${bad.says}: ${JSON.stringify(report.errors.filter((e: Json) => e.identifiant === bad.values.identifiant))}`);
    expect(csv.split('\r\n')[error.line - 1]).toContain(`${bad.values.identifiant};`);
  }
  expect(await pathwayCount()).toBe(0);
}, 60_000);

it('the real run imports every good row mid-course, within the caseload cap, audited', async () => {
  const answer = await importCsv(csv, false);
  expectStatus(answer, 200);
  imported = answer.body;
  expect(imported).toMatchObject({ dryRun: false, imported: expectedGood, alreadyImported: 0, failed: REFUSED.length });
  expect(await pathwayCount()).toBe(expectedGood);

  const small = await api.get('/api/v1/supervision/caseloads', people.supervisor);
  expectStatus(small, 200);
  const cm = (small.body as Json[]).find((c) => c.caseManagerId === 'cm-small');
  expect(cm).toMatchObject({ active: 2, capacity: 2 });

  const followUp = imported.pathways.find((p: Json) => p.identifiant === 'IMP-4');
  const summary = await api.get(`/api/v1/pathways/${followUp.pathwayId}`, people.supervisor);
  expectStatus(summary, 200);
  expect(summary.body).toMatchObject({ stage: 'FOLLOW_UP', caseManagerId: 'cm-big', plan: { acknowledgedAt: expect.any(String) }, episodes: { apa: { status: 'SUBMITTED' }, legalProtection: { kind: 'CURATELLE' } } });
  const timeline = await api.get(`/api/v1/pathways/${followUp.pathwayId}/timeline`, people.supervisor);
  expect(timeline.body.map((e: Json) => e.type)).toEqual(expect.arrayContaining(['REFERRAL_RECEIVED', 'CASE_MANAGER_ASSIGNED', 'ASSESSMENT_RECORDED', 'PLAN_RECORDED', 'PLAN_ACKNOWLEDGED', 'PATHWAY_IMPORTED']));
  expect(timeline.body.find((e: Json) => e.type === 'PATHWAY_IMPORTED').actor).toBe('import:sup-1');

  const rows = await query<{ actor: string; outcome: string; details: { listed?: string[] } }>(`SELECT actor, outcome, details FROM audit_events WHERE route = '/api/v1/imports/pathways' ORDER BY id`);
  expect(rows.map((r) => [r.actor, r.outcome])).toEqual([['sup-1', 'allowed'], ['sup-1', 'allowed']]);
  expect(rows[1].details.listed).toContain(followUp.pathwayId);
}, 600_000);

it('a re-run imports nothing twice', async () => {
  const answer = await importCsv(csv, false);
  expectStatus(answer, 200);
  expect(answer.body).toMatchObject({ imported: 0, alreadyImported: expectedGood, failed: REFUSED.length });
  expect(await pathwayCount()).toBe(expectedGood);
}, 120_000);

it('a row whose reassessment date has passed arrives overdue on the stuck list', async () => {
  const overdue = imported.pathways.find((p: Json) => p.identifiant === 'IMP-OVERDUE');
  const entry = await eventually(
    async () => {
      const found = entryOf(await stuckList(api, people.supervisor), overdue.pathwayId);
      if (!found) throw new Error('not on the stuck list yet');
      return found;
    },
    { timeoutMs: 60_000, intervalMs: 500, message: 'the overdue imported row on the stuck list' },
  );
  const reassessment = (entry.reasons as { code?: string; since: string | null }[]).find((r) => r.code === 'reassessmentDue');
  // Overdue since its deadline (six months after the plan), not since the import.
  expect(Date.parse(reassessment?.since ?? '')).toBeLessThan(Date.now() - 60 * 86_400_000);
}, 120_000);
