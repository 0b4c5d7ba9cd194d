import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AssignmentDto {
  @ApiProperty({ example: 'cm-louise', description: 'a case manager of the pathway territory, with room in their caseload', maxLength: 100 })
  @IsString() @IsNotEmpty() @MaxLength(100)
  caseManagerId!: string;
}
