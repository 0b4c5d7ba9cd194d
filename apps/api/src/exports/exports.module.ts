import { Module } from '@nestjs/common';
import { SupervisionModule } from '../supervision/supervision.module';
import { ActivityReportService } from './activity-report.service';
import { ExportsController } from './exports.controller';

@Module({ imports: [SupervisionModule], controllers: [ExportsController], providers: [ActivityReportService] })
export class ExportsModule {}
