// The plan on paper and the supervisors' exports (issue 19), on the demo territory (infra/demo/seed.cjs,
// seeded over the API with the demo's compressed clocks): every plan of the demo renders as a PDF that
// names its services and providers (read back with pdfjs-dist, page 1 rendered to PNG); each CSV export
// parses (UTF-8 BOM, `;`, French headers) and holds the figures of its JSON route.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { POLICY_FILE, seedDemo } from '../../infra/demo/seed.cjs';
import { TERRITORY } from '../../infra/demo/territory.cjs';
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Answer, Api, expectStatus, Json, token } from './api-support';
import { SHOTS } from './web-support';

const supervisor = token({ sub: `sup-${TERRITORY}`, roles: ['supervisor'], territory: TERRITORY });
const READER = path.join(__dirname, 'pdf-reader.mjs');

let stack: Stack;
let api: Api;
beforeAll(async () => {
  stack = await startStack({ env: { PATHWAY_POLICY_FILE: POLICY_FILE } });
  api = new Api(stack.apiUrl);
  const seeded = await seedDemo({ apiUrl: stack.apiUrl, log: () => undefined, concurrency: 10 });
  expect(seeded.failures).toEqual([]);
}, 300_000);
afterAll(() => stack?.stop());

async function fetchBytes(url: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const response = await fetch(`${stack.apiUrl}${url}`, { headers: { authorization: `Bearer ${supervisor}` } });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()), headers: response.headers };
}

/** RFC 4180 with `;`: quoted fields may hold `;`, quotes (doubled) and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i += 1;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ';') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else {
      field += c;
    }
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * The export and its JSON twin, taken at one moment: the demo's clocks run a day a minute, so a deadline
 * may pass between two calls; the JSON is read before and after the CSV, again until both agree.
 */
async function exportOf(name: string, query = ''): Promise<{ rows: string[][]; json: Json }> {
  return eventually(
    async () => {
      const before: Answer = await api.get(`/api/v1/supervision/${name}${query}`, supervisor);
      expectStatus(before, 200);
      const csv = await fetchBytes(`/api/v1/supervision/exports/${name}.csv${query}`);
      const after: Answer = await api.get(`/api/v1/supervision/${name}${query}`, supervisor);
      if (JSON.stringify(withoutClock(before.body)) !== JSON.stringify(withoutClock(after.body))) throw new Error(`${name} changed while it was exported`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.csv"$/);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = csv.bytes.toString('utf8').slice(1);
      expect(text.endsWith('\r\n')).toBe(true);
      return { rows: parseCsv(text), json: before.body };
    },
    { timeoutMs: 30_000, intervalMs: 200, message: `a stable ${name}` },
  );
}

/** The indicators' default `to` is now: not a figure. */
const withoutClock = (body: Json) => (body && typeof body === 'object' && !Array.isArray(body) ? { ...body, from: undefined, to: undefined } : body);

const num = (cell: string) => (cell === '' ? null : Number(cell.replace(',', '.')));
const days = (seconds: number | null) => (seconds === null ? null : Number((seconds / 86_400).toFixed(2)));

describe('the plan on paper (demo data)', () => {
  it('every plan of the demo renders as a French PDF naming each service, its provider and frequency', async () => {
    const list = await api.get(`/api/v1/pathways?territory=${TERRITORY}&limit=200`, supervisor);
    expectStatus(list, 200);
    const candidates = list.body.items.filter((p: Json) => ['PLAN_VALIDATION', 'FOLLOW_UP'].includes(p.stage));
    expect(candidates.length).toBeGreaterThan(10);
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-pdf-'));
    let checked = 0;
    for (const item of candidates) {
      const summary = (await api.get(`/api/v1/pathways/${item.id}`, supervisor)).body;
      if (!summary.plan) continue;
      const pdf = await fetchBytes(`/api/v1/pathways/${item.id}/plan.pdf`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const file = path.join(dir, `${item.id}.pdf`);
      writeFileSync(file, pdf.bytes);
      const first = checked === 0;
      if (first) mkdirSync(SHOTS, { recursive: true });
      const { stdout } = await promisify(execFile)(process.execPath, [READER, file, ...(first ? [path.join(SHOTS, 'plan-pdf.png')] : [])], { timeout: 60_000 });
      const read = JSON.parse(stdout) as { pages: number; text: string[]; rendered?: { darkShare: number } };
      const text = read.text.join('\n').replace(/\s+/g, ' ');
      expect(text).toContain('Plan personnalisé de coordination en santé');
      expect(text).toContain(`${summary.patient.lastName.toUpperCase()} ${summary.patient.firstName}`);
      expect(text).toContain(`Version ${summary.plan.version}`);
      expect(text).toContain(summary.physician.name);
      for (const service of summary.plan.services) {
        expect(text).toContain(service.provider);
        expect(text).toContain(service.frequency);
      }
      expect(text).toContain(summary.plan.acknowledgedAt ? 'validé par le médecin traitant' : 'en attente de la validation du médecin traitant');
      if (first) expect(read.rendered?.darkShare).toBeGreaterThan(0.005);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(10);
    // A pathway without a plan has no plan on paper.
    const referred = list.body.items.find((p: Json) => p.stage === 'REFERRED');
    expect((await fetchBytes(`/api/v1/pathways/${referred.id}/plan.pdf`)).status).toBe(404);
  }, 240_000);
});

describe('CSV exports for supervisors (demo data)', () => {
  it('caseloads: one line per case manager, the JSON figures', async () => {
    const { rows, json } = await exportOf('caseloads');
    expect(rows[0]).toEqual(['Identifiant du gestionnaire de cas', 'Nom', 'Parcours actifs', 'Capacité', 'Places disponibles']);
    expect(rows.slice(1).map((r) => [r[0], r[1], num(r[2]), num(r[3]), num(r[4])])).toEqual(json.map((c: Json) => [c.caseManagerId, c.name, c.active, c.capacity, c.available]));
    expect(json.length).toBeGreaterThan(3);
  });

  it('the stuck list and the waiting list: one line per pathway, in the JSON order', async () => {
    const stuck = await exportOf('stuck');
    expect(stuck.rows[0]).toEqual(['Parcours', 'Étape', 'Code du motif', 'Motif', 'Depuis', 'Gestionnaire de cas', 'Nombre de motifs', 'Activité en échec']);
    expect(stuck.json.length).toBeGreaterThan(0);
    expect(stuck.rows.slice(1).map((r) => [r[0], r[1], r[2], r[4], num(r[6])])).toEqual(stuck.json.map((s: Json) => [s.pathwayId, s.stage, s.code, s.since ?? '', s.reasons.length]));

    const waiting = await exportOf('waiting-list');
    expect(waiting.rows[0]).toEqual(['Parcours', 'Territoire', 'Nom', 'Prénom', 'Date de naissance', 'Orienté le', 'En attente depuis', 'Attribution due le', 'Proposé à']);
    expect(waiting.json.length).toBeGreaterThan(0);
    expect(waiting.rows.slice(1).map((r) => [r[0], r[2], r[3], r[5]])).toEqual(waiting.json.map((w: Json) => [w.pathwayId, w.patient.lastName, w.patient.firstName, w.referredAt]));
    // Accents survive (UTF-8): the demo's names have some.
    expect(waiting.rows.flat().join(' ')).toMatch(/[éèçëï]/);
  });

  it('the indicators of a period and the annual report: the JSON figures, delays in days with a decimal comma', async () => {
    const to = new Date().toISOString();
    const from = new Date(Date.now() - 365 * 86_400_000).toISOString();
    const { rows, json } = await exportOf('indicators', `?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(rows[0]).toEqual(['Indicateur', 'Détail', 'Valeur']);
    const value = (label: string, detail: string) => rows.find((r) => r[0] === label && r[1] === detail)?.[2];
    expect(num(value('Parcours ouverts', '')!)).toBe(json.pathways.opened);
    expect(num(value('Parcours clôturés', 'total')!)).toBe(json.pathways.closed);
    for (const [reason, n] of Object.entries(json.pathways.closedByReason)) expect(num(value('Parcours clôturés', reason)!)).toBe(n);
    expect(num(value('Délai orientation → première évaluation (jours)', 'médiane')!)).toBe(days(json.delays.referralToFirstAssessment.medianSeconds));
    expect(num(value('Délai évaluation → plan (jours)', 'médiane')!)).toBe(days(json.delays.assessmentToPlan.medianSeconds));
    expect(num(value('Rappels envoyés', 'total')!)).toBe(json.reminders.sent);
    expect(num(value('Échéances dépassées', 'total')!)).toBe(json.overdue.deadlinesPassed);
    expect(num(value('Parcours en retard aujourd’hui', '')!)).toBe(json.overdue.pathwaysOverdueNow);
    // The demo's delays are minutes (one minute per day): a decimal comma, never a point.
    expect(rows.filter((r) => r[0].startsWith('Délai')).map((r) => r[2]).join(' ')).not.toContain('.');

    const year = new Date().getUTCFullYear();
    const annual = await exportOf('annual-report', `?year=${year}`);
    const report = annual.json;
    expect(annual.rows[0]).toEqual(['Rubrique', 'Détail', 'Valeur']);
    const line = (label: string, detail: string) => num(annual.rows.find((r) => r[0] === label && r[1] === detail)![2]);
    expect(report.opened).toBeGreaterThan(0);
    expect(line('Parcours ouverts au 1er janvier', '')).toBe(report.openAtStart);
    expect(line('Parcours ouverts dans l’année', '')).toBe(report.opened);
    expect(line('Parcours clôturés dans l’année', 'total')).toBe(report.closed);
    for (const [reason, n] of Object.entries(report.closedByReason)) expect(line('Parcours clôturés dans l’année', reason)).toBe(n);
    expect(Object.keys(report.closedByReason).length).toBeGreaterThan(3);
    expect(line('Parcours actifs dans l’année', 'total')).toBe(report.activeInPeriod);
    for (const cm of report.activeByCaseManager) expect(line('Parcours actifs dans l’année', `${cm.name} (${cm.caseManagerId})`)).toBe(cm.active);
    expect(report.activeByCaseManager.length).toBeGreaterThan(3);
    expect(line('Délai orientation → première évaluation (jours)', 'médiane')).toBe(days(report.delays.referralToFirstAssessment.medianSeconds));
    for (const gir of ['1', '2', '3', '4', '5', '6']) expect(line('Répartition GIR', `GIR ${gir}`)).toBe(report.girDistribution[gir]);
    expect(line('Répartition GIR', 'non évalué')).toBe(report.girDistribution.none);
    // The report agrees with itself and with the indicators of the same year.
    const sumGir = Object.values(report.girDistribution as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sumGir).toBe(report.activeInPeriod);
    const indicators = await api.get(`/api/v1/supervision/indicators?from=${year}-01-01T00:00:00Z&to=${year + 1}-01-01T00:00:00Z`, supervisor);
    expect(indicators.body.pathways).toEqual({ opened: report.opened, closed: report.closed, closedByReason: report.closedByReason });
  });

  it('exports are the supervisor’s: a case manager gets 403', async () => {
    const cm = token({ sub: 'cm-x', roles: ['case_manager'], territory: TERRITORY });
    const response = await fetch(`${stack.apiUrl}/api/v1/supervision/exports/caseloads.csv`, { headers: { authorization: `Bearer ${cm}` } });
    expect(response.status).toBe(403);
  });
});
