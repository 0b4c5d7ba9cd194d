import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { DOCUMENT_CONTENT_TYPES, DOCUMENT_KINDS, DocumentKind } from '@pathway/domain';

/** The form fields beside the file (multipart/form-data). */
export class UploadDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KINDS, example: 'DISCHARGE_LETTER' }) @IsIn(DOCUMENT_KINDS)
  kind!: DocumentKind;

  @ApiProperty({ example: '2026-11-20', description: 'the date the document bears (date or date-time), not in the future' }) @IsString()
  documentDate!: string;

  @ApiPropertyOptional({ example: 'Compte rendu de sortie, CHU Est', maxLength: 300 }) @IsOptional() @IsString() @MaxLength(300)
  title?: string;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: DOCUMENT_KINDS }) kind!: string;
  @ApiProperty({ nullable: true, type: String }) title!: string | null;
  @ApiProperty({ format: 'date-time' }) documentDate!: string;
  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES, description: 'read from the content (magic bytes), not from the name or the Content-Type sent' }) contentType!: string;
  @ApiProperty({ example: 48213 }) sizeBytes!: number;
  @ApiProperty({ nullable: true, type: String, description: 'the name the file was uploaded with (shown, never trusted)' }) fileName!: string | null;
  @ApiProperty({ description: 'who uploaded it (token sub)' }) uploadedBy!: string;
  @ApiProperty({ format: 'date-time' }) uploadedAt!: string;
}
