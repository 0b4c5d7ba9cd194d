/** The live summary of a pathway (API.md), as the workflow computes it: for the OpenAPI document. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLOSURE_REASONS, DISCHARGE_DESTINATIONS, ELIGIBILITY_DECISIONS, PATHWAY_STAGES, SERVICE_STATUSES, SERVICE_TYPES } from '@pathway/domain';
import { CaregiverDto, PatientDto, PhysicianDto, ReferralDto } from './create-pathway.dto';
import { EligibilityCriteriaDto } from './eligibility.dto';

export class DeadlineDto {
  @ApiProperty({ example: 'assessmentDue', description: 'the clock (a policy key of PATHWAY.md)' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) overdueSince?: string;
}

export class StuckReasonDto {
  @ApiProperty({ example: 'first contact overdue' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiPropertyOptional({ example: 'firstContactDue' }) clock?: string;
}

export class HospitalStayDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty() facility!: string;
  @ApiPropertyOptional() reason?: string;
}

export class HospitalDischargeViewDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty({ format: 'date-time' }) dischargedAt!: string;
  @ApiProperty() facility!: string;
  @ApiProperty({ enum: DISCHARGE_DESTINATIONS }) destination!: string;
}

export class InstitutionStayDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty() facility!: string;
}

export class EpisodesDto {
  @ApiPropertyOptional({ type: HospitalStayDto, description: 'the current hospital stay' }) hospitalization?: HospitalStayDto;
  @ApiPropertyOptional({ type: HospitalDischargeViewDto }) lastDischarge?: HospitalDischargeViewDto;
  @ApiPropertyOptional({ type: InstitutionStayDto }) institution?: InstitutionStayDto;
}

export class PlanServiceViewDto {
  @ApiProperty({ enum: SERVICE_TYPES }) type!: string;
  @ApiProperty() provider!: string;
  @ApiProperty() frequency!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ enum: SERVICE_STATUSES }) status!: string;
}

export class PlanViewDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [PlanServiceViewDto] }) services!: PlanServiceViewDto[];
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiPropertyOptional() acknowledgementComment?: string;
}

export class AssessmentViewDto {
  @ApiProperty({ format: 'date-time' }) performedAt!: string;
  @ApiPropertyOptional({ type: 'integer' }) mmse?: number;
  @ApiPropertyOptional({ type: 'integer' }) gir?: number;
  @ApiPropertyOptional({ type: 'integer' }) zarit?: number;
  @ApiPropertyOptional() livingSituation?: string;
  @ApiPropertyOptional() servicesInPlace?: string;
  @ApiPropertyOptional() risks?: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty() cycle!: number;
}

export class ConsentViewDto {
  @ApiProperty() given!: boolean;
  @ApiProperty() at!: string;
}

export class EligibilityViewDto {
  @ApiProperty({ enum: ELIGIBILITY_DECISIONS }) decision!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiPropertyOptional({ type: EligibilityCriteriaDto }) criteria?: EligibilityCriteriaDto;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() reorientedTo?: string;
}

export class ClosureViewDto {
  @ApiProperty({ enum: CLOSURE_REASONS }) reason!: string;
  @ApiPropertyOptional() note?: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PathwaySummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PATHWAY_STAGES, example: 'REFERRED' }) stage!: string;
  @ApiProperty({ format: 'date-time' }) stageSince!: string;
  @ApiProperty({ description: '1 for the first assessment, +1 for every reassessment cycle' }) cycle!: number;
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ type: PatientDto }) patient!: PatientDto;
  @ApiProperty({ type: PhysicianDto }) physician!: PhysicianDto;
  @ApiPropertyOptional({ type: CaregiverDto }) caregiver?: CaregiverDto;
  @ApiProperty({ type: ReferralDto }) referral!: ReferralDto;
  @ApiPropertyOptional({ example: 'cm-louise' }) caseManagerId?: string;
  @ApiProperty({ type: [DeadlineDto], description: 'running clocks, soonest first' }) deadlines!: DeadlineDto[];
  @ApiProperty({ type: EpisodesDto }) episodes!: EpisodesDto;
  @ApiPropertyOptional({ type: PlanViewDto }) plan?: PlanViewDto;
  @ApiPropertyOptional({ type: AssessmentViewDto }) latestAssessment?: AssessmentViewDto;
  @ApiPropertyOptional({ type: ConsentViewDto }) consent?: ConsentViewDto;
  @ApiPropertyOptional({ type: EligibilityViewDto }) eligibility?: EligibilityViewDto;
  @ApiProperty({ type: [String], example: ['PLAN_NOT_ACKNOWLEDGED'], description: 'what needs a person’s attention' }) flags!: string[];
  @ApiProperty({ type: [StuckReasonDto], description: 'why the pathway is stuck, oldest first (empty: not stuck)' }) stuck!: StuckReasonDto[];
  @ApiPropertyOptional({ type: ClosureViewDto }) closure?: ClosureViewDto;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
}

