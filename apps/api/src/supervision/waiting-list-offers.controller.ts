import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { TerritoryQueryDto } from './dto/supervision.dto';
import { DeclineOfferDto, WaitingListOfferDto } from './dto/waiting-list-offer.dto';
import { WaitingListOffersService } from './waiting-list-offers.service';

@ApiTags('supervision')
@ApiBearerAuth()
@ApiProblems(400, 401, 403)
@Roles('supervisor')
@Controller('api/v1/supervision/waiting-list/offers')
export class WaitingListOffersController {
  constructor(private readonly offers: WaitingListOffersService) {}

  @Get()
  @ApiOperation({
    summary: 'Open waiting-list offers of the territory, oldest first',
    description:
      "When a case manager's active count drops below capacity, the oldest waiting pathway of the territory is offered to them " +
      '(unless they are absent); the supervisor accepts or declines, or the policy `waitingListAutoAssign` assigns it.',
  })
  @ApiOkResponse({ type: [WaitingListOfferDto] })
  list(@Query() query: TerritoryQueryDto, @CurrentUser() user: Principal) {
    return this.offers.listOpen(user, query.territory);
  }

  @Post(':offerId/accept')
  @HttpCode(200)
  @ApiParam({ name: 'offerId', format: 'uuid' })
  @ApiOperation({
    summary: 'Accept an offer: the pathway is assigned to the case manager through its assignment step',
    description: 'Answers once the assignment is applied. 409 when the case manager is at capacity again or the pathway no longer waits (the offer is then withdrawn), or when the offer was already decided.',
  })
  @ApiOkResponse({ type: WaitingListOfferDto })
  @ApiProblems(404, 409, 422, 503)
  accept(@Param('offerId') offerId: string, @CurrentUser() user: Principal) {
    return this.offers.accept(offerId, user);
  }

  @Post(':offerId/decline')
  @HttpCode(200)
  @ApiParam({ name: 'offerId', format: 'uuid' })
  @ApiOperation({ summary: 'Decline an offer (optional reason): the pathway stays on the waiting list' })
  @ApiOkResponse({ type: WaitingListOfferDto })
  @ApiProblems(404, 409, 413, 422)
  decline(@Param('offerId') offerId: string, @Body() body: DeclineOfferDto, @CurrentUser() user: Principal) {
    return this.offers.decline(offerId, user, body.reason);
  }
}
