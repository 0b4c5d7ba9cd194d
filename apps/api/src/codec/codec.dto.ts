import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional } from 'class-validator';

export class PayloadJsonDto {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'byte' }, example: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==' } })
  metadata!: Record<string, string>;

  @ApiProperty({ type: 'string', format: 'byte', description: 'base64' })
  data!: string;
}

/** Temporal's `Payloads` message in protobuf JSON, as the Web UI and the CLI send it. */
export class PayloadsDto {
  // Each payload is checked by the service rather than whitelisted: the protocol may add fields the UI sends.
  // Absent when empty: protobuf JSON omits an empty repeated field (the CLI sends `{}`).
  @ApiPropertyOptional({ type: [PayloadJsonDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  payloads?: unknown[];
}
