/**
 * The CSV a DAC fills in to bring its open cases (README "Bringing a territory's open cases in", template
 * docs/import/modele-import-parcours.csv): UTF-8, `;`-separated, one person per line, French column
 * names. Parsing and field checks only, with every problem of a row in plain French; the dates' meaning
 * (which clocks run, whether they make the stage) is the domain's (`importedPathway`).
 */
import { ImportableStage, ImportedCase, LegalProtectionKind, ReferralInput, validateReferral } from '@pathway/domain';

/** The columns, in the template's order; `*` = always required. */
export const CASE_COLUMNS = [
  'identifiant*',
  'nom*',
  'prenom*',
  'date_naissance*',
  'territoire*',
  'etape*',
  'gestionnaire',
  'date_orientation*',
  'date_affectation',
  'date_derniere_evaluation',
  'date_dernier_plan',
  'date_accuse_plan',
  'date_dernier_contact',
  'medecin_nom*',
  'medecin_email*',
  'aidant_nom',
  'aidant_email',
  'hospitalisation_depuis',
  'hospitalisation_etablissement',
  'apa_depot',
  'protection_type',
  'protection_demande',
] as const;

const COLUMNS = CASE_COLUMNS.map((c) => c.replace('*', ''));
const REQUIRED = new Set(CASE_COLUMNS.filter((c) => c.endsWith('*')).map((c) => c.replace('*', '')));

/** The stage as the DAC writes it. */
export const STAGE_WORDS: Record<string, ImportableStage> = {
  attente_affectation: 'AWAITING_ASSIGNMENT',
  evaluation: 'ASSESSMENT',
  planification: 'PLANNING',
  validation_plan: 'PLAN_VALIDATION',
  suivi: 'FOLLOW_UP',
};
const PROTECTION_WORDS: Record<string, LegalProtectionKind> = {
  sauvegarde: 'SAUVEGARDE',
  curatelle: 'CURATELLE',
  tutelle: 'TUTELLE',
  habilitation_familiale: 'HABILITATION_FAMILIALE',
};

export interface CaseRow {
  /** The line in the file (the header is line 1). */
  line: number;
  externalId: string;
  territory: string;
  case?: ImportedCase;
  errors: string[];
}

export class CaseFileError extends Error {}

/** Splits the file into records of fields (`"` quotes a field holding `;`, a line break or `""`). */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ';') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) records.push({ line: startLine, fields });
      fields = [];
      field = '';
      line++;
      startLine = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) records.push({ line: startLine, fields });
  return records;
}

/** `AAAA-MM-JJ` or `JJ/MM/AAAA` → the day at noon UTC (the same calendar day in metropolitan France and overseas). */
export function parseFrenchDate(value: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : fr ? [fr[3], fr[2], fr[1]] : [];
  if (!y) return undefined;
  const at = new Date(`${y}-${m}-${d}T12:00:00.000Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== `${y}-${m}-${d}` ? undefined : at.toISOString();
}

/** The file's rows, each with its case or its errors. Throws CaseFileError when the header is not the template's. */
export function readCaseFile(text: string): CaseRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw new CaseFileError('le fichier est vide');
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => REQUIRED.has(c) && !names.includes(c));
  const unknown = names.filter((n) => n && !COLUMNS.includes(n));
  if (missing.length || unknown.length) {
    throw new CaseFileError(
      [missing.length ? `colonnes manquantes : ${missing.join(', ')}` : '', unknown.length ? `colonnes inconnues : ${unknown.join(', ')}` : '', '(séparateur attendu : « ; »)']
        .filter(Boolean)
        .join(' ; '),
    );
  }
  return records.map((r) => readRow(r.line, Object.fromEntries(names.map((n, i) => [n, (r.fields[i] ?? '').trim()]))));
}

function readRow(line: number, v: Record<string, string>): CaseRow {
  const errors: string[] = [];
  for (const c of REQUIRED) if (!v[c]) errors.push(`la colonne ${c} est vide`);
  const date = (column: string): string | undefined => {
    if (!v[column]) return undefined;
    const at = parseFrenchDate(v[column]);
    if (!at) errors.push(`${column} : « ${v[column]} » n'est pas une date (AAAA-MM-JJ ou JJ/MM/AAAA)`);
    return at;
  };
  const stage = STAGE_WORDS[v['etape']?.toLowerCase()];
  if (v['etape'] && !stage) errors.push(`etape : « ${v['etape']} » n'est pas une étape (${Object.keys(STAGE_WORDS).join(', ')})`);
  const protectionKind = v['protection_type'] ? PROTECTION_WORDS[v['protection_type'].toLowerCase()] : undefined;
  if (v['protection_type'] && !protectionKind) errors.push(`protection_type : « ${v['protection_type']} » n'est pas une mesure (${Object.keys(PROTECTION_WORDS).join(', ')})`);
  const birthDate = date('date_naissance')?.slice(0, 10);
  const referredAt = date('date_orientation');
  const hospitalSince = date('hospitalisation_depuis');
  const protectionAt = date('protection_demande');
  if (hospitalSince && !v['hospitalisation_etablissement']) errors.push("hospitalisation_etablissement : l'établissement de l'hospitalisation en cours est obligatoire");
  if (protectionKind && !protectionAt) errors.push('protection_demande : la date de la demande de protection est obligatoire');
  if (protectionAt && !protectionKind) errors.push('protection_type : le type de mesure demandée est obligatoire');
  const referral: ReferralInput = {
    patient: { externalId: v['identifiant'], firstName: v['prenom'], lastName: v['nom'], birthDate: birthDate ?? '', territory: v['territoire'] },
    referral: { source: "reprise de l'outil précédent (import)", referredAt: referredAt ?? '' },
    physician: { name: v['medecin_nom'], email: v['medecin_email'] },
    ...(v['aidant_nom'] ? { caregiver: { name: v['aidant_nom'], ...(v['aidant_email'] ? { email: v['aidant_email'] } : {}), relationship: 'aidant' } } : {}),
  };
  const c: ImportedCase = {
    referral,
    stage: stage ?? 'AWAITING_ASSIGNMENT',
    caseManagerId: v['gestionnaire'] || undefined,
    assignedAt: date('date_affectation'),
    lastAssessmentAt: date('date_derniere_evaluation'),
    lastPlanAt: date('date_dernier_plan'),
    planAcknowledgedAt: date('date_accuse_plan'),
    lastContactAt: date('date_dernier_contact'),
    ...(hospitalSince ? { hospitalization: { admittedAt: hospitalSince, facility: v['hospitalisation_etablissement'] } } : {}),
    ...(v['apa_depot'] ? { apaSubmittedAt: date('apa_depot') } : {}),
    ...(protectionKind && protectionAt ? { legalProtection: { kind: protectionKind, requestedAt: protectionAt } } : {}),
  };
  if (!errors.length) {
    // The referral's own field rules (ids, e-mails, birth date), named by the CSV column.
    for (const e of validateReferral(referral, new Date())) errors.push(`${COLUMN_OF[e.field] ?? e.field} : ${e.message}`);
  }
  return { line, externalId: v['identifiant'] ?? '', territory: v['territoire'] ?? '', ...(errors.length ? {} : { case: c }), errors };
}

const COLUMN_OF: Record<string, string> = {
  'patient.externalId': 'identifiant',
  'patient.firstName': 'prenom',
  'patient.lastName': 'nom',
  'patient.birthDate': 'date_naissance',
  'patient.territory': 'territoire',
  'referral.referredAt': 'date_orientation',
  'physician.name': 'medecin_nom',
  'physician.email': 'medecin_email',
  'caregiver.name': 'aidant_nom',
  'caregiver.email': 'aidant_email',
};
