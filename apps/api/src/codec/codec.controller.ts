/**
 * A codec endpoint for the Temporal Web UI and CLI (README, "Reading encrypted histories"): they send
 * the payloads of a history and show what comes back. Decoding shows health data, so it is behind the
 * same authentication as the API, decodes a payload only for whoever may read its pathway
 * (CodecService), is rate-limited per token (TokenThrottlerGuard), and every call is in the audit trail with the pathway.
 * Encoding is for services only: a person has no reason to mint ciphertext the worker will trust.
 * The CORS preflight of the UI's origin is answered by `codecCors` (app.ts), before any guard.
 */
import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems, ApiProblemsSaying } from '../common/problem.dto';
import { PayloadsDto } from './codec.dto';
import { CodecService } from './codec.service';

@ApiTags('temporal codec')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 413)
@ApiProblemsSaying({ 429: 'too many codec calls from this token: retry after Retry-After seconds' }, 429)
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  // Every role that reads pathways: which payloads each gets is the pathway read rules' answer.
  @Roles('intake', 'case_manager', 'supervisor', 'physician', 'admin', 'service')
  @ApiOperation({ summary: 'Decrypt Temporal payloads (codec server protocol), for the Web UI and the CLI: only those of pathways the caller may read' })
  @ApiOkResponse({ type: PayloadsDto })
  @ApiProblemsSaying({ 404: 'a payload belongs to a pathway the caller does not read (or that does not exist)' }, 404, 422)
  decode(@CurrentUser() principal: Principal, @Req() request: Request, @Body() body: PayloadsDto) {
    return this.codec.decode(principal, request, body.payloads ?? []);
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('service')
  @ApiOperation({ summary: 'Encrypt Temporal payloads (codec server protocol): for service identities only' })
  @ApiOkResponse({ type: PayloadsDto })
  encode(@Body() body: PayloadsDto) {
    return this.codec.encode(body.payloads ?? []);
  }
}
