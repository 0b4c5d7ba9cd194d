import { ApiProperty } from '@nestjs/swagger';
import { ID_PATTERN } from '@pathway/domain';
import { IsId } from '../../common/validation';

export class AssignmentDto {
  @ApiProperty({ example: 'cm-louise', description: 'a case manager of the pathway territory, with room in their caseload', maxLength: 64, pattern: ID_PATTERN.source })
  @IsId()
  caseManagerId!: string;
}
