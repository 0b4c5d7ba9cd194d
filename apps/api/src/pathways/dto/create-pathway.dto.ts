import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ID_PATTERN } from '@pathway/domain';
import { IsBirthDate, IsId, IsIns, IsIsoDateTime } from '../../common/validation';

export class PatientDto {
  @ApiProperty({ example: 'NIR-1943-05-0001', description: "the patient's id in the referrer's system", maxLength: 64, pattern: ID_PATTERN.source })
  @IsId()
  externalId!: string;

  @ApiProperty({ example: 'Jeanne' }) @IsString() @IsNotEmpty() @MaxLength(200)
  firstName!: string;

  @ApiProperty({ example: 'Martin' }) @IsString() @IsNotEmpty() @MaxLength(200)
  lastName!: string;

  @ApiProperty({ example: '1943-05-02', format: 'date', description: 'a calendar date YYYY-MM-DD (not a date-time), from 1900-01-01, not after today' }) @IsBirthDate()
  birthDate!: string;

  @ApiProperty({ example: 'T75-EST', description: 'territory (MAIA / DAC) code', maxLength: 64, pattern: ID_PATTERN.source }) @IsId()
  territory!: string;

  @ApiPropertyOptional({
    example: '184127645108946',
    minLength: 15,
    maxLength: 15,
    description: "the national health identifier (INS): the 13-character NIR (2A/2B for Corsica) and its 2-digit key, no spaces; checked (400 naming patient.ins). When given, a patient is found again by it (one open pathway per INS and territory)",
  })
  @IsOptional() @IsIns()
  ins?: string;
}

export class ReferralDto {
  @ApiProperty({ example: 'Dr Durand (GP)' }) @IsString() @IsNotEmpty() @MaxLength(500)
  source!: string;

  @ApiProperty({ example: '2025-03-03T09:00:00+01:00', format: 'date-time', description: 'ISO-8601 date-time with offset (or a date) that exists on the calendar; not in the future' }) @IsIsoDateTime()
  referredAt!: string;

  @ApiPropertyOptional({ example: 'Alzheimer disease, moderate' }) @IsOptional() @IsString() @MaxLength(2000)
  diagnosis?: string;

  @ApiPropertyOptional({ example: 'durand@cabinet.example', maxLength: 320, description: "the referrer's e-mail: where a reorientation and the closure are told; without it the referrer is not told" })
  @IsOptional() @IsEmail() @MaxLength(320)
  referrerEmail?: string;
}

export class PhysicianDto {
  @ApiProperty({ example: 'Dr Durand' }) @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'durand@cabinet.example' }) @IsEmail() @MaxLength(320)
  email!: string;
}

export class CaregiverDto {
  @ApiProperty({ example: 'Claire Martin' }) @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'claire@example.org' }) @IsOptional() @IsEmail() @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ example: '+33600000000' }) @IsOptional() @IsString() @MaxLength(50)
  phone?: string;

  @ApiProperty({ example: 'daughter' }) @IsString() @IsNotEmpty() @MaxLength(200)
  relationship!: string;
}

export class CreatePathwayDto {
  @ApiProperty({ type: PatientDto }) @IsObject() @ValidateNested() @Type(() => PatientDto)
  patient!: PatientDto;

  @ApiProperty({ type: ReferralDto }) @IsObject() @ValidateNested() @Type(() => ReferralDto)
  referral!: ReferralDto;

  @ApiProperty({ type: PhysicianDto }) @IsObject() @ValidateNested() @Type(() => PhysicianDto)
  physician!: PhysicianDto;

  @ApiPropertyOptional({ type: CaregiverDto }) @IsOptional() @IsObject() @ValidateNested() @Type(() => CaregiverDto)
  caregiver?: CaregiverDto;
}
