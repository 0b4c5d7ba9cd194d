import { Module } from '@nestjs/common';
import { PathwayStepsController } from './pathway-steps.controller';
import { PathwaysController } from './pathways.controller';
import { PathwaysService } from './pathways.service';

@Module({
  controllers: [PathwaysController, PathwayStepsController],
  providers: [PathwaysService],
  exports: [PathwaysService],
})
export class PathwaysModule {}
