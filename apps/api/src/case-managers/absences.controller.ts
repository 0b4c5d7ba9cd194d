import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { AbsencesService } from './absences.service';
import { AbsenceDto, AbsenceViewDto } from './dto/absence.dto';

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
}
