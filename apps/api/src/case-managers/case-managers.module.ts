import { Module } from '@nestjs/common';
import { CaseManagersController } from './case-managers.controller';
import { CaseManagersService } from './case-managers.service';

@Module({ controllers: [CaseManagersController], providers: [CaseManagersService] })
export class CaseManagersModule {}
