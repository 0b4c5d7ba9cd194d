import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

@Module({
  imports: [PathwaysModule],
  controllers: [DocumentsController],
  providers: [DocumentsService],
})
export class DocumentsModule {}
