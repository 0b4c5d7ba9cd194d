import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TemporalSettings, pathwayPolicy } from '@pathway/config';
import { PathwayCommand, PathwayPolicy, PathwaySummary, ReferralInput, validateReferral } from '@pathway/domain';
import { findPathway } from '@pathway/persistence';
import { pathwayWorkflow, pathwayWorkflowId, referralRecorded, stepUpdates, summaryQuery } from '@pathway/workflows';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { badRequest, ProblemException } from '../common/problem';
import { problemFromTemporal } from '../common/temporal-errors';

/** Pathways over their workflows: starts them, sends them steps, reads their live summary. */
@Injectable()
export class PathwaysService {
  private readonly policy: PathwayPolicy = pathwayPolicy();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    @Inject(DATABASE) private readonly db: DataSource,
  ) {}

  /** A referral: starts the pathway's workflow and answers once the database has accepted it (one open pathway per patient). */
  async refer(referral: ReferralInput, actor: string): Promise<PathwaySummary> {
    const errors = validateReferral(referral, new Date());
    if (errors.length) throw badRequest('the referral is invalid', errors);
    const pathwayId = randomUUID();
    try {
      const handle = await this.temporal.workflow.start(pathwayWorkflow, {
        workflowId: pathwayWorkflowId(pathwayId),
        taskQueue: this.settings.taskQueue,
        args: [{ pathwayId, policy: this.policy, referral, actor }],
        workflowIdConflictPolicy: 'FAIL',
      });
      return await handle.executeUpdate(referralRecorded);
    } catch (err) {
      throw problemFromTemporal(err, pathwayId);
    }
  }

  /** The live summary from the workflow; for a pathway whose workflow has ended, the last projection. */
  async summary(pathwayId: string): Promise<PathwaySummary> {
    const projected = await findPathway(this.db, pathwayId);
    if (!projected) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `there is no pathway ${pathwayId}`);
    if (projected.closedAt) return projected.summary as PathwaySummary;
    try {
      return await this.handle(pathwayId).query(summaryQuery);
    } catch (err) {
      throw problemFromTemporal(err, pathwayId);
    }
  }

  /** A step: the workflow's validator accepts or rejects it; the answer is the new summary. */
  async step(pathwayId: string, command: PathwayCommand, actor: string, updateId?: string): Promise<PathwaySummary> {
    try {
      return (await this.handle(pathwayId).executeUpdate(stepUpdates[command.type].name, {
        args: [{ actor, command }],
        ...(updateId ? { updateId } : {}),
      })) as PathwaySummary;
    } catch (err) {
      throw problemFromTemporal(err, pathwayId);
    }
  }

  private handle(pathwayId: string): WorkflowHandle<typeof pathwayWorkflow> {
    return this.temporal.workflow.getHandle(pathwayWorkflowId(pathwayId));
  }
}

