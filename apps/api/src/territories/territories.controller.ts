import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { SetTerritoryContactDto, TerritoryContactDto, TerritoryContactParamsDto, TerritoryParamsDto } from './dto/territory-contact.dto';
import { TerritoriesService } from './territories.service';

@ApiTags('territories')
@ApiBearerAuth()
@ApiProblems(401, 403)
@Controller('api/v1/territories/:territory/contacts')
export class TerritoriesController {
  constructor(private readonly territories: TerritoriesService) {}

  @Get()
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: "The territory's contacts that are set (supervisor, intake desk): who receives the notices addressed to the territory (admin, or its supervisor)" })
  @ApiOkResponse({ type: [TerritoryContactDto] })
  @ApiProblems(400)
  list(@Param() params: TerritoryParamsDto, @CurrentUser() user: Principal) {
    return this.territories.contacts(params.territory, user);
  }

  @Put(':role')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: "Name or rename the territory's supervisor or intake desk contact; notices held for want of it go out at their next attempt (admin, or its supervisor)" })
  @ApiOkResponse({ type: TerritoryContactDto })
  @ApiProblems(400, 413)
  set(@Param() params: TerritoryContactParamsDto, @Body() body: SetTerritoryContactDto, @CurrentUser() user: Principal) {
    return this.territories.setContact(params.territory, params.role, body, user);
  }
}
