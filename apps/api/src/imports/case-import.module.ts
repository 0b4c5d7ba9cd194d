import { Module } from '@nestjs/common';
import { CaseImportController } from './case-import.controller';
import { CaseImportService } from './case-import.service';

@Module({ controllers: [CaseImportController], providers: [CaseImportService] })
export class CaseImportModule {}
