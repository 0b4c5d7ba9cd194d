import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { UpcomingReminder } from '@pathway/domain';
import { listReminders, PathwayRecord } from '@pathway/persistence';
import { pathwayWorkflowId, upcomingRemindersQuery } from '@pathway/workflows';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { problemFromTemporal } from '../common/temporal-errors';
import { DATABASE } from '../database/database.module';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { ReminderDto } from './dto/reminder.dto';

/** A pathway's reminders: those in the outbox (sent or to send), then those its workflow will send later. */
@Injectable()
export class RemindersService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: PathwayAccess,
  ) {}

  async list(principal: Principal, pathwayId: string): Promise<ReminderDto[]> {
    const pathway = await this.access.reachable(principal, pathwayId);
    const outbox: ReminderDto[] = (await listReminders(this.db, { pathwayId: pathway.id })).map((r) => ({
      id: r.id,
      pathwayId: r.pathwayId,
      recipientRole: r.recipientRole,
      channel: r.channel,
      kind: r.kind,
      dueAt: r.dueAt.toISOString(),
      ...(r.sentAt ? { sentAt: r.sentAt.toISOString() } : {}),
      status: r.status,
      ...(typeof r.payload.deadlineAt === 'string' ? { deadlineAt: r.payload.deadlineAt } : {}),
      attempts: r.attempts,
      ...(r.lastError ? { lastError: r.lastError } : {}),
      ...(r.status === 'failed' && r.nextAttemptAt ? { nextAttemptAt: r.nextAttemptAt.toISOString() } : {}),
    }));
    const upcoming = (await this.upcoming(pathway)).map((u) => ({
      id: `upcoming:${u.clock}:${u.recipientRole}:${u.remindAt}`,
      pathwayId: pathway.id,
      recipientRole: u.recipientRole,
      channel: 'email',
      // The kind the outbox will give it (libs/domain notifications.ts: REMINDER_DUE).
      kind: u.clock === 'reassessmentDue' && u.recipientRole === 'caregiver' ? 'reassessmentVisit' : `${u.clock}Reminder`,
      dueAt: u.remindAt,
      status: 'upcoming',
      deadlineAt: u.dueAt,
    }));
    return [...outbox, ...upcoming].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  }

  /** Closure cancels every pending reminder, and a closed pathway's workflow has ended: nothing to ask. */
  private async upcoming(pathway: PathwayRecord): Promise<UpcomingReminder[]> {
    if (pathway.closedAt) return [];
    try {
      return await this.temporal.workflow.getHandle(pathwayWorkflowId(pathway.id)).query(upcomingRemindersQuery);
    } catch (err) {
      throw problemFromTemporal(err, pathway.id);
    }
  }
}
