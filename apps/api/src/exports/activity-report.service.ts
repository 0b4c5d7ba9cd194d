import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { territoryActivity } from '@pathway/persistence';
import type { Principal } from '../auth/principal';
import { PathwayAccess } from '../common/access/pathway-access';
import { DATABASE } from '../database/database.module';
import { SupervisionService } from '../supervision/supervision.service';
import { ActivityReportDto } from './dto/activity-report.dto';

/** The annual activity report of a territory: its own SQL (territoryActivity) and the indicators' over the year. */
@Injectable()
export class ActivityReportService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    private readonly access: PathwayAccess,
    private readonly supervision: SupervisionService,
  ) {}

  async annual(principal: Principal, query: { territory?: string; year?: number }): Promise<ActivityReportDto> {
    const territory = this.access.supervisedTerritory(principal, query.territory);
    const year = query.year ?? new Date().getUTCFullYear();
    const from = new Date(Date.UTC(year, 0, 1));
    const to = new Date(Date.UTC(year + 1, 0, 1));
    const [indicators, activity] = await Promise.all([
      this.supervision.indicators(principal, { territory, from: from.toISOString(), to: to.toISOString() }),
      territoryActivity(this.db, { territory, from, to }),
    ]);
    return {
      territory,
      year,
      from: from.toISOString(),
      to: to.toISOString(),
      openAtStart: activity.openAtStart,
      opened: indicators.pathways.opened,
      closed: indicators.pathways.closed,
      closedByReason: indicators.pathways.closedByReason,
      activeInPeriod: activity.activeInPeriod,
      activeByCaseManager: activity.activeByCaseManager,
      activeUnassigned: activity.activeUnassigned,
      delays: indicators.delays,
      girDistribution: activity.girDistribution,
    };
  }
}
