/**
 * HL7 FHIR R4 (4.0.1) under /fhir/R4, read-only, application/fhir+json: the CapabilityStatement,
 * reads, searches and Patient/{id}/$everything. The same bearer tokens, reach and audit trail as the
 * REST API; errors are OperationOutcome (common/problem.ts renders them so under /fhir).
 */
import { Controller, Get, Header, Param, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, Public } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import type { AuditedRequest } from '../common/audit/audit-context';
import { notFound } from '../common/problem';
import { capabilityStatement } from './capability-statement';
import { FhirService, SearchContext } from './fhir.service';
import { FHIR_JSON } from './resources';
import type { Query as SearchQuery } from './search';

export const FHIR_BASE_PATH = '/fhir/R4';

// The FHIR face is described by its CapabilityStatement (/fhir/R4/metadata), not by the OpenAPI document.
@ApiExcludeController()
@ApiBearerAuth()
@Controller('fhir/R4')
export class FhirController {
  constructor(private readonly fhir: FhirService) {}

  /** Public, as FHIR clients expect: it names what is served, never who or what is in it. */
  @Get('metadata')
  @Public()
  @Header('Content-Type', FHIR_JSON)
  metadata(@Req() req: Request) {
    return capabilityStatement(baseOf(req), { version: '1' });
  }

  @Get('Patient/:id/:operation')
  @Header('Content-Type', FHIR_JSON)
  everything(@Param('id') id: string, @Param('operation') operation: string, @Req() req: Request, @CurrentUser() user: Principal) {
    if (operation !== '$everything') throw notFound(`there is no operation ${operation} on Patient (Patient/{id}/$everything is)`);
    return this.fhir.everything(id, contextOf(req, user));
  }

  @Get(':type')
  @Header('Content-Type', FHIR_JSON)
  search(@Param('type') type: string, @Query() query: SearchQuery, @Req() req: Request, @CurrentUser() user: Principal) {
    return this.fhir.search(type, query, contextOf(req, user));
  }

  @Get(':type/:id')
  @Header('Content-Type', FHIR_JSON)
  read(@Param('type') type: string, @Param('id') id: string, @Req() req: Request, @CurrentUser() user: Principal) {
    return this.fhir.read(type, id, user, (req as AuditedRequest).audit);
  }
}

function baseOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}${FHIR_BASE_PATH}`;
}

function contextOf(req: Request, principal: Principal): SearchContext {
  const selfUrl = new URL(req.originalUrl, `${req.protocol}://${req.get('host')}`);
  for (const name of ['_count', '_offset']) selfUrl.searchParams.delete(name);
  return { base: baseOf(req), selfUrl, principal, audit: (req as AuditedRequest).audit };
}
