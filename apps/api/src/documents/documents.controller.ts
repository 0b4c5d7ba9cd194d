/**
 * Documents attached to a pathway (issue 19): upload (multipart, the file's type read from its content),
 * list, download. Scoped like the pathway (PathwayAccessGuard: 404 out of reach); every download is a row
 * of the audit trail naming the document.
 */
import { Body, Controller, Get, Param, Post, Req, StreamableFile, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS, DOCUMENT_MAX_BYTES } from '@pathway/domain';
import type { PathwayWithPatient } from '@pathway/persistence';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { CurrentPathway, PathwayAccessGuard } from '../common/access/pathway-access.guard';
import type { AuditedRequest } from '../common/audit/audit-context';
import { ApiProblems } from '../common/problem.dto';
import { DocumentsService, UploadedFile as File } from './documents.service';
import { DocumentDto, UploadDocumentDto } from './dto/document.dto';

@ApiTags('documents')
@ApiBearerAuth()
@ApiProblems(401, 403, 404)
@ApiParam({ name: 'id', description: 'pathway id' })
@UseGuards(PathwayAccessGuard)
@Controller('api/v1/pathways/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @ApiOperation({ summary: "The pathway's documents, oldest upload first (metadata only)" })
  @ApiOkResponse({ type: [DocumentDto] })
  list(@CurrentPathway() pathway: PathwayWithPatient) {
    return this.documents.list(pathway);
  }

  @Post()
  @Roles('case_manager')
  // In memory (at most 10 MB, one file): it is encrypted before it is written anywhere.
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: DOCUMENT_MAX_BYTES, files: 1, fields: 10 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind', 'documentDate'],
      properties: {
        file: { type: 'string', format: 'binary', description: `${DOCUMENT_CONTENT_TYPES.join(', ')}; at most 10 MB` },
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
        documentDate: { type: 'string', example: '2026-11-20' },
        title: { type: 'string', maxLength: 300 },
      },
    },
  })
  @ApiOperation({ summary: 'Attach a document (case_manager): PDF, JPEG or PNG, 10 MB; a discharge letter meets the discharge-letter deadline' })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiProblems(400, 409, 413, 415, 503)
  upload(@UploadedFile() file: File | undefined, @Body() form: UploadDocumentDto, @CurrentPathway() pathway: PathwayWithPatient, @CurrentUser() user: Principal) {
    return this.documents.upload(pathway, file, form, user);
  }

  @Get(':documentId/content')
  @ApiParam({ name: 'documentId', description: 'document id' })
  @ApiOperation({ summary: "A document's bytes (audited: the trail's row names the document)" })
  @ApiProduces(...DOCUMENT_CONTENT_TYPES)
  @ApiOkResponse({ description: 'the file, as uploaded', content: Object.fromEntries(DOCUMENT_CONTENT_TYPES.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])) })
  async download(@Param('documentId') documentId: string, @CurrentPathway() pathway: PathwayWithPatient, @Req() request: Request) {
    const { document, bytes, downloadName } = await this.documents.content(pathway, documentId);
    const audit = (request as AuditedRequest).audit;
    if (audit) audit.details = { document: document.id, kind: document.kind };
    return new StreamableFile(bytes, { type: document.contentType, length: bytes.length, disposition: `attachment; filename="${downloadName}"` });
  }
}
