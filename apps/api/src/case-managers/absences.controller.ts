import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { AbsencesService } from './absences.service';
import { AssignmentDto } from '../pathways/dto/assignment.dto';
import { AbsenceCoverDto, AbsenceDto, AbsenceRecordDto, AbsenceViewDto, UnplacedPathwayDto } from './dto/absence.dto';

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
  @ApiOperation({
    summary:
      "Declare an absence (a fact, always recorded): the case manager's open pathways move to the covering case managers for the period within their caps; those that do not fit are `unplaced`, for a supervisor to place (supervisor)",
  })
  @ApiCreatedResponse({ type: AbsenceViewDto })
  // 409 only while a request with the same Idempotency-Key is in progress: too little cover is no longer a refusal.
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

  @Get(':absenceId/unplaced')
  @Roles('supervisor')
  @ApiParam({ name: 'id', description: 'the absent case manager' })
  @ApiOperation({ summary: 'The pathways the absence left unplaced (no covering case manager had room), each TO_PLACE, PLACED, CLOSED or RETURNED (supervisor of their territory)' })
  @ApiOkResponse({ type: [UnplacedPathwayDto] })
  @ApiProblems(404)
  unplaced(@Param('id') id: string, @Param('absenceId') absenceId: string, @CurrentUser() user: Principal) {
    return this.absences.unplaced(id, absenceId, user);
  }

  @Post(':absenceId/unplaced/:pathwayId/placement')
  @HttpCode(200)
  @Roles('supervisor')
  @ApiParam({ name: 'id', description: 'the absent case manager' })
  @ApiOperation({ summary: 'Place an unplaced pathway on a case manager with room until the absence ends, when it returns with the others; 409 outside the absence, or when they are full (supervisor)' })
  @ApiOkResponse({ type: AbsenceCoverDto })
  @ApiProblems(400, 404, 409, 422, 503)
  place(
    @Param('id') id: string,
    @Param('absenceId') absenceId: string,
    @Param('pathwayId') pathwayId: string,
    @Body() body: AssignmentDto,
    @CurrentUser() user: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.absences.place(id, absenceId, pathwayId, body.caseManagerId, user, key);
  }
}
