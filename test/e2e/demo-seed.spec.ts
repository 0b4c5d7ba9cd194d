// `npm run demo` seeds a living territory (infra/demo/seed.cjs): against the real stack with the demo's
// compressed clocks, the seeder leaves pathways at every stage, a waiting list, case managers at various
// loads within their capacity and an open episode of every kind; run again, it adds nothing.
import { seedDemo, STAGES, POLICY_FILE } from '../../infra/demo/seed.cjs';
import { CASE_MANAGERS, STORIES, TERRITORY } from '../../infra/demo/territory.cjs';
import { eventuallyValue } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Answer, Api, expectStatus, inBatches, Json, token } from './api-support';

const supervisor = token({ sub: `sup-${TERRITORY}`, roles: ['supervisor'], territory: TERRITORY });

describe('npm run demo: the seeded territory', () => {
  let stack: Stack;
  let api: Api;
  const lines: string[] = [];

  beforeAll(async () => {
    stack = await startStack({ env: { PATHWAY_POLICY_FILE: POLICY_FILE } });
    api = new Api(stack.apiUrl);
  }, 120_000);
  afterAll(() => stack?.stop());

  async function allPathways(): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await api.get(`/api/v1/pathways?territory=${TERRITORY}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, supervisor);
      expectStatus(page, 200);
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    return items;
  }

  /** Pathways per stage once the projection has caught up with the workflows (it follows within moments). */
  async function stagesSettled(expected: Record<string, number>): Promise<Record<string, number>> {
    const perStage = async () => {
      const counts: Record<string, number> = {};
      for (const item of await allPathways()) counts[item.stage] = (counts[item.stage] ?? 0) + 1;
      return counts;
    };
    return eventuallyValue(perStage, (counts) => STAGES.every((s: string) => (counts[s] ?? 0) === (expected[s] ?? 0)), {
      timeoutMs: 20_000,
      intervalMs: 500,
      message: `the pathways per stage to be ${JSON.stringify(expected)}`,
    });
  }

  it('seeds every stage, a waiting list, various caseloads within capacity and every kind of episode; a second run adds nothing', async () => {
    const first = await seedDemo({ apiUrl: stack.apiUrl, log: (line: string) => lines.push(line), concurrency: 10 });
    if (first.failures.length) throw new Error(`stories failed:\n${lines.join('\n')}`);
    expect(first.pathways).toEqual({ created: STORIES.length, resumed: 0, unchanged: 0, failed: 0 });
    expect(first.caseManagers).toEqual({ created: CASE_MANAGERS.length, existing: 0 });

    // Every stage, as the stories say.
    const planned: Record<string, number> = {};
    for (const story of STORIES) planned[story.stage] = (planned[story.stage] ?? 0) + 1;
    for (const stage of STAGES) expect(planned[stage]).toBeGreaterThan(0);
    expect(await stagesSettled(planned)).toEqual(planned);

    // The waiting list.
    const waiting = await api.get(`/api/v1/supervision/waiting-list?territory=${TERRITORY}`, supervisor);
    expectStatus(waiting, 200);
    expect(waiting.body.length).toBe(planned.AWAITING_ASSIGNMENT);

    // Caseloads: various, one nearly full, none above capacity.
    const caseloads = await api.get(`/api/v1/supervision/caseloads?territory=${TERRITORY}`, supervisor);
    expectStatus(caseloads, 200);
    const loads = caseloads.body as Array<{ caseManagerId: string; active: number; capacity: number }>;
    expect(loads.map((c) => c.caseManagerId).sort()).toEqual(CASE_MANAGERS.map((c: { id: string }) => c.id).sort());
    for (const c of loads) expect(c.active).toBeLessThanOrEqual(c.capacity);
    expect(new Set(loads.map((c) => c.active)).size).toBeGreaterThanOrEqual(4);
    expect(loads.some((c) => c.active >= c.capacity - 1 && c.active > 0)).toBe(true);
    expect(loads.reduce((sum, c) => sum + c.active, 0)).toBe(STORIES.filter((s: { cm?: string; stage: string }) => s.cm && s.stage !== 'CLOSED').length);

    // The territory's supervisor and intake desk are named, so their notices go out.
    const contacts = await api.get(`/api/v1/territories/${TERRITORY}/contacts`, supervisor);
    expectStatus(contacts, 200);
    expect((contacts.body as Array<{ role: string; email: string }>).map((c) => [c.role, c.email])).toEqual([
      ['supervisor', 'pilote.t75-est@dac.example'],
      ['intake', 'guichet.t75-est@dac.example'],
    ]);

    // At least one open episode or file of each kind, from the live summaries.
    const open = (await allPathways()).filter((p) => !p.closedAt);
    const summaries = await inBatches(open, 4, async (p) => {
      const summary = await api.get(`/api/v1/pathways/${p.id}`, supervisor);
      expectStatus(summary, 200);
      return summary.body as Json;
    });
    const some = (test: (episodes: Json) => boolean) => summaries.some((s) => test(s.episodes));
    expect(some((e) => Boolean(e.hospitalization))).toBe(true);
    expect(some((e) => e.respites.length > 0)).toBe(true);
    expect(some((e) => Boolean(e.crisis))).toBe(true);
    expect(some((e) => ['SUBMITTED', 'ACKNOWLEDGED'].includes(e.apa?.status))).toBe(true);
    expect(some((e) => ['PREPARING', 'FILED'].includes(e.legalProtection?.status))).toBe(true);
    expect(some((e) => e.nursingHomeApplications.some((a: Json) => ['SUBMITTED', 'WAITLISTED'].includes(a.status)))).toBe(true);
    // Some are overdue from the start (stories dated before their deadline), and the supervisor sees it.
    expect(summaries.some((s) => s.deadlines.some((d: Json) => d.overdue))).toBe(true);
    expect(first.stuck).toBeGreaterThan(0);
    // The demo sign-in page lists the territory's supervisor and every case manager.
    expect(first.demoUsers.map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining([`sup-${TERRITORY}`, ...CASE_MANAGERS.map((c: { id: string }) => c.id)]));

    // Run again: nothing is added, nothing is sent.
    const before = (await allPathways()).length;
    const again = await seedDemo({ apiUrl: stack.apiUrl, log: () => undefined, concurrency: 10 });
    expect(again.failures).toEqual([]);
    expect(again.pathways).toEqual({ created: 0, resumed: 0, unchanged: STORIES.length, failed: 0 });
    expect(again.stepsSent).toBe(0);
    expect(again.caseManagers).toEqual({ created: 0, existing: CASE_MANAGERS.length });
    expect((await allPathways()).length).toBe(before);
    expect(before).toBe(STORIES.length);
  }, 240_000); // about a minute on a quiet machine; other suites running beside it can triple it
});
