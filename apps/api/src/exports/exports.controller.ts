/**
 * CSV exports for supervisors (issue 19) and the annual activity report: each CSV is built from the very
 * answer of its JSON route (SupervisionService, ActivityReportService: the same SQL as the screens).
 */
import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { IndicatorsQueryDto, TerritoryQueryDto } from '../supervision/dto/supervision.dto';
import { SupervisionService } from '../supervision/supervision.service';
import { ActivityReportService } from './activity-report.service';
import { CSV_CONTENT_TYPE } from './csv';
import { ActivityReportDto, ActivityReportQueryDto } from './dto/activity-report.dto';
import { activityReportCsv, caseloadsCsv, indicatorsCsv, stuckCsv, waitingListCsv } from './exports';

const CSV = { description: 'UTF-8 with BOM, `;`-separated, French headers', content: { 'text/csv': { schema: { type: 'string' } } } };
const attachment = (name: string) => `attachment; filename="${name}.csv"`;

@ApiTags('supervision')
@ApiBearerAuth()
@ApiProblems(400, 401, 403)
@Roles('supervisor')
@Controller('api/v1/supervision')
export class ExportsController {
  constructor(
    private readonly supervision: SupervisionService,
    private readonly reports: ActivityReportService,
  ) {}

  @Get('annual-report')
  @ApiOperation({ summary: 'Annual activity report of the territory: open at start, opened, closed by reason, active per case manager, median delays, GIR distribution' })
  @ApiOkResponse({ type: ActivityReportDto })
  annualReport(@Query() query: ActivityReportQueryDto, @CurrentUser() user: Principal) {
    return this.reports.annual(user, query);
  }

  @Get('exports/annual-report.csv')
  @Header('Content-Type', CSV_CONTENT_TYPE)
  @ApiOperation({ summary: 'The annual activity report as CSV' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  async annualReportCsv(@Query() query: ActivityReportQueryDto, @CurrentUser() user: Principal) {
    const report = await this.reports.annual(user, query);
    return this.csv(activityReportCsv(report), `rapport-activite-${report.territory}-${report.year}`);
  }

  @Get('exports/caseloads.csv')
  @Header('Content-Type', CSV_CONTENT_TYPE)
  @ApiOperation({ summary: 'Caseloads as CSV (GET /supervision/caseloads)' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  async caseloads(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.csv(caseloadsCsv(await this.supervision.caseloads(user, query.territory)), 'portefeuilles');
  }

  @Get('exports/stuck.csv')
  @Header('Content-Type', CSV_CONTENT_TYPE)
  @ApiOperation({ summary: 'The stuck list as CSV (GET /supervision/stuck)' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  async stuck(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.csv(stuckCsv(await this.supervision.stuck(user, query.territory)), 'parcours-bloques');
  }

  @Get('exports/waiting-list.csv')
  @Header('Content-Type', CSV_CONTENT_TYPE)
  @ApiOperation({ summary: 'The waiting list as CSV (GET /supervision/waiting-list)' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  async waitingList(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.csv(waitingListCsv(await this.supervision.waitingList(user, query.territory)), 'liste-attente');
  }

  @Get('exports/indicators.csv')
  @Header('Content-Type', CSV_CONTENT_TYPE)
  @ApiOperation({ summary: 'The indicators of a period as CSV (GET /supervision/indicators)' })
  @ApiProduces('text/csv')
  @ApiOkResponse(CSV)
  async indicators(@Query() query: IndicatorsQueryDto, @CurrentUser() user: Principal) {
    return this.csv(indicatorsCsv(await this.supervision.indicators(user, query)), 'indicateurs');
  }

  private csv(body: string, name: string): StreamableCsv {
    return new StreamableCsv(body, attachment(name));
  }
}

/** A CSV answer as a file (its Content-Disposition), through the interceptors like any answer (the audit trail). */
class StreamableCsv extends StreamableFile {
  constructor(body: string, disposition: string) {
    super(Buffer.from(body, 'utf8'), { type: CSV_CONTENT_TYPE, disposition });
  }
}
