import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { CaseManagersService } from './case-managers.service';
import { CaseManagerDto, CreateCaseManagerDto, ListCaseManagersQueryDto } from './dto/case-manager.dto';

@ApiTags('case managers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/case-managers')
export class CaseManagersController {
  constructor(private readonly caseManagers: CaseManagersService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Add a case manager (capacity defaults to 40); a supervisor adds to their own territory' })
  @ApiCreatedResponse({ type: CaseManagerDto })
  @ApiProblems(400, 409, 413, 422)
  create(@Body() body: CreateCaseManagerDto, @CurrentUser() user: Principal) {
    return this.caseManagers.create(body, user);
  }

  @Get()
  @Roles('supervisor')
  @ApiOperation({ summary: "The supervisor's case managers with their current caseload" })
  @ApiOkResponse({ type: [CaseManagerDto] })
  @ApiProblems(400)
  list(@Query() query: ListCaseManagersQueryDto, @CurrentUser() user: Principal) {
    return this.caseManagers.list(user, query.territory);
  }
}
