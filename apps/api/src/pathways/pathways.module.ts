import { Module } from '@nestjs/common';
import { AppointmentsController } from './appointments.controller';
import { CareTeamController } from './care-team.controller';
import { EpisodesController } from './episodes.controller';
import { PathwayStepsController } from './pathway-steps.controller';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  controllers: [PathwaysController, PathwayStepsController, EpisodesController, AppointmentsController, CareTeamController],
  providers: [PathwaysService],
  exports: [PathwaysService],
})
export class PathwaysModule {}
