/**
 * A codec endpoint for the Temporal Web UI and CLI (README, "Reading encrypted histories"): they send
 * the payloads of a history and show what comes back. Decoding shows health data, so it is behind the
 * same authentication as the API, for supervisors and admins, and every call is in the audit trail.
 * The CORS preflight of the UI's origin is answered by `codecCors` (app.ts), before any guard.
 */
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { ApiProblems } from '../common/problem.dto';
import { PayloadsDto } from './codec.dto';
import { CodecService } from './codec.service';

@ApiTags('temporal codec')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 413)
@Roles('supervisor', 'admin')
@Controller('codec')
export class CodecController {
  constructor(private readonly codec: CodecService) {}

  @Post('decode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decrypt Temporal payloads (codec server protocol), for the Web UI and the CLI' })
  @ApiOkResponse({ type: PayloadsDto })
  @ApiProblems(422)
  decode(@Body() body: PayloadsDto) {
    return this.codec.decode(body.payloads ?? []);
  }

  @Post('encode')
  @HttpCode(200)
  @ApiOperation({ summary: 'Encrypt Temporal payloads (codec server protocol), e.g. a signal typed in the Web UI' })
  @ApiOkResponse({ type: PayloadsDto })
  encode(@Body() body: PayloadsDto) {
    return this.codec.encode(body.payloads ?? []);
  }
}
