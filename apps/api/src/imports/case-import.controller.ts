import { Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import type { AuditedRequest } from '../common/audit/audit-context';
import { badRequest } from '../common/problem';
import { ApiProblems } from '../common/problem.dto';
import { CASE_COLUMNS, CaseFileError } from './case-csv';
import { CaseImportService } from './case-import.service';

export class CaseImportQueryDto {
  @ApiPropertyOptional({ description: 'true: check every row and report, change nothing', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

class CaseImportErrorDto {
  @ApiProperty() line!: number;
  @ApiProperty() identifiant!: string;
  @ApiProperty({ type: [String], description: 'in French, for the staff who prepared the file' }) messages!: string[];
}

class CaseImportPathwayDto {
  @ApiProperty() line!: number;
  @ApiProperty() identifiant!: string;
  @ApiProperty({ format: 'uuid' }) pathwayId!: string;
  @ApiProperty({ enum: ['READY', 'IMPORTED', 'ALREADY_IMPORTED'] }) status!: string;
}

export class CaseImportReportDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty() rows!: number;
  @ApiProperty({ description: 'rows that would be imported (dry run) or were imported by this call' }) imported!: number;
  @ApiProperty({ description: 'rows an earlier run imported: nothing done for them' }) alreadyImported!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ type: [CaseImportErrorDto] }) errors!: CaseImportErrorDto[];
  @ApiProperty({ type: [CaseImportPathwayDto] }) pathways!: CaseImportPathwayDto[];
}

@ApiTags('imports')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/imports')
export class CaseImportController {
  constructor(private readonly imports: CaseImportService) {}

  @Post('pathways')
  @HttpCode(200)
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: "Bring a territory's open cases in from the CSV template (text/csv, UTF-8, `;`): each row starts its pathway mid-course; idempotent, dry run with ?dryRun=true",
  })
  @ApiConsumes('text/csv')
  @ApiBody({ schema: { type: 'string', description: `columns: ${CASE_COLUMNS.join(';')} (* required)` } })
  @ApiOkResponse({ type: CaseImportReportDto })
  @ApiProblems(400, 413, 503)
  async importCases(@Body() body: unknown, @Query() query: CaseImportQueryDto, @CurrentUser() user: Principal, @Req() request: Request) {
    if (typeof body !== 'string') throw badRequest('send the file as text/csv (UTF-8, « ; »)', [{ field: 'body', message: 'expected a text/csv body' }]);
    try {
      const report = await this.imports.run(body, user, query.dryRun ?? false);
      // The trail names the pathways this call opened (or found), like a list names what it disclosed.
      const audit = (request as AuditedRequest).audit;
      if (audit && !report.dryRun) audit.listed = report.pathways.map((p) => p.pathwayId);
      return report;
    } catch (err) {
      if (err instanceof CaseFileError) throw badRequest(`fichier refusé : ${err.message}`, [{ field: 'body', message: err.message }]);
      throw err;
    }
  }
}
