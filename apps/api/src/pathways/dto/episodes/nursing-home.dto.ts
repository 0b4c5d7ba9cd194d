import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NURSING_HOME_OUTCOMES, NursingHomeOutcome } from '@pathway/domain';
import { IsIsoDateTime } from '../../../common/validation';
import { PathwaySummaryDto } from '../pathway-summary.dto';

export class NursingHomeApplicationDto {
  @ApiProperty({ example: 'EHPAD Les Lilas', maxLength: 300 }) @IsString() @IsNotEmpty() @MaxLength(300)
  facility!: string;

  @ApiProperty({ format: 'date-time', example: '2025-11-02T10:00:00+01:00', description: "not in the future; the physician's medical part is then due (7 days by default)" })
  @IsIsoDateTime()
  submittedAt!: string;
}

export class NursingHomeMedicalPartDto {
  @ApiProperty({ format: 'date-time', example: '2025-11-05T10:00:00+01:00', description: 'not in the future' }) @IsIsoDateTime()
  completedAt!: string;
}

export class NursingHomeDecisionDto {
  @ApiProperty({ format: 'date-time', example: '2025-12-01T10:00:00+01:00', description: 'not in the future' }) @IsIsoDateTime()
  at!: string;

  @ApiProperty({ enum: NURSING_HOME_OUTCOMES, example: 'ACCEPTED', description: 'the first ACCEPTED cancels the other applications and moves the pathway to INSTITUTIONALIZED' })
  @IsIn(NURSING_HOME_OUTCOMES)
  outcome!: NursingHomeOutcome;
}

/** The new summary, with the id of the application just submitted (the last of `episodes.nursingHomeApplications`). */
export class NursingHomeApplicationSubmittedDto extends PathwaySummaryDto {
  @ApiProperty({ example: 'nh-1', description: 'use it in .../nursing-home-applications/{applicationId}/medical-part and /decision' })
  applicationId!: string;
}
