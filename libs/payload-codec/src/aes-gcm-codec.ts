/**
 * Encrypts every Temporal payload with AES-256-GCM before it leaves the API or the worker, so workflow
 * histories hold no patient data in clear (search attributes are not payloads: they carry ids, stages
 * and dates only). The key id travels in the payload metadata, so keys can rotate: new payloads use the
 * active key, old ones still decode with any key that is still configured.
 *
 * Each payload is also bound to the workflow it belongs to: the SDK tells the codec (its serialization
 * context) which workflow a payload is for, the id travels in the metadata and is the cipher's
 * authenticated data, so it cannot be changed without the payload failing to decrypt. The codec
 * endpoint relies on it to decrypt a payload only for a caller who may read that pathway. Payloads
 * written before the binding (no id in their metadata) still decode, for the worker and the API.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The workflow a payload belongs to, authenticated by the cipher (absent on payloads written before the binding). */
export const WORKFLOW_ID_METADATA = 'encryption-workflow-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key a fresh clone uses (README), refused when NODE_ENV=production. Not a secret. */
export const LOCAL_DEV_KEY = { id: 'local-dev-1', key: Buffer.alloc(32, 'care-pathway-local-dev-key-00000') };

export class PayloadKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadKeyError';
  }
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, Buffer>,
    private readonly activeKeyId: string,
  ) {
    if (!keys.has(activeKeyId)) throw new PayloadKeyError(`the active payload key "${activeKeyId}" is not among the configured keys`);
    for (const [id, key] of keys) if (key.length !== 32) throw new PayloadKeyError(`payload key "${id}" must be 32 bytes (AES-256), got ${key.length}`);
  }

  /**
   * From the environment: PAYLOAD_ENCRYPTION_KEYS="id1:<base64 32 bytes>,id2:<...>" and
   * PAYLOAD_ENCRYPTION_KEY_ID (the one new payloads use; default: the first listed).
   */
  static fromEnv(env: Record<string, string | undefined> = process.env): AesGcmPayloadCodec {
    const spec = env.PAYLOAD_ENCRYPTION_KEYS;
    if (!spec) {
      if (env.NODE_ENV === 'production') throw new PayloadKeyError('PAYLOAD_ENCRYPTION_KEYS must be set in production');
      return new AesGcmPayloadCodec(new Map([[LOCAL_DEV_KEY.id, LOCAL_DEV_KEY.key]]), LOCAL_DEV_KEY.id);
    }
    const keys = new Map<string, Buffer>();
    for (const entry of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
      const separator = entry.indexOf(':');
      if (separator < 1) throw new PayloadKeyError(`PAYLOAD_ENCRYPTION_KEYS entry "${entry.slice(0, 12)}…" is not id:base64key`);
      keys.set(entry.slice(0, separator), Buffer.from(entry.slice(separator + 1), 'base64'));
    }
    return new AesGcmPayloadCodec(keys, env.PAYLOAD_ENCRYPTION_KEY_ID || [...keys.keys()][0]);
  }

  /**
   * `context` is the SDK's: the workflow a payload is sent to or read from (for an activity, the
   * workflow that scheduled it). Without one (a payload encoded outside any workflow), it is unbound.
   */
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId) as Buffer;
    const workflowId = context?.workflowId || undefined;
    return payloads.map((payload) => {
      const data = seal(key, temporal.api.common.v1.Payload.encode(payload).finish(), workflowId);
      return {
        metadata: {
          encoding: Buffer.from(ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.activeKeyId),
          ...(workflowId ? { [WORKFLOW_ID_METADATA]: Buffer.from(workflowId) } : {}),
        },
        data,
      };
    });
  }

  /**
   * Decodes with the workflow id the payload itself names (not the context's: a history may hold a
   * payload bound to another workflow, e.g. a signal sent to it), so a changed id fails authentication.
   */
  async decode(payloads: Payload[], _context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new PayloadKeyError(`no payload key "${keyId}" is configured: it is needed to read this history`);
      const plain = open(key, Buffer.from(payload.data ?? []), boundWorkflowId(payload));
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }

  /**
   * Bytes kept outside Temporal (a pathway's documents, issue 19), with the same keys and rotation: sealed
   * with the active key, whose id is returned to be stored beside them, and bound to `boundTo` (the
   * cipher's authenticated data), so sealed bytes moved to another row or pathway fail to open.
   */
  sealBytes(plain: Uint8Array, boundTo: string): { keyId: string; data: Buffer } {
    return { keyId: this.activeKeyId, data: seal(this.keys.get(this.activeKeyId) as Buffer, plain, boundTo) };
  }

  /** Opens what `sealBytes` sealed, with the key it names (still configured after a rotation), for the same `boundTo`. */
  openBytes(sealed: { keyId: string; data: Uint8Array }, boundTo: string): Buffer {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new PayloadKeyError(`no payload key "${sealed.keyId}" is configured: it is needed to read this document`);
    return open(key, Buffer.from(sealed.data), boundTo);
  }
}

/** iv | ciphertext | tag, with `aad` (when given) as authenticated data. */
function seal(key: Buffer, plain: Uint8Array, aad: string | undefined): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, data: Buffer, aad: string | undefined): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

/** Whether the payload is one of this codec's (encrypted). */
export function isEncrypted(payload: Payload): boolean {
  return Buffer.from(payload.metadata?.encoding ?? []).toString() === ENCODING;
}

/**
 * The workflow an encrypted payload says it belongs to; undefined for one written before the binding.
 * Only trustworthy once the payload has decoded: the id is the cipher's authenticated data.
 */
export function boundWorkflowId(payload: Payload): string | undefined {
  const id = payload.metadata?.[WORKFLOW_ID_METADATA];
  return id === undefined || id === null ? undefined : Buffer.from(id).toString();
}
