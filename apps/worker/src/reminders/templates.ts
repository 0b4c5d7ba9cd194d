/**
 * The message templates (templates/*.txt, see templates/README.md): loaded once at start-up, so a
 * malformed file stops the worker with its name rather than failing reminders one by one.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type TemplateValue = string | TemplateValues[];
export interface TemplateValues {
  [name: string]: TemplateValue | undefined;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  /** The file it came from, e.g. `deadlineReminder.case_manager.txt`. */
  template: string;
}

export interface Labels {
  deadlines: Record<string, { label: string; action: string }>;
  closureReasons: Record<string, string>;
  digestStatus: { stillOverdue: string; doneSince: string; closed: string };
  respiteKinds: Record<string, string>;
  appointmentKinds: Record<string, string>;
  serviceTypes: Record<string, string>;
  crisisKinds: Record<string, string>;
  legalProtectionKinds: Record<string, string>;
  homeApa: { granted: string; unknown: string };
  noCaseManager: string;
  noDeadline: string;
  notSpecified: string;
  atHome: string;
  maiaTeam: string;
}

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

interface Template {
  file: string;
  subject: string;
  body: string;
}

const SUBJECT_LINE = /^Objet\s*:\s*(\S.*)$/;
const SECTION = /\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;

/**
 * Where the templates are: next to this module when running from the sources (tests), and in the
 * source tree when running from dist/ (the build compiles .ts files only; see resolveTemplatesDir).
 */
export function resolveTemplatesDir(configured?: string): string {
  if (configured) {
    if (!existsSync(path.join(configured, 'labels.fr.json'))) throw new TemplateError(`REMINDER_TEMPLATES_DIR ${configured} holds no templates (labels.fr.json missing)`);
    return configured;
  }
  const here = path.join(__dirname, 'templates');
  const candidates = [here];
  // dist/apps/worker/src/reminders → apps/worker/src/reminders in the same checkout.
  const distMarker = `${path.sep}dist${path.sep}`;
  const at = here.lastIndexOf(distMarker);
  if (at >= 0) candidates.push(here.slice(0, at) + path.sep + here.slice(at + distMarker.length));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'labels.fr.json')));
  if (!found) throw new TemplateError(`reminder templates not found (looked in ${candidates.join(', ')}); set REMINDER_TEMPLATES_DIR`);
  return found;
}

export class TemplateSet {
  private constructor(
    readonly dir: string,
    private readonly templates: Map<string, Template>,
    readonly labels: Labels,
  ) {}

  static load(dir: string): TemplateSet {
    const templates = new Map<string, Template>();
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.txt')).sort()) {
      templates.set(file, parseTemplate(file, readFileSync(path.join(dir, file), 'utf8')));
    }
    let labels: Labels;
    try {
      labels = JSON.parse(readFileSync(path.join(dir, 'labels.fr.json'), 'utf8')) as Labels;
    } catch (err) {
      throw new TemplateError(`${path.join(dir, 'labels.fr.json')}: ${(err as Error).message}`);
    }
    return new TemplateSet(dir, templates, labels);
  }

  /** Template file names, e.g. `planToValidate.physician.txt`. */
  files(): string[] {
    return [...this.templates.keys()];
  }

  /** The file a (kind, role) message is written from, or undefined when there is none. */
  fileFor(kind: string, role: string): string | undefined {
    const family = kind.endsWith('Reminder') ? 'deadlineReminder' : kind.endsWith('Overdue') ? 'deadlineOverdue' : undefined;
    return [`${kind}.${role}.txt`, family && `${family}.${role}.txt`].find(
      (file): file is string => typeof file === 'string' && this.templates.has(file),
    );
  }

  render(kind: string, role: string, values: TemplateValues): RenderedMessage {
    const file = this.fileFor(kind, role);
    if (!file) throw new TemplateError(`no template for ${kind} to ${role} (looked for ${kind}.${role}.txt) in ${this.dir}`);
    return this.renderFile(file, values);
  }

  renderFile(file: string, values: TemplateValues): RenderedMessage {
    const template = this.templates.get(file);
    if (!template) throw new TemplateError(`no template ${file} in ${this.dir}`);
    const missing = new Set<string>();
    // A subject is one header line: whatever a value holds, it cannot start a new header.
    const subject = fill(template.subject, values, missing).replace(/[\r\n]+/g, ' ').trim();
    const text = fill(template.body, values, missing);
    if (missing.size) throw new TemplateError(`${file}: no value for ${[...missing].map((name) => `{{${name}}}`).join(', ')}`);
    return { subject, text, template: file };
  }
}

function parseTemplate(file: string, source: string): Template {
  const lines = source.replace(/\r\n/g, '\n').split('\n');
  const subject = SUBJECT_LINE.exec(lines[0] ?? '');
  if (!subject) throw new TemplateError(`${file}: the first line must be the subject, "Objet : ..."`);
  if ((lines[1] ?? '') !== '') throw new TemplateError(`${file}: the subject line must be followed by an empty line`);
  const body = lines.slice(2).join('\n').replace(/\n+$/, '\n');
  if (!body.trim()) throw new TemplateError(`${file}: the body is empty`);
  return { file, subject: subject[1], body };
}

function fill(text: string, values: TemplateValues, missing: Set<string>): string {
  const withSections = text.replace(SECTION, (_, name: string, inner: string) => {
    const list = values[name];
    if (!Array.isArray(list)) {
      missing.add(name);
      return '';
    }
    return list.map((item) => fill(inner, { ...values, ...item }, missing)).join('');
  });
  return withSections.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (typeof value !== 'string') {
      missing.add(name);
      return '';
    }
    return value;
  });
}
