import { HttpStatus, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec } from '@pathway/payload-codec';
import { badRequest, ProblemException } from '../common/problem';

type PayloadJson = { metadata?: Record<string, string>; data?: string };
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * The Temporal codec server protocol over the same codec as the worker and the API's client
 * (libs/payload-codec): payloads in protobuf JSON, bytes as base64.
 */
@Injectable()
export class CodecService {
  private readonly codec = AesGcmPayloadCodec.fromEnv();

  async decode(payloads: unknown[]): Promise<{ payloads: PayloadJson[] }> {
    const decoded = await this.codec.decode(payloads.map(fromJson)).catch((err: Error) => {
      // A payload this process has no key for, or one that was tampered with (GCM authentication).
      throw new ProblemException(HttpStatus.UNPROCESSABLE_ENTITY, 'Payload cannot be decoded', `a payload cannot be decoded: ${err.name === 'PayloadKeyError' ? err.message : 'it does not authenticate with its key'}`);
    });
    return { payloads: decoded.map(toJson) };
  }

  async encode(payloads: unknown[]): Promise<{ payloads: PayloadJson[] }> {
    return { payloads: (await this.codec.encode(payloads.map(fromJson))).map(toJson) };
  }
}

function fromJson(value: unknown, index: number): Payload {
  const field = `payloads[${index}]`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw badRequest(`${field} must be an object`, [{ field, message: `${field} must be an object` }]);
  const { metadata = {}, data = '' } = value as { metadata?: unknown; data?: unknown };
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw badRequest(`${field}.metadata must be an object`, [{ field: `${field}.metadata`, message: `${field}.metadata must be an object of base64 strings` }]);
  }
  const bytes = (text: unknown, name: string): Uint8Array => {
    if (typeof text !== 'string' || !BASE64.test(text)) throw badRequest(`${name} must be base64`, [{ field: name, message: `${name} must be a base64 string` }]);
    return new Uint8Array(Buffer.from(text, 'base64'));
  };
  return {
    metadata: Object.fromEntries(Object.entries(metadata as Record<string, unknown>).map(([key, v]) => [key, bytes(v, `${field}.metadata.${key}`)])),
    data: bytes(data, `${field}.data`),
  };
}

function toJson(payload: Payload): PayloadJson {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, v]) => [key, Buffer.from(v ?? []).toString('base64')])),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}
