// Providers told their part, end to end (issue 18): the care team through the API, a plan naming an SSIAD
// and a SAAD, then a hospital stay and a death, each provider's messages read from a real SMTP server.
import { randomUUID } from 'node:crypto';
import { expectProblem, expectStatus, isoAgo, people } from './api-support';
import { eventually, inAssessmentFor, mailTo, outbox, ReminderStack, startReminderStack, uniquePhysician } from './reminders-support';

let r: ReminderStack;

beforeAll(async () => {
  r = await startReminderStack({ policy: {} });
}, 120_000);
afterAll(() => r?.stop(), 60_000);

const SSIAD = () => ({ role: 'SSIAD', name: 'SSIAD Paris Est', email: `ssiad-${randomUUID().slice(0, 6)}@ssiad.example`, finess: '750712184' });
const SAAD = () => ({ role: 'SAAD', name: 'SAAD Les Aides', secureMessaging: `saad-${randomUUID().slice(0, 6)}@saad.mssante.fr` });

describe('the care team through the API', () => {
  it('adds, changes and removes members, each on the timeline; an invalid one is a 400 naming the field, nothing added; a retried add with its key adds once', async () => {
    const pathway = await inAssessmentFor(r.api, uniquePhysician());
    const cm = people.caseManager(pathway.caseManagerId);
    const base = `/api/v1/pathways/${pathway.id}/care-team`;

    const wrongKey = await r.api.post(base, cm, { member: { role: 'NURSE', name: 'Inès Robert', email: 'ines@example.org', rpps: '10003456787' } });
    expectProblem(wrongKey, 400, /Luhn key/, 'member.rpps');
    const key = randomUUID();
    const nurse = { member: { role: 'NURSE', name: 'Inès Robert', email: 'ines@example.org', rpps: '10003456786' } };
    const added = await r.api.post(base, cm, nurse, { idempotencyKey: key });
    expectStatus(added, 200);
    const again = await r.api.post(base, cm, nurse, { idempotencyKey: key });
    expectStatus(again, 200);
    expect(again.body.careTeam.map((m: { id: string }) => m.id)).toEqual(['physician', 'caregiver', 'm1']);

    expectStatus(await r.api.post(`${base}/m1`, cm, { member: { ...nurse.member, phone: '06 11 22 33 44' } }), 200);
    expectProblem(await r.api.post(`${base}/physician/removal`, cm, {}), 409, /cannot be removed/);
    const removed = await r.api.post(`${base}/m1/removal`, cm, { note: 'ne vient plus' });
    expectStatus(removed, 200);
    expect(removed.body.careTeam.map((m: { id: string }) => m.id)).toEqual(['physician', 'caregiver']);

    const timeline = await r.api.get(`/api/v1/pathways/${pathway.id}/timeline`, cm);
    expect(timeline.body.map((e: { type: string }) => e.type).filter((t: string) => t.startsWith('CARE_TEAM'))).toEqual([
      'CARE_TEAM_MEMBER_ADDED',
      'CARE_TEAM_MEMBER_CHANGED',
      'CARE_TEAM_MEMBER_REMOVED',
    ]);
  }, 60_000);
});

describe('providers told their part (SMTP catcher)', () => {
  it('a plan with SSIAD and SAAD: one message each naming their service; admission: a suspension notice each; discharge home: a restart notice; death: a closure notice to providers, nothing to the caregiver', async () => {
    const pathway = await inAssessmentFor(r.api, uniquePhysician());
    const cm = people.caseManager(pathway.caseManagerId);
    const ssiad = SSIAD();
    const saad = SAAD();
    expectStatus(await r.api.post(`/api/v1/pathways/${pathway.id}/care-team`, cm, { member: ssiad }), 200);
    const team = await r.api.post(`/api/v1/pathways/${pathway.id}/care-team`, cm, { member: saad });
    expectStatus(team, 200);
    const today = isoAgo(0).slice(0, 10);
    const plan = await r.api.post(`/api/v1/pathways/${pathway.id}/plans`, cm, {
      services: [
        { type: 'SSIAD', provider: 'SSIAD Paris Est', frequency: 'tous les jours', startsAt: today, providerMemberId: 'm1' },
        { type: 'SAAD', provider: 'SAAD Les Aides', frequency: '3 fois par semaine', startsAt: today, providerMemberId: 'm2' },
      ],
    });
    expectStatus(plan, 200);

    const ssiadMail = () => mailTo(r.catcher, ssiad.email);
    const saadMail = () => mailTo(r.catcher, saad.secureMessaging);
    await eventually(() => [ssiadMail(), saadMail()], ([a, b]) => a.length === 1 && b.length === 1, 'one plan message to each provider');
    expect(ssiadMail()[0].subject).toBe("Nouvelle intervention auprès de Jeanne Martin (plan d'accompagnement MAIA)");
    expect(ssiadMail()[0].text).toContain('- soins infirmiers à domicile (SSIAD) : tous les jours');
    expect(ssiadMail()[0].text).not.toContain('SAAD');
    expect(saadMail()[0].text).toContain('- aide à domicile (SAAD) : 3 fois par semaine');
    expect(saadMail()[0].text).not.toContain('SSIAD');

    expectStatus(await r.api.post(`/api/v1/pathways/${pathway.id}/hospitalizations`, cm, { admittedAt: isoAgo(1), facility: 'Hôpital Saint-Antoine' }), 200);
    await eventually(() => [ssiadMail(), saadMail()], ([a, b]) => a.length === 2 && b.length === 2, 'a suspension notice to each provider');
    for (const mail of [ssiadMail()[1], saadMail()[1]]) {
      expect(mail.subject).toBe('Intervention suspendue auprès de Jeanne Martin');
      expect(mail.text).not.toContain('Saint-Antoine');
    }

    expectStatus(await r.api.post(`/api/v1/pathways/${pathway.id}/hospitalizations/current/discharge`, cm, { dischargedAt: isoAgo(0), destination: 'HOME' }), 200);
    await eventually(() => [ssiadMail(), saadMail()], ([a, b]) => a.length === 3 && b.length === 3, 'a restart notice to each provider');
    expect([ssiadMail()[2].subject, saadMail()[2].subject]).toEqual(['Reprise de votre intervention auprès de Jeanne Martin', 'Reprise de votre intervention auprès de Jeanne Martin']);

    const caregiverBefore = mailTo(r.catcher, 'claire@example.org').length;
    expectStatus(await r.api.post(`/api/v1/pathways/${pathway.id}/closure`, cm, { reason: 'DECEASED' }), 200);
    await eventually(() => [ssiadMail(), saadMail()], ([a, b]) => a.length === 4 && b.length === 4, 'a closure notice to each provider');
    expect(ssiadMail()[3].subject).toBe("Fin de l'accompagnement MAIA de Jeanne Martin");
    expect(ssiadMail()[3].text).toContain('(motif : décès)');
    // Everything the pathway had to send is settled (sent or cancelled): the caregiver got nothing after the death.
    await eventually(() => outbox(r.db, pathway.id), (rows) => rows.every((row) => row.status === 'sent' || row.status === 'cancelled'), 'the outbox to settle');
    const rows = await outbox(r.db, pathway.id);
    expect(mailTo(r.catcher, 'claire@example.org')).toHaveLength(caregiverBefore);
    // Exactly once: one outbox row per notice, each sent once.
    const providerRows = rows.filter((row) => row.recipientRole === 'provider');
    expect(providerRows.map((row) => row.kind).sort()).toEqual(
      ['serviceAdded', 'serviceAdded', 'servicesSuspended', 'servicesSuspended', 'servicesRestarted', 'servicesRestarted', 'pathwayClosed', 'pathwayClosed'].sort(),
    );
    expect(providerRows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
  }, 90_000);
});
