/**
 * The individualized service plan (PSI / PPCS) on paper, in French, with pdfkit: the person, the goals,
 * each service (provider, frequency, start, status), the care team, the version and its validation by the
 * attending physician. A pure rendering of the summary (and the case manager's name): no I/O but the PDF's.
 */
import PDFDocument from 'pdfkit';
import type { PathwaySummary } from '@pathway/domain';
import { dateFr, dateTimeFr, PROPOSAL_GOALS_FR, SERVICE_STATUS_FR, SERVICE_TYPE_FR, STAGE_FR } from './plan-words.fr';

export interface PlanPaper {
  summary: PathwaySummary;
  caseManager?: { name: string; email?: string | null };
  /** When it is printed (the footer). */
  at: Date;
}

const MARGIN = 50;
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#9aa5b1';

export function renderPlanPdf({ summary, caseManager, at }: PlanPaper): Promise<Buffer> {
  const plan = summary.plan;
  if (!plan) throw new Error('renderPlanPdf needs a recorded plan');
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // The footer is written on every page once they are all laid out.
    bufferPages: true,
    lang: 'fr-FR',
    info: { Title: `Plan personnalisé — ${summary.patient.firstName} ${summary.patient.lastName}`, Subject: `PSI / PPCS version ${plan.version}`, Creator: 'care-pathway-orchestrator' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor(INK).text(text);
    const y = doc.y + 2;
    doc.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.moveDown(0.4).font('Helvetica').fontSize(10.5);
  };
  const field = (label: string, value: string) => {
    doc.font('Helvetica-Bold').fillColor(INK).text(`${label} : `, { continued: true }).font('Helvetica').text(value);
  };

  // ---- title -----------------------------------------------------------------------------
  doc.font('Helvetica-Bold').fontSize(17).fillColor(INK).text('Plan personnalisé de coordination en santé', { align: 'center' });
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text('Plan de services individualisé (PSI / PPCS) — gestion de cas', { align: 'center' });
  doc.moveDown(0.3).fontSize(10).text(`Version ${plan.version} du ${dateFr(plan.recordedAt)} · territoire ${summary.territory}`, { align: 'center' });

  // ---- the person ----------------------------------------------------------------------------
  heading('La personne');
  const p = summary.patient;
  field('Nom', `${p.lastName.toUpperCase()} ${p.firstName}`);
  field('Née ou né le', dateFr(`${p.birthDate}T12:00:00Z`));
  field('Référence du parcours', summary.id);
  field('Étape du parcours', `${STAGE_FR[summary.stage]} (depuis le ${dateFr(summary.stageSince)})`);

  // ---- goals ----------------------------------------------------------------------------------
  heading('Objectifs');
  const assessment = summary.latestAssessment;
  const goals = (summary.flags as string[]).filter((f) => PROPOSAL_GOALS_FR[f]).map((f) => PROPOSAL_GOALS_FR[f]);
  goals.unshift('Permettre le maintien à domicile dans de bonnes conditions, en coordonnant les aides ci-dessous');
  doc.list(goals, { bulletRadius: 2, textIndent: 12 });
  if (assessment) {
    doc.moveDown(0.4);
    const scores = [assessment.mmse !== undefined ? `MMSE ${assessment.mmse}/30` : undefined, assessment.gir !== undefined ? `GIR ${assessment.gir}` : undefined, assessment.zarit !== undefined ? `Zarit ${assessment.zarit}/88` : undefined].filter(Boolean);
    field(`Évaluation du ${dateFr(assessment.performedAt)}`, scores.join(' · ') || 'sans score');
    if (assessment.summary) doc.font('Helvetica-Oblique').fillColor(MUTED).text(assessment.summary).fillColor(INK).font('Helvetica');
  }

  // ---- services ---------------------------------------------------------------------------------
  heading('Services du plan');
  const columns = [
    { title: 'Service', width: 0.27 },
    { title: 'Prestataire', width: 0.25 },
    { title: 'Fréquence', width: 0.18 },
    { title: 'Début', width: 0.17 },
    { title: 'Statut', width: 0.13 },
  ].map((c) => ({ ...c, width: c.width * width }));
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
    const height = Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: columns[i].width - 6 }))) + 6;
    if (doc.y + height > doc.page.height - MARGIN - 30) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.fillColor(INK).text(cell, x + 3, top + 3, { width: columns[i].width - 6 });
      x += columns[i].width;
    });
    doc.moveTo(MARGIN, top + height).lineTo(MARGIN + width, top + height).lineWidth(bold ? 0.8 : 0.3).strokeColor(RULE).stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(columns.map((c) => c.title), true);
  for (const s of plan.services) {
    row([SERVICE_TYPE_FR[s.type] ?? s.type, s.provider, s.frequency, dateFr(s.startsAt.length === 10 ? `${s.startsAt}T12:00:00Z` : s.startsAt), SERVICE_STATUS_FR[s.status] ?? s.status], false);
  }
  doc.x = MARGIN;

  // ---- care team ------------------------------------------------------------------------------
  heading('Équipe de soins');
  const withEmail = (name: string, email?: string | null) => (email ? `${name} (${email})` : name);
  field('Gestionnaire de cas', caseManager ? withEmail(caseManager.name, caseManager.email) : summary.caseManagerId ?? 'non attribué');
  field('Médecin traitant', withEmail(summary.physician.name, summary.physician.email));
  if (summary.caregiver) field('Aidant', `${summary.caregiver.name}${summary.caregiver.relationship ? ` (${summary.caregiver.relationship})` : ''}`);
  const providers = [...new Set(plan.services.map((s) => s.provider))];
  field('Prestataires', providers.join(', '));

  // ---- version and validation ---------------------------------------------------------------------
  heading('Version et validation');
  field('Version', `${plan.version}, établie le ${dateTimeFr(plan.recordedAt)}`);
  if (plan.acknowledgedAt) {
    field('Validation', `validé par le médecin traitant, ${summary.physician.name}, le ${dateTimeFr(plan.acknowledgedAt)}`);
    if (plan.acknowledgementComment) field('Commentaire du médecin', plan.acknowledgementComment);
  } else {
    field('Validation', `en attente de la validation du médecin traitant, ${summary.physician.name}`);
  }

  // ---- footer on every page ----------------------------------------------------------------------------
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(
      `Document confidentiel (données de santé) · imprimé le ${dateTimeFr(at.toISOString())} · page ${i + 1} sur ${range.count}`,
      MARGIN,
      doc.page.height - 35,
      { width, align: 'center', lineBreak: false },
    );
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
