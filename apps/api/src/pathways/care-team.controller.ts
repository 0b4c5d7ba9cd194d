/**
 * The care team of a pathway (cercle de soins): members added, changed and removed. Each is a step like
 * the others (a Temporal Update whose validator runs the domain's rules: 400 naming the field, 409 with
 * the reason, nothing half-applied), each on the timeline, an Idempotency-Key as on every POST.
 */
import { applyDecorators, Body, Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { CareTeamMemberBodyDto, CareTeamRemovalDto } from './dto/care-team.dto';
import { PathwaySummaryDto } from './dto/pathway-summary.dto';
import { PathwaysService } from './pathways.service';

function CareTeamStep(path: string, summary: string) {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    Roles('case_manager'),
    ApiOperation({ summary: `${summary} (case_manager)` }),
    ApiOkResponse({ type: PathwaySummaryDto, description: 'the change was accepted: the new summary (its careTeam)' }),
    ApiProblems(400, 404, 409, 413, 422, 503),
  );
}

@ApiTags('care team')
@ApiBearerAuth()
@ApiProblems(401, 403)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id/care-team')
export class CareTeamController {
  constructor(private readonly pathways: PathwaysService) {}

  @CareTeamStep('', 'Add a member to the care team')
  add(@Body() body: CareTeamMemberBodyDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'addCareTeamMember', member: { ...body.member } }, u, key);
  }

  @CareTeamStep(':memberId', "Change a member's role, name, contacts or identifier (the whole member is given)")
  @ApiParam({ name: 'memberId', description: 'the member id (`physician`, `caregiver`, `m1`…)' })
  change(
    @Param('memberId') memberId: string,
    @Body() body: CareTeamMemberBodyDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'updateCareTeamMember', memberId, member: { ...body.member } }, u, key);
  }

  @CareTeamStep(':memberId/removal', 'Remove a member (not the attending physician, not one providing a service of the plan)')
  @ApiParam({ name: 'memberId', description: 'the member id' })
  remove(
    @Param('memberId') memberId: string,
    @Body() body: CareTeamRemovalDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'removeCareTeamMember', memberId, ...body }, u, key);
  }
}
