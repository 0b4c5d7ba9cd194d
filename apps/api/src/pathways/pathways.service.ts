import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client, WithStartWorkflowOperation, WorkflowHandle } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TemporalSettings, pathwayPolicy } from '@pathway/config';
import {
  careTeamFromReferral,
  closedPathwayRejection,
  memberWithRpps,
  PathwayCommand,
  PathwayPolicy,
  PathwaySummary,
  professionalView,
  ProfessionalView,
  ReferralInput,
  summaryAsOf,
  validateReferral,
  validateStepInput,
} from '@pathway/domain';
import { findCaseManager, InvalidCursorError, listPathways, listTimeline, PathwayRecord, PathwayWithPatient } from '@pathway/persistence';
import { pathwayWorkflow, pathwayWorkflowId, referralRecorded, stepUpdates, summaryQuery } from '@pathway/workflows';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { derivedId, derivedUuid } from '../common/idempotency/idempotency-key';
import { badRequest, forbidden, ProblemException } from '../common/problem';
import { problemFromTemporal } from '../common/temporal-errors';
import { DATABASE } from '../database/database.module';
import { countStep } from '../observability/api-metrics';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { DEFAULT_PAGE_SIZE, ListPathwaysQueryDto, PathwayListItemDto, PathwayPageDto, TimelineEventDto } from './dto/list-pathways.dto';

/** How long a step may wait for its workflow before the API answers 503 (a retry with the same key attaches to it). */
const STEP_TIMEOUT_MS = 30_000;

/** Pathways over their workflows: starts them, sends them steps, reads their summary (projection or live) and their lists. */
/** A summary projected before the care team existed: its team reads from the referral, as the workflow's does. */
function withCareTeam(summary: PathwaySummary): PathwaySummary {
  return summary.careTeam ? summary : { ...summary, careTeam: careTeamFromReferral({ ...summary, referral: summary.referral, physician: summary.physician, caregiver: summary.caregiver }) };
}

@Injectable()
export class PathwaysService {
  private readonly policy: PathwayPolicy = pathwayPolicy();

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
  ) {}

  /**
   * A referral: starts the pathway's workflow and answers once the database has accepted it (one open
   * pathway per patient). With an Idempotency-Key the pathway id derives from it, so a retry whose first
   * attempt was lost on the way finds the same workflow instead of opening a second one.
   *
   * One update-with-start: the server starts the workflow and delivers `referralRecorded` together, so
   * the Update's handler exists before the workflow's first task. As a start then a separate Update, a
   * duplicate referral's workflow (which ends as soon as the database names the open pathway) could end
   * before the Update arrived, and the caller got a 404 instead of the 409 naming the open pathway.
   * (The time-skipping test server has no update-with-start; the workflow tests keep start + Update.)
   */
  refer(referral: ReferralInput, principal: Principal, idempotencyKey?: string): Promise<PathwaySummary> {
    return countStep('referral', () => this.startPathway(referral, principal, idempotencyKey));
  }

  private async startPathway(referral: ReferralInput, principal: Principal, idempotencyKey?: string): Promise<PathwaySummary> {
    this.access.assertTerritory(principal, referral.patient.territory, ['intake'], 'a referral');
    const errors = validateReferral(referral, new Date());
    if (errors.length) throw badRequest('the referral is invalid', errors);
    const pathwayId = idempotencyKey ? derivedUuid('referral', principal, idempotencyKey) : randomUUID();
    try {
      const startWorkflowOperation = new WithStartWorkflowOperation(pathwayWorkflow, {
        workflowId: pathwayWorkflowId(pathwayId),
        taskQueue: this.settings.taskQueue,
        args: [{ pathwayId, policy: this.policy, referral, actor: principal.sub }],
        ...(idempotencyKey
          ? { workflowIdConflictPolicy: 'USE_EXISTING' as const, workflowIdReusePolicy: 'REJECT_DUPLICATE' as const }
          : { workflowIdConflictPolicy: 'FAIL' as const }),
      });
      return await this.temporal.withDeadline(Date.now() + STEP_TIMEOUT_MS, () =>
        this.temporal.workflow.executeUpdateWithStart(referralRecorded, { startWorkflowOperation }),
      );
    } catch (err) {
      throw problemFromTemporal(err, pathwayId);
    }
  }

  /**
   * The summary as the workflow last wrote it with the projection (same transaction as its events, so
   * a step's answer is already there: a step is answered once written), as of now. Needs no worker and
   * replays nothing. A stale write never overwrites a newer one (`projection_version`).
   */
  summary(pathway: PathwayRecord): PathwaySummary {
    return withCareTeam(summaryAsOf(pathway.summary as PathwaySummary, new Date()));
  }

  /** The live summary from the workflow (a query: its worker must be up); for a closed pathway (its workflow has ended), the last projection. */
  async liveSummary(pathway: PathwayRecord): Promise<PathwaySummary> {
    if (pathway.closedAt) return withCareTeam(pathway.summary as PathwaySummary);
    try {
      return await this.handle(pathway.id).query(summaryQuery);
    } catch (err) {
      throw problemFromTemporal(err, pathway.id);
    }
  }

  /**
   * What the caller reads of a summary: all of it, or for a care-team professional their part
   * (professionalView), as a member of the team of that very summary; no longer a member, no longer theirs.
   */
  asSeenBy(principal: Principal, pathway: PathwayRecord, summary: PathwaySummary): PathwaySummary | ProfessionalView {
    if (!principal.roles.includes('professional')) return summary;
    const member = principal.rpps ? memberWithRpps(summary.careTeam, principal.rpps) : undefined;
    if (!member) throw new ProblemException(HttpStatus.NOT_FOUND, 'Not found', `there is no pathway ${pathway.id}`);
    return professionalView(summary, member);
  }

  /**
   * Who acknowledges the plan: for a care-team professional, their member entry, which must be the
   * attending physician's (a nurse reaches the pathway but signs no plan: 403); the physician role's
   * acknowledgement is the attending physician's by default (the domain's `by`).
   */
  acknowledgerOf(principal: Principal, pathway: PathwayRecord): { by?: string } {
    if (!principal.roles.includes('professional')) return {};
    const member = this.access.memberOf(principal, pathway);
    if (member?.role !== 'ATTENDING_PHYSICIAN') throw forbidden('only the attending physician of the care team acknowledges the plan');
    return { by: member.id };
  }

  /** Pathways the caller reaches, filtered, newest referral first, a page at a time (from the projection). */
  async list(principal: Principal, query: ListPathwaysQueryDto): Promise<PathwayPageDto> {
    const scope = this.access.listScope(principal, query);
    try {
      const page = await listPathways(this.db, {
        stage: query.stage,
        territory: query.territory,
        caseManagerId: query.caseManagerId,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        cursor: query.cursor,
        scope,
      });
      return { items: page.items.map(listItem), nextCursor: page.nextCursor };
    } catch (err) {
      if (err instanceof InvalidCursorError) throw badRequest('the cursor is invalid', [{ field: 'cursor', message: err.message }]);
      throw err;
    }
  }

  /** Every event of the pathway so far, oldest first. */
  async timeline(pathway: PathwayRecord): Promise<TimelineEventDto[]> {
    const events = await listTimeline(this.db, pathway.id);
    return events.map((e) => ({ seq: e.seq, at: e.at.toISOString(), type: e.type, actor: e.actor, data: e.data }));
  }

  /**
   * A step. Its fields are checked first with the domain's rules (400 with `errors`); then the
   * workflow's validator accepts or rejects it against the live state (409 with stage and reason); the
   * answer is the new summary. The Idempotency-Key becomes the Temporal update id, so a retry attaches
   * to the update already sent instead of applying the step twice; Temporal deduplicates within a run,
   * and the workflow answers a retry landing on the run after a continue-as-new with the first answer
   * (libs/workflows handled-updates.ts).
   */
  step(pathway: PathwayWithPatient, command: PathwayCommand, principal: Principal, idempotencyKey?: string): Promise<PathwaySummary> {
    return countStep(command.type, () => this.sendStep(pathway, command, principal, idempotencyKey));
  }

  private async sendStep(pathway: PathwayWithPatient, command: PathwayCommand, principal: Principal, idempotencyKey?: string): Promise<PathwaySummary> {
    if (pathway.closedAt) {
      // Its workflow has ended: answered here, with the rejection the workflow would give.
      const { stage, reason } = closedPathwayRejection(pathway.closureReason ?? undefined);
      throw new ProblemException(HttpStatus.CONFLICT, 'Step not allowed', `rejected in stage ${stage}: ${reason}`, { stage, reason });
    }
    const seen = pathway.summary as Partial<PathwaySummary> | null;
    const errors = validateStepInput(command, {
      now: new Date(),
      referredAt: pathway.referredAt.toISOString(),
      hospitalAdmittedAt: seen?.episodes?.hospitalization?.admittedAt,
      planRecordedAt: seen?.plan && !seen.plan.acknowledgedAt ? seen.plan.recordedAt : undefined,
    });
    if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
    if (command.type === 'assignCaseManager') await this.checkAssignee(command.caseManagerId, pathway);
    const update = stepUpdates[command.type];
    try {
      return await this.temporal.withDeadline(Date.now() + STEP_TIMEOUT_MS, () =>
        this.handle(pathway.id).executeUpdate(update.name, {
          args: [{ actor: principal.sub, command }],
          ...(idempotencyKey ? { updateId: `${command.type}:${derivedId('step', principal, idempotencyKey)}` } : {}),
        }),
      ) as PathwaySummary;
    } catch (err) {
      throw problemFromTemporal(err, pathway.id);
    }
  }

  /**
   * The assignee must exist and work in the pathway's territory (422). Their capacity is not checked
   * here: the workflow reserves the slot in a transaction, which is the only check that holds under
   * concurrent assignments.
   */
  private async checkAssignee(caseManagerId: string, pathway: PathwayRecord): Promise<void> {
    const caseManager = await findCaseManager(this.db, caseManagerId);
    if (!caseManager) {
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Unknown case manager', `there is no case manager ${caseManagerId}`, { caseManagerId });
    }
    if (caseManager.territory !== pathway.territory) {
      throw new ProblemException(
        HttpStatus.UNPROCESSABLE_ENTITY,
        'Case manager of another territory',
        `case manager ${caseManagerId} works in territory ${caseManager.territory}; the pathway is in territory ${pathway.territory}`,
        { caseManagerId },
      );
    }
  }

  private handle(pathwayId: string): WorkflowHandle<typeof pathwayWorkflow> {
    return this.temporal.workflow.getHandle(pathwayWorkflowId(pathwayId));
  }
}

function listItem(p: PathwayRecord): PathwayListItemDto {
  const summary = p.summary as Partial<PathwaySummary> | null;
  return {
    id: p.id,
    stage: p.stage,
    territory: p.territory,
    caseManagerId: p.caseManagerId,
    patient: summary?.patient as PathwayListItemDto['patient'],
    referredAt: p.referredAt.toISOString(),
    nextDeadlineAt: p.nextDeadlineAt?.toISOString() ?? null,
    overdueSince: p.overdueSince?.toISOString() ?? null,
    stuckReason: p.stuckReason,
    flags: p.flags,
    closedAt: p.closedAt?.toISOString() ?? null,
    closureReason: p.closureReason,
    lastEventAt: p.lastEventAt.toISOString(),
  };
}
