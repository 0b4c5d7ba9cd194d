import { Db, isUuid, sql } from './sql';

/** A document's metadata (what lists show); its bytes only with `findDocumentContent`. */
export interface PathwayDocumentRecord {
  id: string;
  pathwayId: string;
  kind: string;
  title: string | null;
  documentDate: Date;
  contentType: string;
  sizeBytes: number;
  fileName: string | null;
  uploadedBy: string;
  uploadedAt: Date;
}

interface DocumentRow {
  id: string;
  pathway_id: string;
  kind: string;
  title: string | null;
  document_date: Date;
  content_type: string;
  size_bytes: number;
  file_name: string | null;
  uploaded_by: string;
  uploaded_at: Date;
}

const METADATA = 'id, pathway_id, kind, title, document_date, content_type, size_bytes, file_name, uploaded_by, uploaded_at';

function toDocument(row: DocumentRow): PathwayDocumentRecord {
  return {
    id: row.id,
    pathwayId: row.pathway_id,
    kind: row.kind,
    title: row.title,
    documentDate: row.document_date,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
    fileName: row.file_name,
    uploadedBy: row.uploaded_by,
    uploadedAt: row.uploaded_at,
  };
}

export async function insertDocument(
  db: Db,
  input: Omit<PathwayDocumentRecord, 'uploadedAt'> & { keyId: string; ciphertext: Buffer },
): Promise<PathwayDocumentRecord> {
  const { rows } = await sql<DocumentRow>(
    db,
    `INSERT INTO pathway_documents (id, pathway_id, kind, title, document_date, content_type, size_bytes, file_name, uploaded_by, key_id, ciphertext)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${METADATA}`,
    [input.id, input.pathwayId, input.kind, input.title, input.documentDate, input.contentType, input.sizeBytes, input.fileName, input.uploadedBy, input.keyId, input.ciphertext],
  );
  return toDocument(rows[0]);
}

/** A pathway's documents, oldest upload first. */
export async function listDocuments(db: Db, pathwayId: string): Promise<PathwayDocumentRecord[]> {
  const { rows } = await sql<DocumentRow>(db, `SELECT ${METADATA} FROM pathway_documents WHERE pathway_id = $1 ORDER BY uploaded_at, id`, [pathwayId]);
  return rows.map(toDocument);
}

/** One document of the pathway with its sealed bytes; undefined when the pathway has no such document. */
export async function findDocumentContent(
  db: Db,
  pathwayId: string,
  documentId: string,
): Promise<(PathwayDocumentRecord & { keyId: string; ciphertext: Buffer }) | undefined> {
  if (!isUuid(documentId)) return undefined;
  const { rows } = await sql<DocumentRow & { key_id: string; ciphertext: Buffer }>(
    db,
    `SELECT ${METADATA}, key_id, ciphertext FROM pathway_documents WHERE pathway_id = $1 AND id = $2`,
    [pathwayId, documentId],
  );
  return rows[0] ? { ...toDocument(rows[0]), keyId: rows[0].key_id, ciphertext: rows[0].ciphertext } : undefined;
}

/** A document whose step the workflow refused (the pathway closed meanwhile): it was never attached. */
export async function deleteDocument(db: Db, documentId: string): Promise<void> {
  await sql(db, `DELETE FROM pathway_documents WHERE id = $1`, [documentId]);
}
