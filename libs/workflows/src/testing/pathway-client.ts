/** A thin test client that drives one pathway through its Updates, as the API does. */
import { randomUUID } from 'node:crypto';
import { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { DEFAULT_POLICY, PathwayCommand, PathwayPolicy, PathwaySummary, ReferralInput } from '@pathway/domain';
import { pathwayWorkflowId, referralRecorded, stateQuery, stepUpdates, summaryQuery } from '../messages';
import type { pathwayWorkflow } from '../pathway.workflow';

export function referralFor(referredAt: Date, overrides: Partial<ReferralInput['patient']> = {}): ReferralInput {
  return {
    patient: { externalId: `P-${randomUUID().slice(0, 8)}`, firstName: 'Jeanne', lastName: 'Martin', birthDate: '1943-05-02', territory: 'T75-EST', ...overrides },
    referral: { source: 'Dr Durand (GP)', referredAt: referredAt.toISOString(), diagnosis: 'Alzheimer disease' },
    physician: { name: 'Dr Durand', email: 'durand@example.org' },
    caregiver: { name: 'Claire Martin', email: 'claire@example.org', relationship: 'daughter' },
  };
}

/** Pathways opened per task queue, so the test's worker can terminate what it leaves running (see `WorkflowTestHarness.withWorker`). */
const openedOn = new Map<string, WorkflowHandle[]>();

export function takeOpenedPathways(taskQueue: string): WorkflowHandle[] {
  const handles = openedOn.get(taskQueue) ?? [];
  openedOn.delete(taskQueue);
  return handles;
}

export async function openTestPathway(
  client: Client,
  taskQueue: string,
  referral: ReferralInput,
  policy: PathwayPolicy = DEFAULT_POLICY,
  pathwayId: string = randomUUID(),
): Promise<{ handle: WorkflowHandleWithFirstExecutionRunId<typeof pathwayWorkflow>; summary: PathwaySummary; pathwayId: string }> {
  // Start, then wait for the database's answer (the time-skipping server has no update-with-start).
  const handle = await client.workflow.start<typeof pathwayWorkflow>('pathwayWorkflow', {
    workflowId: pathwayWorkflowId(pathwayId),
    taskQueue,
    args: [{ pathwayId, policy, referral, actor: 'intake-1' }],
    workflowIdConflictPolicy: 'FAIL',
  });
  openedOn.set(taskQueue, [...(openedOn.get(taskQueue) ?? []), handle]);
  const summary = await handle.executeUpdate(referralRecorded);
  return { handle, summary, pathwayId };
}

export function step(handle: WorkflowHandle, command: PathwayCommand, actor = 'cm-1'): Promise<PathwaySummary> {
  return handle.executeUpdate(stepUpdates[command.type].name, { args: [{ actor, command }] }) as Promise<PathwaySummary>;
}

export const query = {
  summary: (handle: WorkflowHandle) => handle.query(summaryQuery),
  state: (handle: WorkflowHandle) => handle.query(stateQuery),
};
