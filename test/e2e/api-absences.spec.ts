// Declared absences as records (issue 8): GET /api/v1/case-managers/{id}/absences over HTTP against the
// whole stack, each absence with its phase derived from the clock.
import { eventually } from '@pathway/testing';
import { startStack, Stack } from '../support/stack';
import { Api, createCaseManager, expectProblem, expectStatus, Json, OTHER_TERRITORY, people, TERRITORY, token } from './api-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
}, 120_000);
afterAll(() => stack?.stop());

const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

describe('GET /api/v1/case-managers/{id}/absences', () => {
  it('lists the absences declared, the latest first, SCHEDULED / COVERED / RETURNED by the clock; a retried declaration is one record', async () => {
    await createCaseManager(api, 'cm-abs-lea');
    await createCaseManager(api, 'cm-abs-max');
    const declare = (from: string, to: string, key: string) =>
      api.post('/api/v1/case-managers/cm-abs-lea/absences', people.supervisor, { from, to, coveredBy: ['cm-abs-max'] }, { idempotencyKey: key });

    const ending = await declare(inMs(-60_000), inMs(2_000), 'abs-ending');
    expectStatus(ending, 201);
    const scheduled = await declare(inMs(10 * 86_400_000), inMs(20 * 86_400_000), 'abs-later');
    expectStatus(scheduled, 201);
    const now = [inMs(-30_000), inMs(5 * 86_400_000)] as const;
    const covering = await declare(...now, 'abs-now');
    expectStatus(covering, 201);
    const retried = await declare(...now, 'abs-now');
    expectStatus(retried, 201);
    expect(retried.body.absenceId).toBe(covering.body.absenceId);

    // The first absence ends 2 s after it was declared: wait for its RETURNED (the clock passing its
    // end), not for a fixed time.
    const answer = await eventually(
      async () => {
        const listed = await api.get('/api/v1/case-managers/cm-abs-lea/absences', people.supervisor);
        expectStatus(listed, 200);
        expect(listed.body.map((a: Json) => [a.absenceId, a.phase])).toEqual([
          [scheduled.body.absenceId, 'SCHEDULED'],
          [covering.body.absenceId, 'COVERED'],
          [ending.body.absenceId, 'RETURNED'],
        ]);
        return listed;
      },
      { timeoutMs: 15_000, intervalMs: 250, message: 'the ended absence RETURNED, the others SCHEDULED and COVERED' },
    );
    expect(answer.body[0]).toEqual({
      absenceId: scheduled.body.absenceId,
      caseManagerId: 'cm-abs-lea',
      territory: TERRITORY,
      from: new Date(scheduled.body.from).toISOString(),
      to: new Date(scheduled.body.to).toISOString(),
      coveredBy: ['cm-abs-max'],
      declaredBy: 'sup-1',
      declaredAt: expect.any(String),
      phase: 'SCHEDULED',
    });
  });

  it('an empty list for a case manager never absent', async () => {
    await createCaseManager(api, 'cm-abs-noa');
    const answer = await api.get('/api/v1/case-managers/cm-abs-noa/absences', people.supervisor);
    expectStatus(answer, 200);
    expect(answer.body).toEqual([]);
  });

  it("403 for another territory's supervisor or another role, 404 for an unknown case manager", async () => {
    await createCaseManager(api, 'cm-abs-ola');
    const stranger = token({ sub: 'sup-13', roles: ['supervisor'], territory: OTHER_TERRITORY });
    expectProblem(await api.get('/api/v1/case-managers/cm-abs-ola/absences', stranger), 403, /territory T75-EST is not yours/);
    expectProblem(await api.get('/api/v1/case-managers/cm-abs-ola/absences', people.caseManager('cm-abs-ola')), 403, /needs one of the roles supervisor/);
    expectProblem(await api.get('/api/v1/case-managers/cm-abs-nobody/absences', people.supervisor), 404, /no case manager cm-abs-nobody/);
  });
});
