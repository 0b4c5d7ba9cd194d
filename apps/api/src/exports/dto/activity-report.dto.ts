import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { DelaysDto, TerritoryQueryDto } from '../../supervision/dto/supervision.dto';

export class ActivityReportQueryDto extends TerritoryQueryDto {
  @ApiPropertyOptional({ example: 2026, description: 'the calendar year (UTC), default the current one' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2000) @Max(2100)
  year?: number;
}

export class CaseManagerActivityDto {
  @ApiProperty({ example: 'cm-louise' }) caseManagerId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 38, description: 'pathways active during the year that this case manager held at its end (or at their closure)' }) active!: number;
}


export class ActivityReportDto {
  @ApiProperty({ example: 'T75-EST' }) territory!: string;
  @ApiProperty({ example: 2026 }) year!: number;
  @ApiProperty({ format: 'date-time', description: 'start of the year, included' }) from!: string;
  @ApiProperty({ format: 'date-time', description: 'end of the year, excluded' }) to!: string;
  @ApiProperty({ description: 'pathways open on the first day (referred before it, not closed before it)' }) openAtStart!: number;
  @ApiProperty({ description: 'pathways opened during the year (the indicators’ count)' }) opened!: number;
  @ApiProperty({ description: 'pathways closed during the year' }) closed!: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'closures by reason' }) closedByReason!: Record<string, number>;
  @ApiProperty({ description: 'pathways open at some point of the year' }) activeInPeriod!: number;
  @ApiProperty({ type: [CaseManagerActivityDto] }) activeByCaseManager!: CaseManagerActivityDto[];
  @ApiProperty({ description: 'pathways active during the year with no case manager by its end' }) activeUnassigned!: number;
  @ApiProperty({ type: DelaysDto, description: 'the indicators’ delays over the year (median and 90th percentile)' }) delays!: DelaysDto;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { '1': 0, '2': 3, '3': 9, '4': 14, '5': 2, '6': 1, none: 11 }, description: "active pathways by the GIR of their latest assessment of the year or before ('none': not assessed)" })
  girDistribution!: Record<string, number>;
}
