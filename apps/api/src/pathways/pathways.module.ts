import { Module } from '@nestjs/common';
import { EpisodesController } from './episodes.controller';
import { PathwayStepsController } from './pathway-steps.controller';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  controllers: [PathwaysController, PathwayStepsController, EpisodesController],
  providers: [PathwaysService],
  exports: [PathwaysService],
})
export class PathwaysModule {}
