import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { AbsencesService } from './absences.service';
import { AbsenceDto, AbsenceRecordDto, AbsenceViewDto } from './dto/absence.dto';

@ApiTags('case managers')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/case-managers/:id/absences')
export class AbsencesController {
  constructor(private readonly absences: AbsencesService) {}

  @Post()
  @HttpCode(201)
  @Roles('supervisor')
  @ApiParam({ name: 'id', description: 'the absent case manager' })
  @ApiOperation({ summary: "Declare an absence: the case manager's open pathways move to the covering case managers for the period, caps kept (supervisor)" })
  @ApiCreatedResponse({ type: AbsenceViewDto })
  @ApiProblems(400, 404, 409, 413, 422, 503)
  declare(@Param('id') id: string, @Body() body: AbsenceDto, @CurrentUser() user: Principal, @IdempotencyKey() key?: string) {
    return this.absences.declare(id, body, user, key);
  }

  @Get()
  @Roles('supervisor')
  @ApiParam({ name: 'id', description: 'the case manager' })
  @ApiOperation({ summary: "The case manager's declared absences, the latest first, each with its phase now (supervisor of their territory)" })
  @ApiOkResponse({ type: [AbsenceRecordDto] })
  @ApiProblems(404)
  list(@Param('id') id: string, @CurrentUser() user: Principal) {
    return this.absences.list(id, user);
  }
}
