import { Module } from '@nestjs/common';
import { CareTeamController } from './care-team.controller';
import { EpisodesController } from './episodes.controller';
import { PathwayStepsController } from './pathway-steps.controller';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  controllers: [PathwaysController, PathwayStepsController, EpisodesController, CareTeamController],
  providers: [PathwaysService],
  exports: [PathwaysService],
})
export class PathwaysModule {}
