import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { TerritoryContactRole } from '@pathway/persistence';
import { ID_PATTERN } from '@pathway/domain';
import { IsId } from '../../common/validation';

/** The roles a territory names a contact for: the supervisor (pilote MAIA) and the intake desk (guichet intégré). */
export const TERRITORY_CONTACT_ROLES: readonly TerritoryContactRole[] = ['supervisor', 'intake'];

export class TerritoryParamsDto {
  @ApiProperty({ example: 'T75-EST', description: 'territory (MAIA / DAC) code', maxLength: 64, pattern: ID_PATTERN.source })
  @IsId()
  territory!: string;
}

export class TerritoryContactParamsDto extends TerritoryParamsDto {
  @ApiProperty({ enum: TERRITORY_CONTACT_ROLES, example: 'supervisor', description: 'who the contact receives notices for' })
  @IsIn(TERRITORY_CONTACT_ROLES)
  role!: TerritoryContactRole;
}

export class SetTerritoryContactDto {
  @ApiProperty({ example: 'Paul Girard', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'pilote.t75-est@maia.example', maxLength: 320 }) @IsEmail() @MaxLength(320)
  email!: string;
}

export class TerritoryContactDto {
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ enum: TERRITORY_CONTACT_ROLES, example: 'supervisor' }) role!: TerritoryContactRole;
  @ApiProperty({ example: 'Paul Girard' }) name!: string;
  @ApiProperty({ example: 'pilote.t75-est@maia.example', description: 'where the notices addressed to this role of the territory are sent' }) email!: string;
  @ApiProperty({ format: 'date-time', description: 'when it was last set' }) updatedAt!: string;
}
