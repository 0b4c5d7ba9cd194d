import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { PlanPdfController } from './plan-pdf.controller';

@Module({ imports: [PathwaysModule], controllers: [PlanPdfController] })
export class PlanPdfModule {}
