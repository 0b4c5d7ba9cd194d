import { Module } from '@nestjs/common';
import { AbsencesController } from './absences.controller';
import { AbsencesService } from './absences.service';
import { CaseManagersController } from './case-managers.controller';
import { CaseManagersService } from './case-managers.service';

@Module({ controllers: [CaseManagersController, AbsencesController], providers: [CaseManagersService, AbsencesService] })
export class CaseManagersModule {}
