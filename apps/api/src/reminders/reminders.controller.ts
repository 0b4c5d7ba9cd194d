import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { ApiProblems } from '../common/problem.dto';
import { RemindersQueryDto, ReminderDto } from './dto/reminder.dto';
import { RemindersService } from './reminders.service';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('api/v1/reminders')
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get()
  @ApiOperation({ summary: "A pathway's reminders, sent or scheduled, by the time they go out" })
  @ApiOkResponse({ type: [ReminderDto] })
  @ApiProblems(400, 401, 404, 503)
  list(@Query() query: RemindersQueryDto, @CurrentUser() user: Principal) {
    return this.reminders.list(user, query.pathwayId);
  }
}
