import { Module } from '@nestjs/common';
import { CalendarFeedController, WorkAheadController } from './work-ahead.controller';
import { WorkAheadService } from './work-ahead.service';

@Module({ controllers: [WorkAheadController, CalendarFeedController], providers: [WorkAheadService] })
export class WorkAheadModule {}
