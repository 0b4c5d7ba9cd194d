/**
 * Episodes and files of a pathway (API.md "Episodes and files"): hospital follow-up, respites, crises,
 * the APA file, legal protection and nursing-home (EHPAD) applications. They run alongside the stage;
 * each step is a Temporal Update of the pathway's workflow like the stage steps
 * (pathway-steps.controller.ts), so field errors are 400 and a step the workflow rejects is 409 with
 * the stage and the reason (e.g. a respite beyond the year's days, with the count left).
 */
import { applyDecorators, Body, Controller, HttpCode, Param, Post, Type, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { PathwaySummary } from '@pathway/domain';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal, Role } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import { IdempotencyKey } from '../common/idempotency/idempotency-key';
import { ApiProblems } from '../common/problem.dto';
import { ApaAcknowledgementDto, ApaApplicationDto, ApaDecisionDto, ApaProviderDeclarationDto } from './dto/episodes/apa.dto';
import { CrisisDto, CrisisEventDto } from './dto/episodes/crisis.dto';
import { DischargeLetterDto, ServicesRestartDto } from './dto/episodes/hospital-follow-up.dto';
import { LegalProtectionDto, LegalProtectionRequestDto, LegalProtectionRulingDto } from './dto/episodes/legal-protection.dto';
import {
  NursingHomeApplicationDto,
  NursingHomeApplicationSubmittedDto,
  NursingHomeDecisionDto,
  NursingHomeMedicalPartDto,
} from './dto/episodes/nursing-home.dto';
import { RespiteCancellationDto, RespiteDto } from './dto/episodes/respite.dto';
import { PathwaySummaryDto } from './dto/pathway-summary.dto';
import { PathwaysService } from './pathways.service';

/** An episode step route: POST, 200 with the new summary, the roles of API.md's "who" column (the agenda's steps too). */
export function EpisodeStep(path: string, summary: string, roles: Role[], answer: Type<unknown> = PathwaySummaryDto) {
  return applyDecorators(
    Post(path),
    HttpCode(200),
    Roles(...roles),
    ApiOperation({ summary: `${summary} (${roles.join(', ')})` }),
    ApiOkResponse({ type: answer, description: 'the step was accepted: the new summary' }),
    ApiProblems(400, 404, 409, 413, 422, 503),
  );
}

const CASE_MANAGER: Role[] = ['case_manager'];

@ApiTags('pathway episodes and files')
@ApiBearerAuth()
@ApiProblems(401, 403)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id')
export class EpisodesController {
  constructor(private readonly pathways: PathwaysService) {}

  // ---- after a hospital stay ----

  @EpisodeStep('hospitalizations/current/discharge-letter', 'Record the discharge letter of the last stay (due on the day of discharge)', CASE_MANAGER)
  recordDischargeLetter(@Body() body: DischargeLetterDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordDischargeLetter', ...body }, u, key);
  }

  @EpisodeStep('hospitalizations/current/services-restart', 'Confirm home services restarted after a discharge home (due within 48 h)', CASE_MANAGER)
  confirmServicesRestarted(@Body() body: ServicesRestartDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'confirmServicesRestarted', ...body }, u, key);
  }

  // ---- respite ----

  @EpisodeStep('respites', "Plan a respite; temporary accommodation beyond the year's days left is refused with the count", CASE_MANAGER)
  planRespite(@Body() body: RespiteDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'planRespite', ...body }, u, key);
  }

  @EpisodeStep('respites/:respiteId/cancellation', 'Cancel a planned respite (its days are given back)', CASE_MANAGER)
  @ApiParam({ name: 'respiteId', description: 'the id of a respite of episodes.respites' })
  cancelRespite(
    @Param('respiteId') respiteId: string,
    @Body() body: RespiteCancellationDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'cancelRespite', respiteId, ...body }, u, key);
  }

  // ---- crisis ----

  @EpisodeStep('crises', 'Open a crisis: the supervisor is told at once, action due within 24 h', CASE_MANAGER)
  openCrisis(@Body() body: CrisisDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'openCrisis', ...body }, u, key);
  }

  @EpisodeStep('crises/current/actions', 'Record an action taken on the current crisis', CASE_MANAGER)
  recordCrisisAction(@Body() body: CrisisEventDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordCrisisAction', ...body }, u, key);
  }

  @EpisodeStep('crises/current/resolution', 'Resolve the current crisis: a significant-change reassessment is due within 15 days', CASE_MANAGER)
  resolveCrisis(@Body() body: CrisisEventDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'resolveCrisis', ...body }, u, key);
  }

  // ---- APA file ----

  @EpisodeStep('apa-applications', 'Submit the APA file (acknowledgement due within 10 days)', CASE_MANAGER)
  submitApaApplication(@Body() body: ApaApplicationDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'submitApaApplication', ...body }, u, key);
  }

  @EpisodeStep('apa-applications/current/acknowledgement', "Record the département's acknowledgement (the decision is due within 2 months)", CASE_MANAGER)
  acknowledgeApaApplication(@Body() body: ApaAcknowledgementDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'acknowledgeApaApplication', ...body }, u, key);
  }

  @EpisodeStep('apa-applications/current/decision', "Record the département's decision (a grant: the provider is to be declared within 1 month)", CASE_MANAGER)
  decideApaApplication(@Body() body: ApaDecisionDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'decideApaApplication', ...body }, u, key);
  }

  @EpisodeStep('apa-applications/current/provider-declaration', 'Declare the provider of the granted APA', CASE_MANAGER)
  declareApaProvider(@Body() body: ApaProviderDeclarationDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'declareApaProvider', ...body }, u, key);
  }

  // ---- legal protection ----

  @EpisodeStep('legal-protection', 'Start a legal protection file (medical certificate optional yet)', CASE_MANAGER)
  requestLegalProtection(@Body() body: LegalProtectionDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'requestLegalProtection', ...body }, u, key);
  }

  @EpisodeStep('legal-protection/current/request', 'Record the request filed with the judge (it lapses after one year without a ruling)', CASE_MANAGER)
  fileLegalProtectionRequest(@Body() body: LegalProtectionRequestDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'fileLegalProtectionRequest', ...body }, u, key);
  }

  @EpisodeStep('legal-protection/current/ruling', 'Record the ruling (a granted measure ends at most 5 years later; renewal reminder 2 months before)', CASE_MANAGER)
  recordLegalProtectionRuling(@Body() body: LegalProtectionRulingDto, @CurrentPathway() p: PathwayWithPatient, @CurrentUser() u: Principal, @IdempotencyKey() key?: string) {
    return this.pathways.step(p, { type: 'recordLegalProtectionRuling', ...body }, u, key);
  }

  // ---- nursing-home (EHPAD) applications ----

  @EpisodeStep('nursing-home-applications', 'Submit an EHPAD application (several may run at once)', CASE_MANAGER, NursingHomeApplicationSubmittedDto)
  async submitNursingHomeApplication(
    @Body() body: NursingHomeApplicationDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ): Promise<PathwaySummary & { applicationId: string }> {
    const summary = await this.pathways.step(p, { type: 'submitNursingHomeApplication', ...body }, u, key);
    // The workflow appends the new application last (messages.ts, submitNursingHomeApplication).
    const applications = summary.episodes.nursingHomeApplications;
    return { applicationId: applications[applications.length - 1].id, ...summary };
  }

  @EpisodeStep('nursing-home-applications/:applicationId/medical-part', "Record the physician's medical part of an application", ['case_manager', 'physician'])
  @ApiParam({ name: 'applicationId', description: 'the applicationId the submission answered' })
  completeNursingHomeMedicalPart(
    @Param('applicationId') applicationId: string,
    @Body() body: NursingHomeMedicalPartDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'completeNursingHomeMedicalPart', applicationId, ...body }, u, key);
  }

  @EpisodeStep('nursing-home-applications/:applicationId/decision', "Record the facility's decision; the first acceptance cancels the others (INSTITUTIONALIZED)", CASE_MANAGER)
  @ApiParam({ name: 'applicationId', description: 'the applicationId the submission answered' })
  decideNursingHomeApplication(
    @Param('applicationId') applicationId: string,
    @Body() body: NursingHomeDecisionDto,
    @CurrentPathway() p: PathwayWithPatient,
    @CurrentUser() u: Principal,
    @IdempotencyKey() key?: string,
  ) {
    return this.pathways.step(p, { type: 'decideNursingHomeApplication', applicationId, ...body }, u, key);
  }
}
