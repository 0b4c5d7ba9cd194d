import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK_KINDS, CLOCK_RULES, ClockKind, OVERDUE_CODES, PathwaySummary, STUCK_CODES, StuckCode, stuckSentence } from '@pathway/domain';
import {
  DelayStatistics,
  listCaseManagersWithCaseload,
  listOpenWaitingListOffers,
  listPathwaysInStage,
  listStuckReasons,
  StuckReasonRow,
  territoryIndicators,
  UNPROCESSED_DEADLINE_GRACE_MS,
} from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { badRequest } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { CaseloadDto, DelayDto, IndicatorsDto, StuckPathwayDto, SupervisionStuckCode, SupervisionStuckReasonDto, WaitingPathwayDto } from './dto/supervision.dto';

/** Default indicator period, and the longest one answered (an annual report, with room to spare). */
const DEFAULT_PERIOD_MS = 30 * 86_400_000;
const MAX_PERIOD_MS = 731 * 86_400_000;

/**
 * The stuck code of a sentence a worker of before issue 22 still wrote in `stuck_reason` (a rolling
 * deployment, until the pathway's next write): read as its code, so such a row is listed alike.
 */
const CODE_OF_LEGACY_SENTENCE = new Map<string, StuckCode>(CLOCK_KINDS.map((kind) => [CLOCK_RULES[kind].overdueReason, kind]));

const isStuckCode = (code: string | null | undefined): code is StuckCode => Boolean(code) && (STUCK_CODES as readonly string[]).includes(code as string);
const asClock = (kind: string | null | undefined): ClockKind | undefined =>
  kind && (CLOCK_KINDS as readonly string[]).includes(kind) ? (kind as ClockKind) : undefined;

/**
 * A row of the stuck list as the API sends it: its stable `code` (the key clients filter, count and
 * translate by), the clock when it is one, and the English sentence for display only, worded by the
 * domain from the code (so rewording a sentence changes no key). The projection stores the code of the
 * oldest reason (`stuck_reason`). `unprocessedDeadline` with an unknown clock has the code `deadlinePassed`.
 */
export function stuckReasonOf(row: Pick<StuckReasonRow, 'source' | 'reason' | 'activityType' | 'deadlineKind'>): {
  code: SupervisionStuckCode;
  reason: string;
  clock?: ClockKind;
} {
  if (row.source === 'activity') return { code: 'activityFailing', reason: stuckSentence('activityFailing', row.activityType ?? 'unknown') };
  if (row.source === 'unprocessedDeadline') {
    const clock = asClock(row.deadlineKind);
    const suffix = " (not yet processed by the pathway's workflow)";
    return clock ? { code: clock, reason: `${stuckSentence(clock)}${suffix}`, clock } : { code: 'deadlinePassed', reason: `a deadline passed${suffix}` };
  }
  const code = isStuckCode(row.reason) ? row.reason : CODE_OF_LEGACY_SENTENCE.get(row.reason ?? '') ?? (row.reason?.startsWith('activity ') ? 'activityFailing' : undefined);
  if (!code) return { code: 'deadlinePassed', reason: row.reason ?? 'stuck' };
  const clock = asClock(code);
  return { code, reason: stuckSentence(code), ...(clock ? { clock } : {}) };
}

/** Seconds as an ISO-8601 duration in days and time (months are not a fixed length), to the millisecond: 1641600.5 → P19DT0.5S. */
export function isoDuration(seconds: number | null): string | null {
  if (seconds === null) return null;
  const millis = Math.round(Math.abs(seconds) * 1000);
  const days = Math.floor(millis / 86_400_000);
  const hours = Math.floor((millis % 86_400_000) / 3_600_000);
  const minutes = Math.floor((millis % 3_600_000) / 60_000);
  const secs = (millis % 60_000) / 1000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${secs ? `${secs}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `${seconds < 0 ? '-' : ''}P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

const delay = (d: DelayStatistics): DelayDto => ({ ...d, median: isoDuration(d.medianSeconds), p90: isoDuration(d.p90Seconds) });

/** What a supervisor (pilote MAIA) watches in their territory: SQL over the projection, timeline and outbox. */
@Injectable()
export class SupervisionService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
  ) {}

  /**
   * Open pathways stuck by PATHWAY.md's definition (a deadline passed, inactivity, an activity that keeps
   * failing), one entry per pathway with its oldest reason first, most overdue pathway first.
   */
  async stuck(principal: Principal, territory?: string): Promise<StuckPathwayDto[]> {
    const rows = await listStuckReasons(this.db, {
      territory: this.access.supervisedTerritory(principal, territory),
      deadlinesPassedBefore: new Date(Date.now() - UNPROCESSED_DEADLINE_GRACE_MS),
    });
    // Rows come oldest reason first, so a pathway's first row places it and gives its main reason.
    const byPathway = new Map<string, StuckPathwayDto>();
    for (const row of rows) {
      const reason: SupervisionStuckReasonDto = { ...stuckReasonOf(row), since: row.since?.toISOString() ?? null, source: row.source };
      let entry = byPathway.get(row.pathwayId);
      if (!entry) {
        entry = {
          pathwayId: row.pathwayId,
          // A pathway whose very first write keeps failing has no projected stage yet: it is a referral.
          stage: row.stage ?? 'REFERRED',
          code: reason.code,
          reason: reason.reason,
          ...(reason.clock ? { clock: reason.clock } : {}),
          since: reason.since,
          caseManagerId: row.caseManagerId,
          reasons: [],
        };
        byPathway.set(row.pathwayId, entry);
      }
      // The workflow and the worker both report a failing activity: one reason, the earlier "since".
      if (!entry.reasons.some((r) => r.code === reason.code)) entry.reasons.push(reason);
      if (row.source === 'activity' && !entry.failingActivity) {
        entry.failingActivity = {
          activityType: row.activityType ?? 'unknown',
          attempts: row.attempts ?? 0,
          since: reason.since ?? '',
          lastFailedAt: row.lastFailedAt?.toISOString() ?? '',
          ...(row.lastError ? { lastError: row.lastError } : {}),
        };
      }
    }
    return [...byPathway.values()];
  }

  /** The territory's indicators over [from, to), from the timeline and the outbox. */
  async indicators(principal: Principal, query: { territory?: string; from?: string; to?: string }): Promise<IndicatorsDto> {
    const territory = this.access.supervisedTerritory(principal, query.territory);
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DEFAULT_PERIOD_MS);
    if (from.getTime() >= to.getTime()) {
      throw badRequest('the period is empty', [{ field: 'from', message: `from (${from.toISOString()}) must be before to (${to.toISOString()})` }]);
    }
    if (to.getTime() - from.getTime() > MAX_PERIOD_MS) {
      throw badRequest('the period is too long', [{ field: 'to', message: 'the period may span at most 731 days (two years)' }]);
    }
    const found = await territoryIndicators(this.db, { territory, from, to, overdueCodes: OVERDUE_CODES });
    const windows = found.planAcknowledgement.acknowledgedInTime + found.planAcknowledgement.windowEnded;
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
    return {
      territory,
      from: from.toISOString(),
      to: to.toISOString(),
      pathways: { opened: found.opened, closed: sum(found.closedByReason), closedByReason: found.closedByReason },
      delays: { referralToFirstAssessment: delay(found.referralToFirstAssessment), assessmentToPlan: delay(found.assessmentToPlan) },
      planAcknowledgement: { ...found.planAcknowledgement, shareInTime: windows ? found.planAcknowledgement.acknowledgedInTime / windows : null },
      reminders: { sent: found.remindersSent, sentByRecipient: found.remindersSentByRecipient },
      overdue: { deadlinesPassed: sum(found.deadlinesPassedByKind), deadlinesPassedByKind: found.deadlinesPassedByKind, pathwaysOverdueNow: found.pathwaysOverdueNow },
    };
  }

  async caseloads(principal: Principal, territory?: string): Promise<CaseloadDto[]> {
    const rows = await listCaseManagersWithCaseload(this.db, { territory: this.access.supervisedTerritory(principal, territory) });
    return rows.map((cm) => ({ caseManagerId: cm.id, name: cm.name, active: cm.active, capacity: cm.capacity, available: Math.max(0, cm.capacity - cm.active) }));
  }

  /** Pathways accepted but not assigned, oldest referral first. */
  async waitingList(principal: Principal, territory?: string): Promise<WaitingPathwayDto[]> {
    const own = this.access.supervisedTerritory(principal, territory);
    const [rows, offers] = await Promise.all([listPathwaysInStage(this.db, { stage: 'AWAITING_ASSIGNMENT', territory: own }), listOpenWaitingListOffers(this.db, { territory: own })]);
    const offerOf = new Map(offers.map((o) => [o.pathwayId, o]));
    return rows.map((p) => {
      const offer = offerOf.get(p.id);
      const summary = p.summary as Partial<PathwaySummary> | null;
      return {
        pathwayId: p.id,
        territory: p.territory,
        patient: summary?.patient as WaitingPathwayDto['patient'],
        referredAt: p.referredAt.toISOString(),
        waitingSince: summary?.stageSince ?? null,
        assignmentDueAt: summary?.deadlines?.find((d) => d.kind === 'assignmentDue')?.dueAt ?? null,
        offeredTo: offer ? { offerId: offer.id, caseManagerId: offer.caseManagerId, offeredAt: offer.offeredAt.toISOString() } : null,
      };
    });
  }
}
