/**
 * The plan on paper, read back with a maintained parser and rendered (test/e2e/pdf-reader.mjs: pdfjs-dist
 * and @napi-rs/canvas, in a child process because pdfjs-dist is ESM only): every section, every service
 * with its provider, frequency, start and status, the care team, the version and the physician's validation.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { PathwaySummary } from '@pathway/domain';
import { renderPlanPdf } from './plan-pdf';

const READER = path.join(__dirname, '../../../../test/e2e/pdf-reader.mjs');

const summary = {
  id: '5b0e7c1a-2f4d-4e8b-9a6c-1d2e3f4a5b6c',
  stage: 'FOLLOW_UP',
  stageSince: '2026-10-02T09:00:00.000Z',
  cycle: 1,
  territory: 'T75-EST',
  patient: { externalId: 'E-1', firstName: 'Hélène', lastName: 'Lefèvre', birthDate: '1941-03-09', territory: 'T75-EST' },
  physician: { name: 'Dr Émile Durand', email: 'durand@cabinet.example' },
  caregiver: { name: 'Françoise Lefèvre', email: 'f.lefevre@example.org', relationship: 'fille' },
  referral: { source: 'Dr Durand', referredAt: '2026-09-01T09:00:00.000Z' },
  caseManagerId: 'cm-louise',
  deadlines: [],
  episodes: {},
  flags: ['APA_PROPOSED', 'RESPITE_PROPOSED'],
  stuck: [],
  lastActivityAt: '2026-10-02T09:00:00.000Z',
  latestAssessment: { performedAt: '2026-09-20T10:00:00.000Z', mmse: 17, gir: 3, zarit: 52, summary: 'Vit seule, aidée par sa fille ; chutes récentes.', recordedAt: '2026-09-20T10:00:00.000Z', cycle: 1 },
  plan: {
    version: 2,
    recordedAt: '2026-09-28T14:30:00.000Z',
    acknowledgedAt: '2026-10-02T09:00:00.000Z',
    acknowledgementComment: "D'accord, revoir le passage infirmier en décembre.",
    services: [
      { type: 'SSIAD', provider: 'SSIAD Paris 11', frequency: 'chaque matin', startsAt: '2026-10-05', status: 'STARTED' },
      { type: 'DAY_CARE', provider: 'Accueil de jour Les Lilas', frequency: 'mardi et jeudi', startsAt: '2026-10-13', status: 'PLANNED' },
      { type: 'MEAL_DELIVERY', provider: 'Portage Saveurs 75', frequency: 'midi, 5 jours sur 7', startsAt: '2026-10-05T00:00:00.000Z', status: 'SUSPENDED' },
    ],
  },
} as unknown as PathwaySummary;

describe('the plan as a French PDF', () => {
  it('reads back with every section, service and person, and renders its first page', async () => {
    const pdf = await renderPlanPdf({ summary, caseManager: { name: 'Louise Bernard', email: 'louise.bernard@dac.example' }, at: new Date('2026-12-01T10:00:00Z') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-pdf-'));
    writeFileSync(path.join(dir, 'plan.pdf'), pdf);
    const { stdout } = await promisify(execFile)(process.execPath, [READER, path.join(dir, 'plan.pdf'), path.join(dir, 'page1.png')], { timeout: 60_000 });
    const read = JSON.parse(stdout) as { pages: number; text: string[]; rendered: { width: number; height: number; darkShare: number } };
    const text = read.text.join('\n').replace(/\s+/g, ' ');
    expect(read.pages).toBe(1);
    for (const expected of [
      'Plan personnalisé de coordination en santé',
      'Version 2 du 28 septembre 2026',
      'LEFÈVRE Hélène',
      '9 mars 1941',
      'Objectifs',
      "Ouvrir les droits à l'allocation personnalisée d'autonomie",
      "Soulager l'aidant",
      'MMSE 17/30 · GIR 3 · Zarit 52/88',
      'Soins infirmiers à domicile (SSIAD)',
      'SSIAD Paris 11',
      'chaque matin',
      '5 octobre 2026',
      'en place',
      'Accueil de jour Les Lilas',
      'mardi et jeudi',
      'prévu',
      'Portage Saveurs 75',
      'suspendu',
      'Équipe de soins',
      'Louise Bernard (louise.bernard@dac.example)',
      'Dr Émile Durand (durand@cabinet.example)',
      'Françoise Lefèvre (fille)',
      'Prestataires : SSIAD Paris 11, Accueil de jour Les Lilas, Portage Saveurs 75',
      'validé par le médecin traitant, Dr Émile Durand, le 2 octobre 2026',
      'revoir le passage infirmier en décembre',
      'page 1 sur 1',
    ]) {
      expect(text).toContain(expected);
    }
    // An A4 page at 1.5×, with ink on it.
    expect(read.rendered).toMatchObject({ width: 893, height: 1263 });
    expect(read.rendered.darkShare).toBeGreaterThan(0.005);
  }, 60_000);

  it('a plan not yet validated says it waits for the physician', async () => {
    const pending = { ...summary, plan: { ...summary.plan!, acknowledgedAt: undefined, acknowledgementComment: undefined } } as PathwaySummary;
    const pdf = await renderPlanPdf({ summary: pending, at: new Date('2026-12-01T10:00:00Z') });
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-pdf-'));
    writeFileSync(path.join(dir, 'plan.pdf'), pdf);
    const { stdout } = await promisify(execFile)(process.execPath, [READER, path.join(dir, 'plan.pdf')], { timeout: 60_000 });
    const text = (JSON.parse(stdout) as { text: string[] }).text.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('en attente de la validation du médecin traitant, Dr Émile Durand');
    expect(text).toContain('Gestionnaire de cas : cm-louise');
  }, 60_000);
});
