import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ID_PATTERN } from '@pathway/domain';
import { IsId } from '../../common/validation';

export class CreateCaseManagerDto {
  @ApiPropertyOptional({ example: 'cm-louise', description: 'the id their tokens carry as `sub`; a random uuid when absent', maxLength: 64, pattern: ID_PATTERN.source })
  @IsOptional() @IsId()
  id?: string;

  @ApiProperty({ example: 'Louise Bernard', maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'louise.bernard@dac75.example', maxLength: 320 }) @IsEmail() @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'T75-EST', maxLength: 64, pattern: ID_PATTERN.source }) @IsId()
  territory!: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 1000, description: 'active pathways they may hold (policy caseloadCapacity: 40 by default)' })
  @IsOptional() @IsInt() @Min(0) @Max(1000)
  capacity?: number;
}

export class CaseManagerDto {
  @ApiProperty({ example: 'cm-louise' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
  @ApiProperty() territory!: string;
  @ApiProperty({ example: 40 }) capacity!: number;
  @ApiProperty({ example: 12, description: 'active pathways now (current caseload)' }) active!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ListCaseManagersQueryDto {
  @ApiPropertyOptional({ example: 'T75-EST', description: "a supervisor's own territory (the default)", maxLength: 100 })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(100)
  territory?: string;
}
