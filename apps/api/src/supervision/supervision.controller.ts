import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { CaseloadDto, IndicatorsDto, IndicatorsQueryDto, StuckPathwayDto, TerritoryQueryDto, WaitingPathwayDto } from './dto/supervision.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@ApiProblems(400, 401, 403)
@Roles('supervisor')
@Controller('api/v1/supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('stuck')
  @ApiOperation({
    summary: 'Stuck pathways of the territory (a deadline passed, inactivity, a failing activity), most overdue first',
    description:
      'From the projection and the activity failures the worker records, never by describing workflows: one entry per pathway, ' +
      'its oldest reason in `reason` and `since`, every reason in `reasons`, and `failingActivity` when an activity keeps failing.',
  })
  @ApiOkResponse({ type: [StuckPathwayDto] })
  stuck(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.supervision.stuck(user, query.territory);
  }

  @Get('indicators')
  @ApiOperation({
    summary: "The territory's indicators over a period [from, to)",
    description:
      'Computed in SQL from the timeline (events by the time the workflow recorded them) and the outbox: pathways opened and ' +
      'closed (by reason), median and 90th-percentile delays referral → first assessment and assessment → plan, share of plans ' +
      'acknowledged by the physician within their window, reminders sent, deadlines passed and pathways overdue now.',
  })
  @ApiOkResponse({ type: IndicatorsDto })
  indicators(@Query() query: IndicatorsQueryDto, @CurrentUser() user: Principal) {
    return this.supervision.indicators(user, query);
  }

  @Get('caseloads')
  @ApiOperation({ summary: 'Caseload of each case manager of the territory' })
  @ApiOkResponse({ type: [CaseloadDto] })
  caseloads(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.supervision.caseloads(user, query.territory);
  }

  @Get('waiting-list')
  @ApiOperation({ summary: 'Pathways accepted but not assigned, oldest first' })
  @ApiOkResponse({ type: [WaitingPathwayDto] })
  waitingList(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.supervision.waitingList(user, query.territory);
  }
}
