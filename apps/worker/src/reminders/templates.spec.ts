import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CLOCK_KINDS, CLOCK_RULES, PROVIDER_NOTICE_KINDS } from '@pathway/domain';
import type { ReminderDeliveryContext } from '@pathway/persistence';
import { digestValues, reminderValues, resolveRecipient } from './message';
import { resolveTemplatesDir, TemplateError, TemplateSet } from './templates';

const templates = TemplateSet.load(resolveTemplatesDir());
const TZ = 'Europe/Paris';

/** Every (kind, role) the domain can hand to the outbox (libs/domain notifications.ts). */
function notificationsTheDomainSends(): [string, string][] {
  const pairs: [string, string][] = [];
  for (const clock of CLOCK_KINDS) {
    const rule = CLOCK_RULES[clock];
    for (const role of new Set([...rule.remind, ...(rule.remindAtDeadline ?? [])])) {
      pairs.push([clock === 'reassessmentDue' && role === 'caregiver' ? 'reassessmentVisit' : `${clock}Reminder`, role]);
    }
    if (rule.escalates) pairs.push([`${clock}Overdue`, 'supervisor']);
  }
  pairs.push(
    ['planToValidate', 'physician'],
    ['hospitalDay31', 'case_manager'],
    ['hospitalDay31', 'caregiver'],
    ['referralReoriented', 'referrer'],
    ['pathwayClosed', 'referrer'],
    ['pathwayClosed', 'physician'],
    ['crisisOpened', 'supervisor'],
    ['apaDeemedGranted', 'case_manager'],
    ['legalRequestLapsed', 'case_manager'],
    ['caseManagerAssigned', 'case_manager'],
    ['appointmentReminder', 'caregiver'],
    // A provider of the plan told their part (libs/domain provider-notices.ts).
    ...PROVIDER_NOTICE_KINDS.map((kind): [string, string] => [kind, 'provider']),
    ['pathwayClosed', 'provider'],
    ['planToCoSign', 'legal_representative'],
    // Not the domain's: the worker's waiting-list offer (apps/worker/src/waiting-list-offers.ts).
    ['waitingListOffer', 'supervisor'],
  );
  return pairs;
}

/** A pathway as the database holds it, with an assessment that no message may reveal. */
function context(overrides: Partial<ReminderDeliveryContext> = {}): ReminderDeliveryContext {
  return {
    pathway: {
      id: '6f1c2a9e-0d7b-4c11-9a55-2f3e8b7d1c40',
      territory: 'MAIA-75-NORD',
      stage: 'PLAN_VALIDATION',
      closedAt: null,
      closureReason: null,
      caseManagerId: 'cm-1',
      summary: {
        physician: { name: 'Dr Anne Leroy', email: 'dr.leroy@cabinet.example' },
        caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'fille' },
        deadlines: [{ kind: 'planAcknowledgementDue', startedAt: '2026-03-02T09:00:00Z', dueAt: '2026-03-16T09:00:00.000Z', overdue: false }],
        plan: { version: 2, recordedAt: '2026-03-02T09:00:00Z', services: [{ type: 'SSIAD', provider: 'SSIAD Paris 18' }] },
        episodes: {
          hospitalization: { admittedAt: '2026-02-01T10:00:00Z', facility: 'Hôpital Bichat' },
          respites: [{ id: 'r-1', kind: 'DAY_CARE', startsAt: '2026-04-06T08:00:00Z', endsAt: '2026-04-10T17:00:00Z', provider: 'Accueil de jour Les Tilleuls', status: 'PLANNED' }],
          nursingHomeApplications: [{ id: 'n-1', facility: 'Résidence Les Lilas', submittedAt: '2026-03-01T10:00:00Z', status: 'SUBMITTED' }],
          respiteDaysLeft: {},
        },
        latestAssessment: { mmse: 17, gir: 3, zarit: 61, summary: 'troubles cognitifs marqués, risque de chute', risks: 'errance nocturne' },
        stuck: [],
      },
    },
    patient: { firstName: 'Jeanne', lastName: 'Martin', birthDate: '1941-03-12' },
    caseManager: { id: 'cm-1', name: 'Julie Bernard', email: 'julie.bernard@maia.example' },
    supervisor: { name: 'Paul Girard', email: 'pilote@maia.example' },
    intake: { name: "Guichet intégré", email: 'guichet@maia.example' },
    awaitingPlacement: false,
    ...overrides,
  };
}

function payloadFor(kind: string): Record<string, unknown> {
  const ref = kind.startsWith('respite') ? 'r-1' : kind.startsWith('nursingHome') ? 'n-1' : undefined;
  if (kind === 'appointmentReminder') return { deadlineAt: '2026-03-16T09:30:00.000Z', appointmentId: 'appointment-1', appointmentKind: 'HOME_VISIT', place: '12 rue des Lilas' };
  return {
    deadlineAt: '2026-03-16T09:00:00.000Z',
    reason: 'REFUSED',
    reorientedTo: 'accueil de jour',
    version: 2,
    kind: 'CAREGIVER_EXHAUSTION',
    ref,
    caseManagerName: 'Louise Bernard',
    // A provider's notice: who, and their service.
    memberId: 'm1',
    providerName: 'SAAD Les Aides',
    services: [{ type: 'SAAD', frequency: '3 fois par semaine', startsAt: '2026-03-20T08:00:00Z' }],
    since: '2026-02-01T10:00:00Z',
    dischargedAt: '2026-02-10T10:00:00Z',
  };
}

// Scores by name (case matters: "agir" and "Girard" are not the GIR) or by value, and the assessment's words.
const CLINICAL = /\bMMSE\b|\bA?GGIR\b|\bGIR\b|\bZarit\b|\b17\b|\b61\b|troubles cognitifs|chute|errance|Bichat|SSIAD Paris/;

describe('reminder messages', () => {
  it.each(notificationsTheDomainSends())('%s to the %s has a template, and it renders completely', (kind, role) => {
    expect(templates.fileFor(kind, role)).toBeDefined();
    const message = templates.render(kind, role, reminderValues({ kind, payload: payloadFor(kind) }, context(), templates.labels, TZ));
    expect(message.subject.length).toBeGreaterThan(10);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(`${message.subject}\n${message.text}`).not.toMatch(/\{\{|\}\}/);
    // Written in French, for a person.
    expect(message.text).toMatch(/^Bonjour/);
    expect(message.text).toMatch(/Le dispositif MAIA MAIA-75-NORD/);
    expect(message.text).toContain('Jeanne Martin');
  });

  it.each(notificationsTheDomainSends())('%s to the %s says nothing clinical (no score, no assessment)', (kind, role) => {
    const message = templates.render(kind, role, reminderValues({ kind, payload: payloadFor(kind) }, context(), templates.labels, TZ));
    expect(`${message.subject}\n${message.text}`).not.toMatch(CLINICAL);
  });

  it('every template file is used by some message, and renders', () => {
    const used = new Set(notificationsTheDomainSends().map(([kind, role]) => templates.fileFor(kind, role)));
    used.add('supervisorDigest.supervisor.txt');
    // Fallbacks for roles the domain may remind in the future (a physician deadline, an intake deadline).
    used.add('deadlineReminder.physician.txt');
    used.add('deadlineReminder.intake.txt');
    expect(templates.files().filter((file) => !used.has(file))).toEqual([]);
  });

  it('tells the caregiver of a booked visit in plain words: what, the day and the hour (Paris), where, and whom to tell', () => {
    const message = templates.render('appointmentReminder', 'caregiver', reminderValues({ kind: 'appointmentReminder', payload: payloadFor('appointmentReminder') }, context(), templates.labels, TZ));
    expect(message.subject).toBe('Rappel : rendez-vous le lundi 16 mars 2026 à 10 h 30');
    expect(message.text).toContain('la visite à domicile, le lundi 16 mars 2026 à 10 h 30 (12 rue des Lilas)');
    expect(message.text).toContain('Julie Bernard (julie.bernard@maia.example)');
  });

  it("tells the physician the patient, what is expected and by when, and whom to answer", () => {
    const message = templates.render('planToValidate', 'physician', reminderValues({ kind: 'planToValidate', payload: { version: 2 } }, context(), templates.labels, TZ));
    expect(message.subject).toBe("Plan d'accompagnement de Jeanne Martin à valider avant le lundi 16 mars 2026");
    expect(message.text).toContain('Bonjour Dr Anne Leroy,');
    expect(message.text).toContain('Jeanne Martin, né(e) le 12/03/1941');
    expect(message.text).toContain('Ce que nous attendons de vous : prendre connaissance de ce plan');
    expect(message.text).toContain('Avant le : lundi 16 mars 2026.');
    expect(message.text).toContain('Julie Bernard (julie.bernard@maia.example)');
  });

  it('tells a provider their own service, and where the person is only as far as it matters (no hospital named)', () => {
    const payload = payloadFor('servicesSuspended');
    const message = templates.render('servicesSuspended', 'provider', reminderValues({ kind: 'servicesSuspended', payload }, context(), templates.labels, TZ));
    expect(message.subject).toBe('Intervention suspendue auprès de Jeanne Martin');
    expect(message.text).toContain('Bonjour SAAD Les Aides,');
    expect(message.text).toContain('hospitalisé(e) depuis le dimanche 1er février 2026');
    expect(message.text).toContain('- aide à domicile (SAAD) (3 fois par semaine)');
    const added = templates.render('serviceAdded', 'provider', reminderValues({ kind: 'serviceAdded', payload }, context(), templates.labels, TZ));
    expect(added.text).toContain('- aide à domicile (SAAD) : 3 fois par semaine, à partir du vendredi 20 mars 2026');
  });

  it("gives the caregiver plain words and the case manager's contact", () => {
    const message = templates.render('reassessmentVisit', 'caregiver', reminderValues({ kind: 'reassessmentVisit', payload: { deadlineAt: '2026-09-01T08:00:00Z' } }, context(), templates.labels, TZ));
    expect(message.text).toContain('Bonjour Claire Martin,');
    expect(message.text).toContain('Julie Bernard (julie.bernard@maia.example)');
    expect(message.text).toContain('mardi 1er septembre 2026');
    expect(message.text).not.toMatch(/réévaluation|multidimensionnelle|PPCS|PSI/);
  });

  it('points the caregiver to the intake desk when no case manager is assigned', () => {
    const values = reminderValues({ kind: 'hospitalDay31', payload: {} }, context({ caseManager: null }), templates.labels, TZ);
    expect(templates.render('hospitalDay31', 'caregiver', values).text).toContain('Guichet intégré (guichet@maia.example)');
  });

  it("lists the supervisor's overdue pathways in the digest", () => {
    const lines = [
      { pathwayId: 'p-1', clock: 'assessmentDue', dueAt: '2026-03-01T08:00:00Z', overdueAt: '2026-03-01T08:00:00Z', patient: { firstName: 'Jeanne', lastName: 'Martin' }, caseManagerName: 'Julie Bernard', stillOverdue: true, closed: false },
      { pathwayId: 'p-2', clock: 'planDue', dueAt: '2026-03-01T10:00:00Z', overdueAt: '2026-03-01T10:00:00Z', patient: { firstName: 'Louis', lastName: 'Petit' }, caseManagerName: null, stillOverdue: false, closed: false },
    ];
    const digest = { territory: 'MAIA-75-NORD', periodStart: new Date('2026-03-01T06:00:00Z'), periodEnd: new Date('2026-03-02T06:00:00Z') };
    const message = templates.render('supervisorDigest', 'supervisor', digestValues(digest, lines, { name: 'Paul Girard' }, templates.labels, TZ));
    expect(message.subject).toBe('Récapitulatif MAIA MAIA-75-NORD : 2 échéance(s) dépassée(s) depuis le dimanche 1er mars 2026');
    expect(message.text).toContain('- Jeanne Martin : évaluation multidimensionnelle (date limite dimanche 1er mars 2026) ; gestionnaire de cas : Julie Bernard ; toujours en retard');
    expect(message.text).toContain('- Louis Petit : plan de services individualisé (PSI / PPCS) (date limite dimanche 1er mars 2026) ; gestionnaire de cas : aucun gestionnaire de cas attribué ; régularisé depuis');
    expect(message.text).not.toMatch(/\{\{/);
  });
});

describe('who receives a case manager reminder', () => {
  const reminder = { recipientRole: 'case_manager', recipientAddress: null };

  it('its case manager, or the supervisor while an absence left it unplaced (issue 19)', () => {
    expect(resolveRecipient(reminder, context())).toEqual({ ok: true, recipient: { address: 'julie.bernard@maia.example' } });
    expect(resolveRecipient(reminder, context({ awaitingPlacement: true }))).toEqual({ ok: true, recipient: { address: 'pilote@maia.example' } });
    expect(resolveRecipient(reminder, context({ awaitingPlacement: true, supervisor: null }))).toMatchObject({ ok: false, permanent: false, error: expect.stringMatching(/no supervisor contact/) });
  });
});

describe('template files', () => {
  function setWith(files: Record<string, string>): TemplateSet {
    const dir = mkdtempSync(path.join(tmpdir(), 'templates-'));
    writeFileSync(path.join(dir, 'labels.fr.json'), JSON.stringify(templates.labels));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return TemplateSet.load(dir);
  }

  it('refuses a file whose first line is not the subject', () => {
    expect(() => setWith({ 'x.physician.txt': 'Bonjour\n\ncorps' })).toThrow(new TemplateError('x.physician.txt: the first line must be the subject, "Objet : ..."'));
  });

  it('names the placeholders a message cannot fill rather than sending it half-written', () => {
    const set = setWith({ 'x.physician.txt': 'Objet : {{patientName}}\n\nBonjour {{physicianName}}, {{unknownThing}}\n' });
    expect(() => set.render('x', 'physician', { patientName: 'Jeanne Martin' })).toThrow('x.physician.txt: no value for {{physicianName}}, {{unknownThing}}');
  });

  it('keeps a subject on one line whatever a value holds', () => {
    const set = setWith({ 'x.physician.txt': 'Objet : Patient {{patientName}}\n\nCorps\n' });
    expect(set.render('x', 'physician', { patientName: 'Jeanne\r\nBcc: someone@evil.example' }).subject).toBe('Patient Jeanne Bcc: someone@evil.example');
  });

  it('are found from the compiled worker too (dist/ holds no templates)', () => {
    const source = resolveTemplatesDir();
    expect(readdirSync(source)).toContain('planToValidate.physician.txt');
  });
});
