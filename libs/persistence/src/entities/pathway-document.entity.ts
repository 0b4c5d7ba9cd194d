import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Pathway } from './pathway.entity';

/**
 * A file attached to a pathway (issue 19): its metadata in clear, its bytes AES-256-GCM encrypted with the
 * payload keys (`key_id` names the one used, so keys rotate like Temporal payloads') and bound to the
 * pathway and the document. The workflow holds only the document's id (DOCUMENT_ATTACHED in the timeline).
 */
@Entity({ name: 'pathway_documents' })
@Check('pathway_documents_kind_check', "kind IN ('DISCHARGE_LETTER', 'MEDICAL_CERTIFICATE', 'APA_NOTIFICATION', 'COURT_RULING', 'SIGNED_PLAN', 'OTHER')")
@Check('pathway_documents_content_type_check', "content_type IN ('application/pdf', 'image/jpeg', 'image/png')")
@Check('pathway_documents_size_check', 'size_bytes > 0 AND size_bytes <= 10485760')
@Index('pathway_documents_pathway_idx', ['pathwayId', 'uploadedAt'])
export class PathwayDocument {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pathway_documents_pkey' })
  id!: string;

  @Column({ name: 'pathway_id', type: 'uuid' })
  pathwayId!: string;

  @ManyToOne(() => Pathway, { nullable: false })
  @JoinColumn({ name: 'pathway_id', foreignKeyConstraintName: 'pathway_documents_pathway_id_fkey' })
  pathway?: Pathway;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** The date the document bears. */
  @Column({ name: 'document_date', type: 'timestamptz' })
  documentDate!: Date;

  /** Sniffed from the bytes, never taken from the upload's name or Content-Type. */
  @Column({ name: 'content_type', type: 'text' })
  contentType!: string;

  /** Of the plaintext. */
  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** The file name the uploader gave (shown, never trusted). */
  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  @Column({ name: 'uploaded_by', type: 'text' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz', default: () => 'now()' })
  uploadedAt!: Date;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  /** iv | ciphertext | GCM tag. */
  @Column({ type: 'bytea' })
  ciphertext!: Buffer;
}
