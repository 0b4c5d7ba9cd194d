import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AttachDocumentCommand, DocumentKind, sniffDocumentType, validateDocumentInput } from '@pathway/domain';
import { deleteDocument, findDocumentContent, insertDocument, listDocuments, PathwayDocumentRecord, PathwayWithPatient } from '@pathway/persistence';
import type { AesGcmPayloadCodec } from '@pathway/payload-codec';
import type { Principal } from '../auth/principal';
import { badRequest, notFound, ProblemException } from '../common/problem';
import { DATABASE } from '../database/database.module';
import { PathwaysService } from '../pathways/pathways.service';
import { PAYLOAD_CODEC } from '../temporal/temporal.module';
import { DocumentDto, UploadDocumentDto } from './dto/document.dto';

export interface UploadedFile {
  buffer: Buffer;
  size: number;
  originalname?: string;
}

/** The authenticated data of a document's cipher: its bytes open only as this document of this pathway. */
const bindingOf = (pathwayId: string, documentId: string) => `pathway-${pathwayId}/document-${documentId}`;

const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

/**
 * Documents of a pathway: stored encrypted in PostgreSQL (pathway_documents), referenced in the pathway's
 * timeline through its `attachDocument` step, read back only by those who reach the pathway.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(DATABASE) private readonly db: DataSource,
    @Inject(PAYLOAD_CODEC) private readonly codec: AesGcmPayloadCodec,
    private readonly pathways: PathwaysService,
  ) {}

  async list(pathway: PathwayWithPatient): Promise<DocumentDto[]> {
    return (await listDocuments(this.db, pathway.id)).map(documentDto);
  }

  /**
   * Stored first, then attached (the step): a step the pathway refuses (closed meanwhile, 409; 400; 422)
   * deletes the stored file, which was never attached. A step left unanswered (503) keeps it: the workflow
   * may still record it, and its timeline must not name a file that is gone.
   */
  async upload(pathway: PathwayWithPatient, file: UploadedFile | undefined, form: UploadDocumentDto, principal: Principal): Promise<DocumentDto> {
    if (!file?.buffer?.length) throw badRequest('a document needs its file (form field "file")', [{ field: 'file', message: 'file is required' }]);
    const contentType = sniffDocumentType(file.buffer);
    if (!contentType) {
      throw new ProblemException(
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'Unsupported document type',
        'the file is not a PDF, JPEG or PNG document: its type is read from its content, whatever its name or declared type',
      );
    }
    const documentDate = /^\d{4}-\d{2}-\d{2}$/.test(form.documentDate) ? `${form.documentDate}T00:00:00.000Z` : form.documentDate;
    const id = randomUUID();
    const command: AttachDocumentCommand = { type: 'attachDocument', documentId: id, kind: form.kind as DocumentKind, documentDate, title: form.title, sizeBytes: file.size, contentType };
    const errors = validateDocumentInput(command, new Date());
    if (errors.length) throw badRequest(errors.map((e) => e.message).join('; '), errors);
    const sealed = this.codec.sealBytes(file.buffer, bindingOf(pathway.id, id));
    const stored = await insertDocument(this.db, {
      id,
      pathwayId: pathway.id,
      kind: command.kind,
      title: form.title ?? null,
      documentDate: new Date(documentDate),
      contentType,
      sizeBytes: file.size,
      fileName: file.originalname?.slice(0, 255) ?? null,
      uploadedBy: principal.sub,
      keyId: sealed.keyId,
      ciphertext: sealed.data,
    });
    try {
      // The document's id is the step's key: a retry of this step attaches it once.
      await this.pathways.step(pathway, command, principal, `document-${id}`);
    } catch (err) {
      if (err instanceof ProblemException && err.getStatus() >= 400 && err.getStatus() < 500) await deleteDocument(this.db, id);
      throw err;
    }
    return documentDto(stored);
  }

  /** The document's bytes, decrypted, with what the answer's headers need. */
  async content(pathway: PathwayWithPatient, documentId: string): Promise<{ document: PathwayDocumentRecord; bytes: Buffer; downloadName: string }> {
    const found = await findDocumentContent(this.db, pathway.id, documentId);
    if (!found) throw notFound(`pathway ${pathway.id} has no document ${documentId}`);
    const bytes = this.codec.openBytes({ keyId: found.keyId, data: found.ciphertext }, bindingOf(pathway.id, found.id));
    const downloadName = `${found.kind.toLowerCase()}-${found.documentDate.toISOString().slice(0, 10)}.${EXTENSIONS[found.contentType]}`;
    return { document: found, bytes, downloadName };
  }
}

function documentDto(d: PathwayDocumentRecord): DocumentDto {
  return {
    id: d.id,
    kind: d.kind,
    title: d.title,
    documentDate: d.documentDate.toISOString(),
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    fileName: d.fileName,
    uploadedBy: d.uploadedBy,
    uploadedAt: d.uploadedAt.toISOString(),
  };
}
