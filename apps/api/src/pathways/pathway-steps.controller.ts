/**
 * The steps of a pathway (API.md): each one is a Temporal Update of the pathway's workflow, answered
 * once the workflow has accepted (200, the new summary) or rejected it (409, stage and reason).
 */
import { applyDecorators, Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal, Role } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { AssessmentDto } from './dto/assessment.dto';
import { AssignmentDto } from './dto/assignment.dto';
import { ClosureDto } from './dto/closure.dto';
import { ConsentDto } from './dto/consent.dto';
import { ContactDto } from './dto/contact.dto';
import { EligibilityDto } from './dto/eligibility.dto';
import { HospitalAdmissionDto, HospitalDischargeDto } from './dto/hospitalization.dto';
import { InstitutionalizationDto } from './dto/institutionalization.dto';
import { PathwaySummaryDto } from './dto/pathway-summary.dto';
import { PlanAcknowledgementDto } from './dto/plan-acknowledgement.dto';
import { PlanDto } from './dto/plan.dto';
import { PathwaysService } from './pathways.service';

/** A step route: POST, 200 with the new summary, the roles of API.md's "who" column. */
function Step(path: string, summary: string, ...roles: Role[]) {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    Roles(...roles),
    ApiOperation({ summary: `${summary} (${roles.join(', ')})` }),
    ApiOkResponse({ type: PathwaySummaryDto, description: 'the step was accepted: the new summary' }),
    ApiProblems(400, 404, 409, 413, 422, 503),
  );
}

@ApiTags('pathway steps')
@ApiBearerAuth()
@ApiProblems(401, 403)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id')
export class PathwayStepsController {
  constructor(private readonly pathways: PathwaysService) {}

  @Step('eligibility', 'Decide eligibility (C1–C3); a refusal closes the pathway, reoriented', 'intake')
  decideEligibility(@Body() body: EligibilityDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'decideEligibility', ...body }, u, key);
  }

  @Step('assignment', 'Assign (or reassign) a case manager; 409 when they are at capacity', 'intake', 'supervisor')
  assignCaseManager(@Body() body: AssignmentDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'assignCaseManager', caseManagerId: body.caseManagerId }, u, key);
  }

  @Step('consent', "Record the person's consent; a refusal closes the pathway (REFUSED)", 'case_manager')
  recordConsent(@Body() body: ConsentDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordConsent', ...body }, u, key);
  }

  @Step('assessments', 'Record a multidimensional assessment', 'case_manager')
  recordAssessment(@Body() body: AssessmentDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordAssessment', assessment: { ...body } }, u, key);
  }

  @Step('plans', 'Record a new version of the service plan (PSI)', 'case_manager')
  recordPlan(@Body() body: PlanDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordPlan', services: body.services.map((s) => ({ ...s })) }, u, key);
  }

  // `professional`: the attending physician of the care team signed in with Pro Santé Connect, acknowledging as that member.
  @Step('plan-acknowledgements', "Acknowledge the plan (the attending physician)", 'physician', 'professional')
  acknowledgePlan(@Body() body: PlanAcknowledgementDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'acknowledgePlan', ...body, ...this.pathways.acknowledgerOf(u, p) }, u, key);
  }

  @Step('contacts', 'Log a contact with the person or the caregiver', 'case_manager')
  logContact(@Body() body: ContactDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'logContact', ...body }, u, key);
  }

  @Step('hospitalizations', 'Record a hospital admission (services suspended)', 'case_manager')
  admitToHospital(@Body() body: HospitalAdmissionDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'admitToHospital', ...body }, u, key);
  }

  @Step('hospitalizations/current/discharge', 'Record the discharge of the current hospital stay', 'case_manager')
  dischargeFromHospital(@Body() body: HospitalDischargeDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'dischargeFromHospital', ...body }, u, key);
  }

  @Step('institutionalization', 'Record an institutional (EHPAD) admission', 'case_manager')
  admitToInstitution(@Body() body: InstitutionalizationDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'admitToInstitution', ...body }, u, key);
  }

  @Step('closure', 'Close the pathway (every pending reminder is cancelled)', 'case_manager', 'supervisor')
  closePathway(@Body() body: ClosureDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'closePathway', ...body }, u, key);
  }
}
