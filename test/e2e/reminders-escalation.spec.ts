// Overdue deadlines reach the territory's supervisor, at most once a day per pathway, end to end: the
// domain throttles escalations (escalationRepeatAfter, P1D), the outbox writes each once, the dispatcher
// sends each once. Compressed policy: eligibility due 3 s after the referral (the intake desk reminded
// after 1 s), assignment due 3 s after eligibility.
import { setTerritoryContact } from '@pathway/persistence';
import { ALL_CRITERIA, createCaseManager, expectStatus, people, referral, TERRITORY } from './api-support';
import { eventually, mailTo, outbox, ReminderStack, settledOutbox, startReminderStack, uniquePhysician } from './reminders-support';

let r: ReminderStack;
const SUPERVISOR = 'pilote.t75-est@maia.example';
const INTAKE = 'guichet.t75-est@maia.example';

beforeAll(async () => {
  r = await startReminderStack({
    policy: { eligibilityDue: 'PT3S', eligibilityDueReminderBefore: 'PT2S', assignmentDue: 'PT3S' },
  });
  await setTerritoryContact(r.db, { territory: TERRITORY, role: 'supervisor', name: 'Paul Girard', email: SUPERVISOR });
  await setTerritoryContact(r.db, { territory: TERRITORY, role: 'intake', name: 'Guichet intégré T75-EST', email: INTAKE });
}, 120_000);
afterAll(() => r?.stop(), 60_000);

describe('escalation to the supervisor', () => {
  it('reminds the intake desk, then tells the supervisor once when the deadline passes, not again the same day', async () => {
    const referred = await r.api.post('/api/v1/pathways', people.intake, referral({ physicianEmail: uniquePhysician(), referredAt: new Date().toISOString() }));
    expectStatus(referred, 201);
    const id = referred.body.id as string;
    const aboutThisPathway = (address: string) => mailTo(r.catcher, address).filter((m) => m.text.includes(id));

    const [intakeMail] = await eventually(() => aboutThisPathway(INTAKE), (m) => m.length >= 1, 'the intake reminder');
    expect(intakeMail.subject).toMatch(/^Orientation de Jeanne Martin : décision d'éligibilité attendue avant le /);
    const [escalation] = await eventually(() => aboutThisPathway(SUPERVISOR), (m) => m.length >= 1, 'the escalation');
    expect(escalation.subject).toBe("Retard sur le parcours de Jeanne Martin : décision d'éligibilité à la gestion de cas");
    expect(escalation.text).toContain('Bonjour Paul Girard,');
    expect(escalation.text).toContain('Vous recevez au plus une alerte par jour pour un même parcours');

    // The eligibility decided late; the next deadline (assignment) passes 3 s later, the same day.
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/eligibility`, people.intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
    await eventually(
      async () => (await r.api.get(`/api/v1/pathways/${id}`, people.intake)).body?.stuck ?? [],
      (stuck: { reason: string }[]) => stuck.some((s) => s.reason === 'case manager assignment overdue'),
      'the assignment deadline to pass',
    );
    // Proof that no second escalation can come: a later step's notice (the case manager told of the
    // assignment) is written after whatever the deadline's passing wrote (the workflow writes one batch at
    // a time, in event order), and due after it, so once it is sent and the outbox has settled, every row
    // the passing deadline could have written has been sent too.
    const caseManagerId = `cm-${id.slice(0, 8)}`;
    await createCaseManager(r.api, caseManagerId);
    expectStatus(await r.api.post(`/api/v1/pathways/${id}/assignment`, people.supervisor, { caseManagerId }), 200);
    await eventually(() => outbox(r.db, id, 'caseManagerAssigned'), (rows) => rows.some((row) => row.status === 'sent'), 'the assignment notice to be sent');
    await settledOutbox(r.db, id);

    expect(aboutThisPathway(SUPERVISOR)).toHaveLength(1);
    const overdue = (await outbox(r.db, id)).filter((row) => row.kind.endsWith('Overdue'));
    expect(overdue.map((row) => [row.kind, row.recipientRole, row.status, row.recipientAddress])).toEqual([
      ['eligibilityDueOverdue', 'supervisor', 'sent', SUPERVISOR],
    ]);
  }, 60_000);
});
