import { Module } from '@nestjs/common';
import { PathwaysModule } from '../pathways/pathways.module';
import { FhirController } from './fhir.controller';
import { FhirService } from './fhir.service';

/** The FHIR R4 face of the pathways (issue 20). */
@Module({ imports: [PathwaysModule], controllers: [FhirController], providers: [FhirService] })
export class FhirModule {}
