import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { WAITING_LIST_OFFER_STATUSES } from '@pathway/persistence';
import { PatientDto } from '../../pathways/dto/create-pathway.dto';

export class WaitingListOfferDto {
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid', description: 'the waiting pathway offered' }) pathwayId!: string;
  @ApiProperty({ example: 'cm-claire', description: 'the case manager it is offered to' }) caseManagerId!: string;
  @ApiProperty({ example: 'Claire Bernard' }) caseManagerName!: string;
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ format: 'date-time' }) offeredAt!: string;
  @ApiProperty({ enum: WAITING_LIST_OFFER_STATUSES, description: 'OFFERED until the supervisor accepts or declines it, the policy assigns it, or it is withdrawn' })
  status!: string;
  @ApiPropertyOptional({ type: PatientDto, description: 'in the list of open offers' }) patient?: PatientDto;
  @ApiPropertyOptional({ format: 'date-time', description: 'in the list of open offers: when the pathway was referred' }) referredAt?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) decidedAt?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'sup-1', description: 'the supervisor, `policy:waitingListAutoAssign`, or `system` (withdrawn)' }) decidedBy?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'why it was declined or withdrawn' }) reason?: string | null;
}

export class DeclineOfferDto {
  @ApiPropertyOptional({ example: 'the patient lives far from her sector', maxLength: 500 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500)
  reason?: string;
}

/** On each item of the waiting list: the open offer of that pathway, if any. */
export class OfferedToDto {
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ example: 'cm-claire' }) caseManagerId!: string;
  @ApiProperty({ format: 'date-time' }) offeredAt!: string;
}
