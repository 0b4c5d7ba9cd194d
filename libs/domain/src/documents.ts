/**
 * Documents attached to a pathway (issue 19): a discharge letter, a medical certificate, an APA
 * notification, a court ruling, the signed plan, or anything else. The file itself is stored by the API
 * (encrypted, outside Temporal); the pathway records only a reference in its timeline (DOCUMENT_ATTACHED),
 * through the `attachDocument` step, so the timeline shows it and a document can meet its step: a
 * discharge letter received is the letter the discharge-letter clock waits for.
 */
import { notBefore } from './date-order';
import type { Step } from './decision-context';
import { emit, stopClock } from './effects';
import { addProblem, FieldError, isIsoDateTime, notInFuture, oneOf, optionalText, requireDate } from './field-checks';

export const DOCUMENT_KINDS = ['DISCHARGE_LETTER', 'MEDICAL_CERTIFICATE', 'APA_NOTIFICATION', 'COURT_RULING', 'SIGNED_PLAN', 'OTHER'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

/** 10 MB: a scanned letter or a photographed certificate, not a video. */
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

export interface AttachDocumentCommand {
  type: 'attachDocument';
  /** The stored file's id (the API's documents table). */
  documentId: string;
  kind: DocumentKind;
  /** The date the document bears (a letter's, a ruling's), not the upload's. */
  documentDate: string;
  title?: string;
  sizeBytes: number;
  contentType: DocumentContentType;
}

/**
 * What the bytes are, read from their first bytes (the "magic numbers"), never from the file's name or
 * the Content-Type the browser sent: a renamed executable is not a PDF. Undefined for anything else.
 */
export function sniffDocumentType(bytes: Uint8Array): DocumentContentType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, i) => bytes[i] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return undefined;
}

/** Field problems of an attachDocument step (the API checks them before storing the file, the validator again). */
export function validateDocumentInput(command: AttachDocumentCommand, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof command.documentId !== 'string' || !/^[0-9a-f-]{36}$/i.test(command.documentId)) {
    errors.push({ field: 'documentId', message: 'documentId must be a uuid' });
  }
  oneOf(errors, 'kind', command.kind, DOCUMENT_KINDS);
  // A document may be older than the referral (a certificate, a ruling): real, and not in the future.
  requireDate(errors, 'documentDate', command.documentDate);
  if (isIsoDateTime(command.documentDate)) notInFuture(errors, 'documentDate', command.documentDate, now);
  optionalText(errors, 'title', command.title, 300);
  if (!Number.isInteger(command.sizeBytes) || command.sizeBytes < 1 || command.sizeBytes > DOCUMENT_MAX_BYTES) {
    errors.push({ field: 'sizeBytes', message: `a document is from 1 byte to ${DOCUMENT_MAX_BYTES} bytes (10 MB)` });
  }
  oneOf(errors, 'contentType', command.contentType, DOCUMENT_CONTENT_TYPES);
  return errors;
}

export const attachDocument: Step<'attachDocument'> = (s, c, ctx, events) => {
  const now = ctx.now.toISOString();
  emit(s, events, now, ctx.actor, 'DOCUMENT_ATTACHED', {
    documentId: c.documentId,
    kind: c.kind,
    documentDate: c.documentDate,
    title: c.title,
    sizeBytes: c.sizeBytes,
    contentType: c.contentType,
  });
  // The letter the discharge-letter clock waits for, received with its upload. Only when the workflow
  // says so (patch `document-meets-discharge-letter`); a letter already recorded stays as it was.
  const discharge = s.lastDischarge;
  if (c.kind !== 'DISCHARGE_LETTER' || !ctx.documentsMeetSteps || !discharge || discharge.dischargeLetterReceivedAt) return;
  const problems: FieldError[] = [];
  addProblem(problems, notBefore('documentDate', c.documentDate, discharge.admittedAt, 'the admission'));
  if (problems.length) return; // an older letter (a previous stay's) is kept, but does not meet this one
  discharge.dischargeLetterReceivedAt = now;
  stopClock(s, 'dischargeLetterDue');
  emit(s, events, now, ctx.actor, 'DISCHARGE_LETTER_RECEIVED', { receivedAt: now, dischargedAt: discharge.dischargedAt, documentId: c.documentId });
};
