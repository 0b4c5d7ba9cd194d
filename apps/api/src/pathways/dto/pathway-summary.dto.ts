/**
 * The live summary of a pathway (API.md), as the workflow computes it (libs/domain summary.ts
 * `PathwaySummary`, `EpisodesView`): for the OpenAPI document. It travels as JSON, so an optional field
 * is absent, never null. pathway-summary.contract.spec.ts fails when the domain sends a key not declared here.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CareTeamMemberViewDto } from './care-team.dto';
import {
  APA_OUTCOMES,
  ApaOutcome,
  ApaStatus,
  CLOCK_KINDS,
  ClockKind,
  CLOSURE_REASONS,
  CRISIS_KINDS,
  CrisisKind,
  DISCHARGE_DESTINATIONS,
  DischargeDestination,
  ELIGIBILITY_DECISIONS,
  LEGAL_PROTECTION_KINDS,
  LEGAL_RULING_OUTCOMES,
  LegalProtectionFile,
  LegalProtectionKind,
  LegalRulingOutcome,
  NursingHomeApplicationStatus,
  PATHWAY_STAGES,
  STUCK_CODES,
  StuckCode,
  PathwayFlag,
  RESPITE_KINDS,
  RespiteKind,
  RespiteRecord,
  SERVICE_STATUSES,
  SERVICE_TYPES,
} from '@pathway/domain';
import { CaregiverDto, PatientDto, PhysicianDto, ReferralDto } from './create-pathway.dto';
import { AppointmentViewDto, BookedAppointmentDto } from './appointment-view.dto';
import { EligibilityCriteriaDto } from './eligibility.dto';

/** Every value of a domain union that has no constant array in the domain: one missing or unknown is a type error. */
const valuesOf =
  <T extends string>() =>
  <const A extends readonly T[]>(values: A & ([T] extends [A[number]] ? unknown : { missing: Exclude<T, A[number]> })): A =>
    values;

const PATHWAY_FLAGS = valuesOf<PathwayFlag>()([
  'PLAN_NOT_ACKNOWLEDGED',
  'APA_PROPOSED',
  'RESPITE_PROPOSED',
  'HOSPITALIZED',
  'HOSPITAL_DAY_31',
  'INACTIVE',
  'ACTIVITY_FAILING',
  'CRISIS_OPEN',
  'APA_DEEMED_GRANTED',
  'LEGAL_REQUEST_LAPSED',
]);
const RESPITE_STATUSES = valuesOf<RespiteRecord['status']>()(['PLANNED', 'ONGOING']);
const APA_STATUSES = valuesOf<ApaStatus>()(['SUBMITTED', 'ACKNOWLEDGED', 'DEEMED_GRANTED', 'GRANTED', 'REFUSED']);
const LEGAL_PROTECTION_STATUSES = valuesOf<LegalProtectionFile['status']>()(['PREPARING', 'FILED', 'GRANTED', 'REJECTED', 'LAPSED']);
const NURSING_HOME_STATUSES = valuesOf<NursingHomeApplicationStatus>()(['SUBMITTED', 'WAITLISTED', 'ACCEPTED', 'REFUSED', 'CANCELLED']);
/** The inactivity watch is a stuck rule, never a deadline of the summary (summary.ts `deadlinesOf`). */
const DEADLINE_KINDS = CLOCK_KINDS.filter((kind) => kind !== 'inactivityStuckAfter');

export class DeadlineDto {
  @ApiProperty({ enum: DEADLINE_KINDS, example: 'assessmentDue', description: 'the clock (a policy key of PATHWAY.md)' }) kind!: ClockKind;
  @ApiPropertyOptional({ example: 'respite-1', description: 'the episode or file it belongs to, when several of its kind can run (a respite id, an application id)' })
  ref?: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty() overdue!: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) overdueSince?: string;
  @ApiPropertyOptional({ type: BookedAppointmentDto, description: 'the appointment booked before it is due that is to meet it' }) bookedAppointment?: BookedAppointmentDto;
}

export class StuckReasonDto {
  @ApiProperty({
    enum: STUCK_CODES,
    example: 'firstContactDue',
    description: 'the stable key of the reason: the clock whose deadline passed (inactivityStuckAfter: inactivity), or activityFailing',
  })
  code!: StuckCode;
  @ApiProperty({ example: 'first contact overdue', description: 'in English, for display only (it may be reworded): translate from `code`' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
  @ApiPropertyOptional({ enum: CLOCK_KINDS, example: 'firstContactDue', description: 'the passed deadline (absent: a failing activity)' }) clock?: ClockKind;
}

// ---- episodes and files (API.md "Episodes and files"); each but the stays carries its own deadlines ----

export class HospitalStayDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty() facility!: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty({ format: 'date-time', description: 'when the home-APA alert goes out (day 31 of the stay by default)' }) apaAlertAt!: string;
}

export class HospitalDischargeViewDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty({ format: 'date-time' }) dischargedAt!: string;
  @ApiProperty() facility!: string;
  @ApiPropertyOptional({ description: "the stay's reason, when the admission gave one" }) reason?: string;
  @ApiProperty({ enum: DISCHARGE_DESTINATIONS }) destination!: DischargeDestination;
  @ApiPropertyOptional({ format: 'date-time', description: 'absent: the discharge letter is still awaited' }) dischargeLetterReceivedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'a discharge home: when the case manager confirmed home services restarted' }) servicesRestartedAt?: string;
  @ApiProperty({ type: [DeadlineDto], description: 'the discharge letter, services restart and return assessment still due' }) deadlines!: DeadlineDto[];
}

export class InstitutionStayDto {
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty() facility!: string;
}

export class RespiteViewDto {
  @ApiProperty({ example: 'respite-1', description: 'for .../respites/{respiteId}/cancellation' }) id!: string;
  @ApiProperty({ enum: RESPITE_KINDS }) kind!: RespiteKind;
  @ApiProperty({ format: 'date-time' }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) endsAt!: string;
  @ApiProperty() provider!: string;
  @ApiProperty({ format: 'date-time' }) plannedAt!: string;
  @ApiProperty({ enum: RESPITE_STATUSES, description: 'a respite that has ended leaves the list' }) status!: RespiteRecord['status'];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 2025: 15 },
    description: "temporary accommodation only: the days it takes from each calendar year's allowance",
  })
  days?: Record<string, number>;
  @ApiProperty({ type: [DeadlineDto], description: 'its start and end (the caregiver is reminded before each)' }) deadlines!: DeadlineDto[];
}

export class CrisisViewDto {
  @ApiProperty({ enum: CRISIS_KINDS }) kind!: CrisisKind;
  @ApiProperty({ format: 'date-time', description: 'when the crisis began (the 24-hour action clock runs from it)' }) openedAt!: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional({ format: 'date-time' }) firstActionAt?: string;
  @ApiProperty({ type: 'integer', example: 0 }) actionCount!: number;
  @ApiPropertyOptional({ format: 'date-time', description: 'set on the last crisis only' }) resolvedAt?: string;
  @ApiProperty({ type: [DeadlineDto], description: 'the open crisis: the action due; the last one: the significant-change reassessment' }) deadlines!: DeadlineDto[];
}

export class ApaDecisionViewDto {
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
  @ApiProperty({ enum: APA_OUTCOMES }) outcome!: ApaOutcome;
  @ApiPropertyOptional({ type: 'integer', example: 4 }) gir?: number;
}

export class ApaProviderViewDto {
  @ApiProperty({ format: 'date-time' }) declaredAt!: string;
  @ApiProperty({ example: 'SAAD Nord' }) provider!: string;
}

export class ApaFileViewDto {
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty() emergency!: boolean;
  @ApiProperty({ enum: APA_STATUSES }) status!: ApaStatus;
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiProperty({ format: 'date-time', description: "the complete file, from which the département's 2 months run (the submission unless told otherwise)" })
  completeFileAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'no decision within the 2 months: granted at a flat rate (L232-14 CASF)' }) deemedGrantedAt?: string;
  @ApiPropertyOptional({ type: ApaDecisionViewDto }) decision?: ApaDecisionViewDto;
  @ApiPropertyOptional({ type: ApaProviderViewDto }) provider?: ApaProviderViewDto;
  @ApiProperty({ type: [DeadlineDto], description: 'acknowledgement, decision, provider declaration' }) deadlines!: DeadlineDto[];
}

export class LegalRulingViewDto {
  @ApiProperty({ format: 'date-time' }) ruledAt!: string;
  @ApiProperty({ enum: LEGAL_RULING_OUTCOMES }) outcome!: LegalRulingOutcome;
  @ApiPropertyOptional({ format: 'date-time' }) measureEndsAt?: string;
  @ApiPropertyOptional() representative?: string;
}

export class LegalMeasureViewDto {
  @ApiProperty({ enum: LEGAL_PROTECTION_KINDS }) kind!: LegalProtectionKind;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time', description: 'a renewal reminder goes out 2 months before' }) endsAt!: string;
  @ApiPropertyOptional() representative?: string;
}

export class LegalProtectionViewDto {
  @ApiProperty({ enum: LEGAL_PROTECTION_KINDS }) kind!: LegalProtectionKind;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'the medical certificate' }) certificateAt?: string;
  @ApiProperty({ enum: LEGAL_PROTECTION_STATUSES }) status!: LegalProtectionFile['status'];
  @ApiPropertyOptional({ format: 'date-time' }) filedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'a year without a ruling: a new request is needed' }) lapsedAt?: string;
  @ApiPropertyOptional({ type: LegalRulingViewDto }) ruling?: LegalRulingViewDto;
  @ApiPropertyOptional({ type: LegalMeasureViewDto, description: 'the measure in force, kept until the next ruling grants one' }) measure?: LegalMeasureViewDto;
  @ApiProperty({ type: [DeadlineDto], description: "the request's lapse, the measure's renewal" }) deadlines!: DeadlineDto[];
}

export class NursingHomeApplicationViewDto {
  @ApiProperty({ example: 'nh-1', description: 'for .../nursing-home-applications/{applicationId}/...' }) id!: string;
  @ApiProperty() facility!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ enum: NURSING_HOME_STATUSES, description: 'CANCELLED: another admission was accepted' }) status!: NursingHomeApplicationStatus;
  @ApiPropertyOptional({ format: 'date-time' }) medicalPartCompletedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) decidedAt?: string;
  @ApiProperty({ type: [DeadlineDto], description: "the physician's medical part" }) deadlines!: DeadlineDto[];
}

export class EpisodesDto {
  @ApiPropertyOptional({ type: HospitalStayDto, description: 'the current hospital stay' }) hospitalization?: HospitalStayDto;
  @ApiPropertyOptional({ type: HospitalDischargeViewDto, description: "the last stay's discharge: discharge letter, services restart, return assessment" })
  lastDischarge?: HospitalDischargeViewDto;
  @ApiPropertyOptional({ type: InstitutionStayDto }) institution?: InstitutionStayDto;
  @ApiPropertyOptional({ type: RespiteViewDto, description: 'the respite under way, or else the next one planned' }) respite?: RespiteViewDto;
  @ApiProperty({ type: [RespiteViewDto], description: 'every respite planned or under way, soonest first' }) respites!: RespiteViewDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { 2025: 75, 2026: 90 },
    description: 'temporary accommodation days left in each calendar year a respite touches (and the current one)',
  })
  respiteDaysLeft!: Record<string, number>;
  @ApiPropertyOptional({ type: CrisisViewDto, description: 'the open crisis' }) crisis?: CrisisViewDto;
  @ApiPropertyOptional({ type: CrisisViewDto, description: 'the last resolved crisis, with the significant-change reassessment it opened' }) lastCrisis?: CrisisViewDto;
  @ApiPropertyOptional({ type: ApaFileViewDto, description: 'the APA file (the last application)' }) apa?: ApaFileViewDto;
  @ApiPropertyOptional({ type: LegalProtectionViewDto }) legalProtection?: LegalProtectionViewDto;
  @ApiProperty({ type: [NursingHomeApplicationViewDto], description: 'every EHPAD application, in submission order (a new one is last)' })
  nursingHomeApplications!: NursingHomeApplicationViewDto[];
}

export class PlanServiceViewDto {
  @ApiProperty({ enum: SERVICE_TYPES }) type!: string;
  @ApiProperty() provider!: string;
  @ApiProperty() frequency!: string;
  @ApiProperty() startsAt!: string;
  @ApiProperty({ enum: SERVICE_STATUSES }) status!: string;
  @ApiPropertyOptional({ example: 'm1', description: 'the care-team member who provides it' }) providerMemberId?: string;
}

export class PlanAcknowledgementViewDto {
  @ApiProperty({ example: 'physician', description: 'the care-team member who acknowledged' }) memberId!: string;
  @ApiProperty({ format: 'date-time' }) acknowledgedAt!: string;
  @ApiPropertyOptional() comment?: string;
}

export class PlanViewDto {
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: [PlanServiceViewDto] }) services!: PlanServiceViewDto[];
  @ApiPropertyOptional({ format: 'date-time' }) acknowledgedAt?: string;
  @ApiPropertyOptional() acknowledgementComment?: string;
  @ApiPropertyOptional({
    type: [PlanAcknowledgementViewDto],
    description: 'under a curatelle or tutelle: each signer’s acknowledgement (the attending physician and the legal representative); acknowledgedAt once both have',
  })
  acknowledgements?: PlanAcknowledgementViewDto[];
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
  @ApiProperty({ type: 'integer', description: 'the assessment cycle it was recorded in' }) cycle!: number;
}

export class ConsentViewDto {
  @ApiProperty() given!: boolean;
  @ApiProperty({ format: 'date-time' }) at!: string;
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
  @ApiProperty({ type: 'integer', description: '1 for the first assessment, +1 for every reassessment cycle' }) cycle!: number;
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ type: PatientDto }) patient!: PatientDto;
  @ApiProperty({ type: PhysicianDto }) physician!: PhysicianDto;
  @ApiPropertyOptional({ type: CaregiverDto }) caregiver?: CaregiverDto;
  @ApiProperty({ type: ReferralDto }) referral!: ReferralDto;
  @ApiPropertyOptional({ example: 'cm-louise' }) caseManagerId?: string;
  @ApiProperty({ type: [CareTeamMemberViewDto], description: "the care team: the referral's physician and caregiver, and every member added since" })
  careTeam!: CareTeamMemberViewDto[];
  @ApiProperty({ type: [DeadlineDto], description: 'running clocks, soonest first' }) deadlines!: DeadlineDto[];
  @ApiProperty({ type: EpisodesDto }) episodes!: EpisodesDto;
  @ApiPropertyOptional({ type: PlanViewDto }) plan?: PlanViewDto;
  @ApiPropertyOptional({ type: AssessmentViewDto }) latestAssessment?: AssessmentViewDto;
  @ApiPropertyOptional({ type: ConsentViewDto }) consent?: ConsentViewDto;
  @ApiPropertyOptional({ type: EligibilityViewDto }) eligibility?: EligibilityViewDto;
  @ApiProperty({ enum: PATHWAY_FLAGS, isArray: true, example: ['PLAN_NOT_ACKNOWLEDGED'], description: 'what needs a person’s attention' }) flags!: PathwayFlag[];
  @ApiProperty({ type: [StuckReasonDto], description: 'why the pathway is stuck, oldest first (empty: not stuck)' }) stuck!: StuckReasonDto[];
  @ApiPropertyOptional({ type: ClosureViewDto }) closure?: ClosureViewDto;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
  @ApiProperty({ type: [AppointmentViewDto], description: 'the agenda: booked appointments soonest first, then the last settled ones' }) appointments!: AppointmentViewDto[];
}

