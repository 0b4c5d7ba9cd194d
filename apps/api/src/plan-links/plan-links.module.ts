import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { PlanLinksController } from './plan-links.controller';
import { PlanLinksService } from './plan-links.service';

@Module({ imports: [PathwaysModule], controllers: [PlanLinksController], providers: [PlanLinksService] })
export class PlanLinksModule {}
