import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CARE_TEAM_ROLES, CareTeamRole } from '@pathway/domain';

/**
 * A member of the care team as given: the format rules (RPPS and FINESS keys, addresses, a way to reach
 * them) are the domain's (care-team.ts), answered 400 naming `member.<field>`.
 */
export class CareTeamMemberInputDto {
  @ApiProperty({ enum: CARE_TEAM_ROLES, example: 'SSIAD', description: 'one ATTENDING_PHYSICIAN and one LEGAL_REPRESENTATIVE at a time; several of every other role (caregivers, nurses…)' })
  @IsIn(CARE_TEAM_ROLES)
  role!: CareTeamRole;

  @ApiProperty({ example: 'SSIAD Paris Nord', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'contact@ssiad-paris-nord.example', maxLength: 320 }) @IsOptional() @IsString() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: 'ssiad.paris-nord@ssiad.mssante.fr', maxLength: 320, description: 'secure health messaging address (MSSanté)' })
  @IsOptional() @IsString() @MaxLength(320)
  secureMessaging?: string;

  @ApiPropertyOptional({ example: '01 43 00 00 00', maxLength: 50 }) @IsOptional() @IsString() @MaxLength(50)
  phone?: string;

  @ApiPropertyOptional({ example: '10003456786', description: 'health professionals (ATTENDING_PHYSICIAN, SPECIALIST, NURSE): RPPS number, 11 digits, the last the Luhn key' })
  @IsOptional() @IsString()
  rpps?: string;

  @ApiPropertyOptional({ example: '750712184', description: 'facilities and services (SSIAD, SAAD, DAY_CARE, TEMPORARY_ACCOMMODATION, EHPAD, HOSPITAL_TEAM): FINESS number, 9 characters with its key' })
  @IsOptional() @IsString()
  finess?: string;

  @ApiPropertyOptional({ example: 'daughter', maxLength: 200, description: "a caregiver's or legal representative's relationship to the person" })
  @IsOptional() @IsString() @MaxLength(200)
  relationship?: string;
}

export class CareTeamMemberBodyDto {
  @ApiProperty({ type: CareTeamMemberInputDto }) @IsObject() @ValidateNested() @Type(() => CareTeamMemberInputDto)
  member!: CareTeamMemberInputDto;
}

export class CareTeamRemovalDto {
  @ApiPropertyOptional({ example: 'the SSIAD no longer comes', maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000)
  note?: string;
}

export class CareTeamMemberViewDto extends CareTeamMemberInputDto {
  @ApiProperty({ example: 'm1', description: "`physician` and `caregiver` for the referral's, `m1`, `m2`… for those added" }) id!: string;
  @ApiProperty({ format: 'date-time', description: 'member since' }) since!: string;
}
