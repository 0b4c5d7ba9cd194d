import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { TemporalSettings } from '@pathway/config';
import { spreadWithinCapacity, validateAbsence } from '@pathway/domain';
import { AbsenceRecord, absencePhase, CaseManagerWithCaseload, findAbsence, findCaseManager, listAbsences, listUnplacedPathways, recordAbsence } from '@pathway/persistence';
import { AbsenceProgress, absenceWorkflow, absenceWorkflowId, coverageApplied, CoverProgress, placeUnplaced } from '@pathway/workflows';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { derivedId, derivedUuid } from '../common/idempotency/idempotency-key';
import { badRequest, notFound, ProblemException } from '../common/problem';
import { problemFromTemporal } from '../common/temporal-errors';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT, TEMPORAL_SETTINGS } from '../temporal/temporal.module';
import { AbsenceDto, AbsenceRecordDto, AbsenceViewDto, UnplacedPathwayDto } from './dto/absence.dto';

const COVERAGE_TIMEOUT_MS = 60_000;

/**
 * A case manager's absence: their open pathways are spread over the covering case managers by
 * remaining capacity, then an absence workflow (libs/workflows/src/absence.workflow.ts) moves them at
 * `from` and back at `to`, each through the pathway's own assignment Update (which reserves the slot
 * under the cap, and makes reminders follow the covering case manager). An absence is a fact: what the
 * cover has no room for is recorded as unplaced (issue 19), for a supervisor to place; meanwhile the
 * reminders of those pathways go to the territory's supervisor contact (the worker's reminder context).
 */
@Injectable()
export class AbsencesService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(TEMPORAL_SETTINGS) private readonly settings: TemporalSettings,
    private readonly access: PathwayAccess,
  ) {}

  async declare(caseManagerId: string, input: AbsenceDto, principal: Principal, idempotencyKey?: string): Promise<AbsenceViewDto> {
    const absent = await findCaseManager(this.db, caseManagerId);
    if (!absent) throw notFound(`there is no case manager ${caseManagerId}`);
    this.access.assertTerritory(principal, absent.territory, ['supervisor'], 'an absence');
    const now = Date.now();
    const errors = validateAbsence(input, new Date(now));
    if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
    const covering = await this.coveringCaseManagers(absent, input.coveredBy);

    const pathwayIds = await this.openPathwaysOf(caseManagerId);
    const { covers, unplaced } = spreadWithinCapacity(pathwayIds, covering);

    const absenceId = idempotencyKey ? derivedUuid('absence', principal, idempotencyKey) : randomUUID();
    // Recorded before its workflow starts: the workflow's first moves free the absent case manager's
    // slots, and the waiting list must already see them away (no offer to an absent case manager). A
    // retry with the same key finds the same id and writes nothing twice; should the start fail, the
    // row errs on the side of not offering until the request is retried.
    await recordAbsence(this.db, {
      id: absenceId,
      caseManagerId,
      territory: absent.territory,
      from: input.from,
      to: input.to,
      coveredBy: input.coveredBy,
      unplaced,
      declaredBy: principal.sub,
    });
    try {
      const handle = await this.temporal.workflow.start(absenceWorkflow, {
        workflowId: absenceWorkflowId(caseManagerId, absenceId),
        taskQueue: this.settings.taskQueue,
        args: [{ absenceId, caseManagerId, from: input.from, to: input.to, covers, unplaced, actor: principal.sub }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      let progress: AbsenceProgress = { phase: 'SCHEDULED', covers };
      // An absence starting now answers once the pathways have moved, so the answer says what moved.
      if (Date.parse(input.from) <= now) {
        progress = await this.temporal.withDeadline(Date.now() + COVERAGE_TIMEOUT_MS, () => handle.executeUpdate(coverageApplied));
      }
      return { absenceId, caseManagerId, from: input.from, to: input.to, phase: progress.phase, covers: progress.covers, unplaced };
    } catch (err) {
      throw problemFromTemporal(err);
    }
  }

  /** The case manager's absences (supervisor of their territory), the latest first, each with its phase now. */
  async list(caseManagerId: string, principal: Principal): Promise<AbsenceRecordDto[]> {
    await this.supervisedCaseManager(caseManagerId, principal);
    const now = new Date();
    return (await listAbsences(this.db, caseManagerId)).map((a) => ({
      absenceId: a.id,
      caseManagerId: a.caseManagerId,
      territory: a.territory,
      from: a.from.toISOString(),
      to: a.to.toISOString(),
      coveredBy: a.coveredBy,
      declaredBy: a.declaredBy,
      declaredAt: a.declaredAt.toISOString(),
      phase: absencePhase(a, now),
    }));
  }

  /** The pathways the absence left unplaced, each with where it stands now (supervisor of the territory). */
  async unplaced(caseManagerId: string, absenceId: string, principal: Principal): Promise<UnplacedPathwayDto[]> {
    const { absence } = await this.absenceOf(caseManagerId, absenceId, principal);
    const ended = absencePhase(absence) === 'RETURNED';
    return (await listUnplacedPathways(this.db, absence.id)).map((p) => ({
      pathwayId: p.pathwayId,
      patient: p.patient,
      caseManagerId: p.caseManagerId,
      status: p.closed ? 'CLOSED' : p.caseManagerId !== caseManagerId ? 'PLACED' : ended ? 'RETURNED' : 'TO_PLACE',
    }));
  }

  /**
   * Places one unplaced pathway on a case manager with room, until the absence ends (the absence
   * workflow's `placeUnplaced`, through the pathway's assignment Update: the cap holds). 409 when it is not
   * to place now or the case manager is full.
   */
  async place(caseManagerId: string, absenceId: string, pathwayId: string, onto: string, principal: Principal, idempotencyKey?: string): Promise<CoverProgress> {
    const { absence, absent } = await this.absenceOf(caseManagerId, absenceId, principal);
    // Said here too: once the absence is over its workflow has ended and could not answer the Update.
    const phase = absencePhase(absence);
    if (phase !== 'COVERED') {
      const reason = phase === 'SCHEDULED' ? 'the absence has not begun' : 'the absence has ended';
      throw new ProblemException(HttpStatus.CONFLICT, 'Pathway not placed', `pathway ${pathwayId} was not placed: ${reason}`, { reason });
    }
    await this.coveringCaseManagers(absent, [onto]);
    let placed: CoverProgress;
    try {
      placed = await this.temporal.withDeadline(Date.now() + COVERAGE_TIMEOUT_MS, () =>
        this.temporal.workflow.getHandle(absenceWorkflowId(caseManagerId, absence.id)).executeUpdate(placeUnplaced, {
          args: [{ pathwayId, caseManagerId: onto, actor: principal.sub }],
          ...(idempotencyKey ? { updateId: `placeUnplaced:${derivedId('absence-placement', principal, idempotencyKey)}` } : {}),
        }),
      );
    } catch (err) {
      throw problemFromTemporal(err);
    }
    if (placed.cover?.status !== 'MOVED') {
      const reason = placed.cover?.reason ?? 'not moved';
      throw new ProblemException(HttpStatus.CONFLICT, 'Pathway not placed', `pathway ${pathwayId} was not placed on ${onto}: ${reason}`, { reason });
    }
    return placed;
  }

  /** The absence, if it is this case manager's and the principal supervises their territory (404 otherwise). */
  private async absenceOf(caseManagerId: string, absenceId: string, principal: Principal): Promise<{ absence: AbsenceRecord; absent: CaseManagerWithCaseload }> {
    const absent = await this.supervisedCaseManager(caseManagerId, principal);
    const absence = await findAbsence(this.db, absenceId);
    if (!absence || absence.caseManagerId !== caseManagerId) throw notFound(`there is no absence ${absenceId} of ${caseManagerId}`);
    return { absence, absent };
  }

  /** The case manager, if the principal supervises their territory (404 for an unknown one, 403 for another territory). */
  private async supervisedCaseManager(caseManagerId: string, principal: Principal): Promise<CaseManagerWithCaseload> {
    const caseManager = await findCaseManager(this.db, caseManagerId);
    if (!caseManager) throw notFound(`there is no case manager ${caseManagerId}`);
    this.access.assertTerritory(principal, caseManager.territory, ['supervisor'], "a case manager's absences");
    return caseManager;
  }

  /** The covering case managers: existing, of the absent one's territory, not the absent one (422). */
  private async coveringCaseManagers(absent: CaseManagerWithCaseload, ids: string[]): Promise<CaseManagerWithCaseload[]> {
    const found: CaseManagerWithCaseload[] = [];
    for (const id of ids) {
      const cm = id === absent.id ? null : await findCaseManager(this.db, id);
      if (!cm || cm.territory !== absent.territory) {
        const why = id === absent.id ? 'is the absent case manager' : !cm ? 'does not exist' : `works in territory ${cm.territory}, not ${absent.territory}`;
        throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Case manager cannot cover', `case manager ${id} ${why}`, { caseManagerId: id });
      }
      found.push(cm);
    }
    return found;
  }

  /** The pathways whose caseload slot the case manager holds (a slot is freed at closure), oldest first. */
  private async openPathwaysOf(caseManagerId: string): Promise<string[]> {
    const rows: { pathway_id: string }[] = await this.db.query(
      `SELECT a.pathway_id FROM caseload_assignments a JOIN pathways p ON p.id = a.pathway_id
        WHERE a.case_manager_id = $1 AND p.closed_at IS NULL ORDER BY a.assigned_at, a.pathway_id`,
      [caseManagerId],
    );
    return rows.map((r) => r.pathway_id);
  }
}
