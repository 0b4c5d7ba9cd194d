// The operators' consistency check (`npm run check:consistency`) on a real stack: nothing reported after
// ordinary steps (assignments, a reassignment, a closure); drift made on purpose in SQL is reported,
// naming the pathway and what disagrees, with exit code 2.
import { startStack, Stack } from '../support/stack';
import { runConsistencyCheck } from '../support/consistency-check';
import { createDataSource } from '@pathway/persistence';
import { Api, awaitingAssignment, createCaseManager, expectStatus, inAssessment, people } from './api-support';

let stack: Stack;
let api: Api;

beforeAll(async () => {
  stack = await startStack();
  api = new Api(stack.apiUrl);
  await createCaseManager(api, 'cm-claire');
  await createCaseManager(api, 'cm-denis');
}, 120_000);
afterAll(() => stack?.stop());

async function sqlOnStack(text: string, params: unknown[]): Promise<void> {
  const db = await createDataSource(stack.databaseUrl, { poolSize: 1 }).initialize();
  try {
    await db.query(text, params);
  } finally {
    await db.destroy();
  }
}

it('reports no drift after ordinary steps, then each drift made in SQL, by pathway and kind', async () => {
  const waiting = await awaitingAssignment(api);
  const assigned = await inAssessment(api, 'cm-claire');
  const reassigned = await inAssessment(api, 'cm-claire');
  expectStatus(await api.post(`/api/v1/pathways/${reassigned}/assignment`, people.supervisor, { caseManagerId: 'cm-denis' }), 200);
  const closed = await inAssessment(api, 'cm-denis');
  expectStatus(await api.post(`/api/v1/pathways/${closed}/closure`, people.supervisor, { reason: 'MOVED' }), 200);

  const clean = await runConsistencyCheck(stack);
  expect(clean).toEqual({ exitCode: 0, checked: 3, drift: [] });

  // A caseload row naming the loser of a race, a slot still held by a closed pathway, a projection behind.
  await sqlOnStack(`UPDATE caseload_assignments SET case_manager_id = 'cm-claire' WHERE pathway_id = $1`, [reassigned]);
  await sqlOnStack(`INSERT INTO caseload_assignments (pathway_id, case_manager_id, assigned_at) VALUES ($1, 'cm-denis', now())`, [closed]);
  await sqlOnStack(`UPDATE pathways SET stage = 'PLANNING' WHERE id = $1`, [assigned]);

  const report = await runConsistencyCheck(stack);
  expect(report.exitCode).toBe(2);
  expect(report.checked).toBe(3);
  expect(report.drift.map((d) => `${d.pathwayId} ${d.kind}`).sort()).toEqual(
    [`${reassigned} CASELOAD`, `${closed} SLOT_HELD_BY_CLOSED_PATHWAY`, `${assigned} STAGE`].sort(),
  );
  expect(report.drift.find((d) => d.pathwayId === reassigned)?.detail).toBe('workflow held by cm-denis, caseload counts it for cm-claire');
  expect(report.drift.find((d) => d.pathwayId === assigned)?.detail).toBe('workflow in ASSESSMENT, projection in PLANNING');
  expect(report.drift.some((d) => d.pathwayId === waiting)).toBe(false);
}, 120_000);
