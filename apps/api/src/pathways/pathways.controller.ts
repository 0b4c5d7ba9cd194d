import { Body, Controller, Get, HttpCode, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser, OpenToProfessionals, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { CreatePathwayDto } from './dto/create-pathway.dto';
import { ListPathwaysQueryDto, PathwayPageDto, TimelineEventDto } from './dto/list-pathways.dto';
import { PathwaySummaryDto } from './dto/pathway-summary.dto';
import { SummaryQueryDto } from './dto/summary-query.dto';
import { PathwaysService } from './pathways.service';

@ApiTags('pathways')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/pathways')
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @Post()
  @HttpCode(201)
  @Roles('intake')
  @ApiOperation({ summary: 'Record a referral: opens the pathway (stage REFERRED)' })
  @ApiCreatedResponse({ type: PathwaySummaryDto, description: 'the new pathway summary' })
  @ApiProblems(400, 409, 413, 422, 503)
  refer(@Body() body: CreatePathwayDto, @CurrentUser() user: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.refer(body, user, key);
  }

  @Get()
  @OpenToProfessionals()
  @ApiOperation({ summary: 'Pathways the caller reaches, newest referral first, a page at a time (from the projection)' })
  @ApiOkResponse({ type: PathwayPageDto })
  @ApiProblems(400)
  list(@Query() query: ListPathwaysQueryDto, @CurrentUser() user: Principal) {
    return this.pathways.list(user, query);
  }

  // A care-team professional reads their part only (PathwaysService.asSeenBy; README, Security).
  @Get(':id')
  @OpenToProfessionals()
  @UseGuards(PathwayAccessGuard)
  @ApiParam({ name: 'id', description: 'pathway id' })
  @ApiOperation({
    summary: "A pathway's summary: from the projection its workflow writes with every event (no worker needed), or live from the workflow (?consistency=live)",
  })
  @ApiOkResponse({
    type: PathwaySummaryDto,
    headers: {
      'X-Summary-Version': { description: "the projection's version (the pathway's last event seq) the summary was read at", schema: { type: 'integer' } },
      'X-Summary-Consistency': { description: '`projection` or `live`', schema: { type: 'string' } },
    },
  })
  @ApiProblems(400, 404, 503)
  async get(@CurrentPathway() pathway: PathwayWithPatient, @CurrentUser() user: Principal, @Query() query: SummaryQueryDto, @Res({ passthrough: true }) res: Response) {
    const consistency = query.consistency ?? 'projection';
    res.setHeader('X-Summary-Consistency', consistency);
    if (consistency === 'projection') res.setHeader('X-Summary-Version', String(pathway.projectionVersion));
    const summary = consistency === 'live' ? await this.pathways.liveSummary(pathway) : this.pathways.summary(pathway);
    return this.pathways.asSeenBy(user, pathway, summary);
  }

  @Get(':id/timeline')
  @UseGuards(PathwayAccessGuard)
  @ApiParam({ name: 'id', description: 'pathway id' })
  @ApiOperation({ summary: 'Every event of the pathway so far, oldest first' })
  @ApiOkResponse({ type: [TimelineEventDto] })
  @ApiProblems(404)
  timeline(@CurrentPathway() pathway: PathwayWithPatient) {
    return this.pathways.timeline(pathway);
  }
}
