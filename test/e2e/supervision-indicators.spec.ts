// GET /api/v1/supervision/indicators over a small known set of pathways, walked through the real API
// with a compressed policy (assignment due 10 s after acceptance, the physician's window 6 s), and a
// worker e-mailing reminders to a local SMTP catcher. The expected delays are computed here from the
// timeline the API shows, the same way (percentile_cont) the indicators are; every number must match.
import { startReminderStack, ReminderStack, sleep } from './reminders-support';
import { ALL_CRITERIA, Api, createCaseManager, expectProblem, expectStatus, Json, token } from './api-support';
import { eventually } from './supervision-support';

const TERRITORY = 'T94-IND';
const intake = token({ sub: 'intake-94', roles: ['intake'], territory: TERRITORY });
const supervisor = token({ sub: 'sup-94', roles: ['supervisor'], territory: TERRITORY });
const physician = token({ sub: 'md-94', roles: ['physician'], email: 'dr.94@cabinet.example' });
const caseManager = (id: string) => token({ sub: id, roles: ['case_manager'], territory: TERRITORY });

let r: ReminderStack;
let api: Api;

beforeAll(async () => {
  r = await startReminderStack({
    policy: { eligibilityDue: 'P60D', assignmentDue: 'PT10S', planAcknowledgementDue: 'PT6S', planAcknowledgementDueReminderBefore: 'PT3S' },
  });
  api = r.api;
  await createCaseManager(api, 'cm-94-a', 40, TERRITORY);
  await createCaseManager(api, 'cm-94-b', 40, TERRITORY);
}, 120_000);
afterAll(() => r?.stop());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const now = () => new Date().toISOString();

function referralOn(referredAt: string) {
  return {
    patient: { externalId: `NIR-94-${Math.random().toString(36).slice(2)}`, firstName: 'Paul', lastName: 'Durand', birthDate: '1940-02-01', territory: TERRITORY },
    referral: { source: 'Dr 94', referredAt },
    physician: { name: 'Dr 94', email: 'dr.94@cabinet.example' },
    caregiver: { name: 'Anne Durand', email: 'anne@example.org', relationship: 'daughter' },
  };
}

async function referred(referredAt: string): Promise<string> {
  const answer = await api.post('/api/v1/pathways', intake, referralOn(referredAt));
  expectStatus(answer, 201);
  return answer.body.id as string;
}

async function accepted(referredAt: string): Promise<string> {
  const id = await referred(referredAt);
  expectStatus(await api.post(`/api/v1/pathways/${id}/eligibility`, intake, { decision: 'ACCEPTED', criteria: ALL_CRITERIA }), 200);
  return id;
}

/** Accepted → assigned → consent → assessment → plan: in PLAN_VALIDATION, the physician's window open. */
async function planned(referredAt: string, cm: string): Promise<string> {
  const id = await accepted(referredAt);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assignment`, supervisor, { caseManagerId: cm }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/consent`, caseManager(cm), { given: true, at: now() }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/assessments`, caseManager(cm), { performedAt: now(), mmse: 19, gir: 3, zarit: 40, summary: 'home visit' }), 200);
  expectStatus(await api.post(`/api/v1/pathways/${id}/plans`, caseManager(cm), { services: [{ type: 'SSIAD', provider: 'SSIAD 94', frequency: 'daily', startsAt: now().slice(0, 10) }] }), 200);
  return id;
}

async function timeline(id: string): Promise<{ at: string; type: string; data: Json }[]> {
  const answer = await api.get(`/api/v1/pathways/${id}/timeline`, supervisor);
  expectStatus(answer, 200);
  return answer.body;
}

async function atOf(id: string, type: string): Promise<string> {
  const event = (await timeline(id)).find((e) => e.type === type);
  if (!event) throw new Error(`pathway ${id} has no ${type} event`);
  return event.at;
}
const seconds = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 1000;

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  return sorted[low] + (rank - low) * ((sorted[Math.ceil(rank)] ?? sorted[low]) - sorted[low]);
}

function expectDelay(actual: Json, values: number[]): void {
  expect(actual.count).toBe(values.length);
  expect(actual.medianSeconds).toBeCloseTo(percentile(values, 0.5), 3);
  expect(actual.p90Seconds).toBeCloseTo(percentile(values, 0.9), 3);
  expect(actual.median).toMatch(/^P/);
}

const indicators = (from: string, to: string) => api.get(`/api/v1/supervision/indicators?from=${from}&to=${to}`, supervisor);

describe('GET /api/v1/supervision/indicators', () => {
  it('gives the exact numbers of a known set of pathways, for the whole period and for a part of it', async () => {
    const from = new Date(Date.now() - 1000).toISOString();
    // A: referred 20 days ago, assessed and planned now, acknowledged by the physician in time.
    const referredA = daysAgo(20);
    const a = await planned(referredA, 'cm-94-a');
    expectStatus(await api.post(`/api/v1/pathways/${a}/plan-acknowledgements`, physician, { acknowledgedAt: now() }), 200);
    // B: referred 10 days ago, planned now; the physician's window will end without acknowledgement.
    const referredB = daysAgo(10);
    const b = await planned(referredB, 'cm-94-a');
    await sleep(50);
    const middle = now();
    await sleep(50);
    // C: refused at eligibility (closed REORIENTED). D: assigned, then the person moves away (MOVED).
    const c = await referred(daysAgo(5));
    expectStatus(await api.post(`/api/v1/pathways/${c}/eligibility`, intake, { decision: 'REFUSED', criteria: { ...ALL_CRITERIA, unstableSituation: false }, reorientedTo: 'CCAS' }), 200);
    const d = await accepted(daysAgo(2));
    expectStatus(await api.post(`/api/v1/pathways/${d}/assignment`, supervisor, { caseManagerId: 'cm-94-b' }), 200);
    expectStatus(await api.post(`/api/v1/pathways/${d}/closure`, caseManager('cm-94-b'), { reason: 'MOVED' }), 200);
    // E: accepted, never assigned: its assignment deadline passes (overdue now).
    const e = await accepted(daysAgo(1));

    await eventually(() => timeline(b), (events) => events.some((ev) => ev.type === 'PLAN_ACKNOWLEDGEMENT_WINDOW_ENDED'), "B's window to end", 20_000);
    await eventually(() => timeline(e), (events) => events.some((ev) => ev.type === 'DEADLINE_PASSED'), "E's assignment deadline to pass", 20_000);
    // Let the outbox deliver what is due (every row due by now settled: none left scheduled or being
    // sent), then fix the end of the period in the past, so no row sent later can count.
    const pathwaysSoFar = [a, b, c, d, e];
    await eventually(
      async () => {
        const dueBy = now();
        const rows = (await Promise.all(pathwaysSoFar.map(async (id) => (await api.get(`/api/v1/reminders?pathwayId=${id}`, supervisor)).body as { kind: string; status: string; dueAt: string }[]))).flat();
        return rows.filter((m) => m.dueAt <= dueBy && (m.status === 'scheduled' || m.status === 'sending')).map((m) => `${m.kind}:${m.status}`);
      },
      (unsettled) => unsettled.length === 0,
      'the outbox to deliver what is due',
      20_000,
    );
    const to = now();
    await sleep(1500);

    const pathways = [a, b, c, d, e];
    const sent = (await Promise.all(pathways.map(async (id) => (await api.get(`/api/v1/reminders?pathwayId=${id}`, supervisor)).body as { status: string; sentAt?: string; recipientRole: string }[])))
      .flat()
      .filter((m) => m.status === 'sent' && m.sentAt && m.sentAt >= from && m.sentAt < to);
    const sentByRecipient: Record<string, number> = {};
    for (const m of sent) sentByRecipient[m.recipientRole] = (sentByRecipient[m.recipientRole] ?? 0) + 1;
    expect(sent.length).toBeGreaterThan(0); // plans to validate, the physician's reminders, assignment notices

    const whole = await indicators(from, to);
    expectStatus(whole, 200);
    console.log(`indicators of the known set: ${JSON.stringify(whole.body)}`);
    const firstAssessments = [seconds(referredA, await atOf(a, 'ASSESSMENT_RECORDED')), seconds(referredB, await atOf(b, 'ASSESSMENT_RECORDED'))];
    const plans = await Promise.all([a, b].map(async (id) => seconds(await atOf(id, 'ASSESSMENT_RECORDED'), await atOf(id, 'PLAN_RECORDED'))));
    expect(whole.body).toMatchObject({
      territory: TERRITORY,
      from,
      to,
      pathways: { opened: 5, closed: 2, closedByReason: { REORIENTED: 1, MOVED: 1 } },
      planAcknowledgement: { acknowledgedInTime: 1, windowEnded: 1, acknowledgedLate: 0, shareInTime: 0.5 },
      reminders: { sent: sent.length, sentByRecipient },
      overdue: { deadlinesPassed: 1, deadlinesPassedByKind: { assignmentDue: 1 }, pathwaysOverdueNow: 1 },
    });
    expectDelay(whole.body.delays.referralToFirstAssessment, firstAssessments);
    expectDelay(whole.body.delays.assessmentToPlan, plans);
    // About 20 and 10 days: the median is 15 days and some seconds.
    expect(whole.body.delays.referralToFirstAssessment.median).toMatch(/^P15D/);

    // Up to the middle: A and B only, A's plan acknowledged, B's window still open, nothing closed or overdue.
    const early = await indicators(from, middle);
    expectStatus(early, 200);
    expect(early.body).toMatchObject({
      pathways: { opened: 2, closed: 0, closedByReason: {} },
      planAcknowledgement: { acknowledgedInTime: 1, windowEnded: 0, acknowledgedLate: 0, shareInTime: 1 },
      overdue: { deadlinesPassed: 0, deadlinesPassedByKind: {}, pathwaysOverdueNow: 1 },
    });
    expectDelay(early.body.delays.referralToFirstAssessment, firstAssessments);
    expectDelay(early.body.delays.assessmentToPlan, plans);
  }, 120_000);

  it('defaults to the last 30 days; refuses an empty or over-long period, a bad date, another territory', async () => {
    const answer = await api.get('/api/v1/supervision/indicators', supervisor);
    expectStatus(answer, 200);
    expect(Date.parse(answer.body.to) - Date.parse(answer.body.from)).toBe(30 * 86_400_000);
    expectProblem(await indicators('2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z'), 400, /the period is empty/);
    expectProblem(await indicators('2020-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), 400, /the period is too long/);
    expectProblem(await api.get('/api/v1/supervision/indicators?from=yesterday', supervisor), 400, /from must be an ISO-8601 date/, 'from');
    expectProblem(await api.get('/api/v1/supervision/indicators?territory=T75-EST', supervisor), 403, /you supervise territory T94-IND, not T75-EST/);
  });
});
