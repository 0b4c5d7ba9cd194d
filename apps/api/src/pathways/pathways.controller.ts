import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CreatePathwayDto } from './dto/create-pathway.dto';
import { PathwaysService } from './pathways.service';

@ApiTags('pathways')
@ApiBearerAuth()
@Controller('api/v1/pathways')
export class PathwaysController {
  constructor(private readonly pathways: PathwaysService) {}

  @Post()
  @HttpCode(201)
  @Roles('intake')
  @ApiOperation({ summary: 'Record a referral: opens the pathway (stage REFERRED)' })
  @ApiCreatedResponse({ description: 'the new pathway summary' })
  @ApiConflictResponse({ description: 'the patient already has an open pathway' })
  refer(@Body() body: CreatePathwayDto, @CurrentUser() user: Principal) {
    return this.pathways.refer(body, user.sub);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The live summary of a pathway, from its workflow' })
  @ApiOkResponse({ description: 'id, stage, patient, caseManagerId, deadlines[], episodes, plan, flags[]' })
  @ApiNotFoundResponse({ description: 'no such pathway' })
  get(@Param('id') id: string) {
    return this.pathways.summary(id);
  }
}
