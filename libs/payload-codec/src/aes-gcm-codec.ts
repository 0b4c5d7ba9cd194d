/**
 * Encrypts every Temporal payload with AES-256-GCM before it leaves the API or the worker, so workflow
 * histories hold no patient data in clear (search attributes are not payloads: they carry ids, stages
 * and dates only). The key id travels in the payload metadata, so keys can rotate: new payloads use the
 * active key, old ones still decode with any key that is still configured.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
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

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.activeKeyId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: Buffer.from(ENCODING), [KEY_ID_METADATA]: Buffer.from(this.activeKeyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.encoding ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new PayloadKeyError(`no payload key "${keyId}" is configured: it is needed to read this history`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain) as Payload;
    });
  }
}
