import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export const SUMMARY_CONSISTENCIES = ['projection', 'live'] as const;
export type SummaryConsistency = (typeof SUMMARY_CONSISTENCIES)[number];

export class SummaryQueryDto {
  @ApiPropertyOptional({
    enum: SUMMARY_CONSISTENCIES,
    default: 'projection',
    description:
      '`projection` (default): the summary the workflow wrote with its last event, from PostgreSQL (answers with the worker stopped; ' +
      'the version is in `X-Summary-Version`). `live`: asked of the workflow itself (needs its worker; shows an activity still inside its retries).',
  })
  @IsOptional()
  @IsIn(SUMMARY_CONSISTENCIES)
  consistency?: SummaryConsistency;
}
