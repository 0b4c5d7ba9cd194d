import { Controller, Get, Inject, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { findCaseManager, PathwayWithPatient } from '@pathway/persistence';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { notFound } from '../common/problem';
import { ApiProblems } from '../common/problem.dto';
import { DATABASE } from '../database/database.module';
import { PathwaysService } from '../pathways/pathways.service';
import { renderPlanPdf } from './plan-pdf';

@ApiTags('pathways')
@ApiBearerAuth()
@ApiProblems(401, 403, 404, 503)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id')
export class PlanPdfController {
  constructor(
    private readonly pathways: PathwaysService,
    @Inject(DATABASE) private readonly db: DataSource,
  ) {}

  @Get('plan.pdf')
  @ApiOperation({ summary: 'The current service plan (PSI / PPCS) as a French PDF to print or send; 404 before a plan is recorded' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'the plan', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  async planPdf(@CurrentPathway() pathway: PathwayWithPatient) {
    const summary = await this.pathways.summary(pathway);
    if (!summary.plan) throw notFound(`pathway ${pathway.id} has no service plan yet`);
    const caseManager = summary.caseManagerId ? await findCaseManager(this.db, summary.caseManagerId) : null;
    const pdf = await renderPlanPdf({ summary, caseManager: caseManager ?? undefined, at: new Date() });
    return new StreamableFile(pdf, { type: 'application/pdf', length: pdf.length, disposition: `inline; filename="plan-v${summary.plan.version}.pdf"` });
  }
}
