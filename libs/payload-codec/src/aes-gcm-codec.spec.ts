import { defaultPayloadConverter } from '@temporalio/common';
import { AesGcmPayloadCodec, boundWorkflowId, ENCODING, KEY_ID_METADATA, PayloadKeyError, WORKFLOW_ID_METADATA } from './aes-gcm-codec';

const key = (fill: string) => Buffer.alloc(32, fill).toString('base64');

describe('AES-GCM payload codec', () => {
  const patient = { firstName: 'Jeanne', lastName: 'Martin', mmse: 18 };

  it('leaves no clear text in the encoded payload and decodes it back', async () => {
    const codec = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(patient)]);
    expect(Buffer.from(encoded.data!).toString('latin1')).not.toContain('Martin');
    expect(Buffer.from(encoded.metadata![KEY_ID_METADATA]).toString()).toBe('k1');
    expect(Buffer.from(encoded.metadata!.encoding).toString()).toBe(ENCODING);
    const [decoded] = await codec.decode([encoded]);
    expect(defaultPayloadConverter.fromPayload(decoded)).toEqual(patient);
  });

  it('reads payloads of a rotated-out key while writing with the new one', async () => {
    const before = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
    const [old] = await before.encode([defaultPayloadConverter.toPayload(patient)]);
    const after = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')},k2:${key('b')}`, PAYLOAD_ENCRYPTION_KEY_ID: 'k2' });
    const [fresh] = await after.encode([defaultPayloadConverter.toPayload(patient)]);
    expect(Buffer.from(fresh.metadata![KEY_ID_METADATA]).toString()).toBe('k2');
    const decoded = await after.decode([old, fresh]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([patient, patient]);
  });

  it('refuses to read a payload whose key is gone, naming the key', async () => {
    const before = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
    const [old] = await before.encode([defaultPayloadConverter.toPayload(patient)]);
    const after = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k2:${key('b')}` });
    await expect(after.decode([old])).rejects.toThrow('no payload key "k1" is configured');
  });

  it('detects a tampered payload', async () => {
    const codec = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(patient)]);
    const data = Buffer.from(encoded.data!);
    data[20] ^= 0xff;
    await expect(codec.decode([{ ...encoded, data }])).rejects.toThrow();
  });

  it('refuses keys of the wrong size, and a missing key in production', () => {
    expect(() => AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: 'k1:c2hvcnQ=' })).toThrow(PayloadKeyError);
    expect(() => AesGcmPayloadCodec.fromEnv({ NODE_ENV: 'production' })).toThrow('PAYLOAD_ENCRYPTION_KEYS must be set in production');
  });

  describe('binding to the workflow', () => {
    const codec = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
    const ofWorkflow = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });

    it("names the SDK context's workflow (an activity's: the workflow that scheduled it) and decodes back", async () => {
      const [forWorkflow] = await codec.encode([defaultPayloadConverter.toPayload(patient)], ofWorkflow('pathway-1'));
      const [forActivity] = await codec.encode([defaultPayloadConverter.toPayload(patient)], { type: 'activity', namespace: 'default', workflowId: 'pathway-2', isLocal: false });
      expect([boundWorkflowId(forWorkflow), boundWorkflowId(forActivity)]).toEqual(['pathway-1', 'pathway-2']);
      expect((await codec.decode([forWorkflow, forActivity])).map((p) => defaultPayloadConverter.fromPayload(p))).toEqual([patient, patient]);
    });

    it('refuses a payload whose workflow id was changed, removed or added: the id is authenticated', async () => {
      const [bound] = await codec.encode([defaultPayloadConverter.toPayload(patient)], ofWorkflow('pathway-T2'));
      const relabelled = { ...bound, metadata: { ...bound.metadata, [WORKFLOW_ID_METADATA]: Buffer.from('pathway-T1') } };
      const { [WORKFLOW_ID_METADATA]: _, ...withoutId } = bound.metadata!;
      await expect(codec.decode([relabelled])).rejects.toThrow(/unable to authenticate/);
      await expect(codec.decode([{ ...bound, metadata: withoutId }])).rejects.toThrow(/unable to authenticate/);
      const [unbound] = await codec.encode([defaultPayloadConverter.toPayload(patient)]);
      await expect(codec.decode([{ ...unbound, metadata: { ...unbound.metadata, [WORKFLOW_ID_METADATA]: Buffer.from('pathway-T1') } }])).rejects.toThrow(/unable to authenticate/);
    });

    it('still decodes a payload written before the binding (no id in its metadata)', async () => {
      const [old] = await codec.encode([defaultPayloadConverter.toPayload(patient)]);
      expect(boundWorkflowId(old)).toBeUndefined();
      expect(defaultPayloadConverter.fromPayload((await codec.decode([old], ofWorkflow('pathway-1')))[0])).toEqual(patient);
    });
  });

  describe('bytes outside Temporal (documents)', () => {
    const letter = Buffer.from('%PDF-1.7 Compte rendu de sortie de Jeanne Martin');

    it('sealed with the active key, bound to their pathway, opened after a rotation with the key they name', () => {
      const before = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
      const sealed = before.sealBytes(letter, 'pathway-1/document-1');
      expect(sealed.keyId).toBe('k1');
      expect(sealed.data.toString('latin1')).not.toContain('Martin');
      const after = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')},k2:${key('b')}`, PAYLOAD_ENCRYPTION_KEY_ID: 'k2' });
      expect(after.openBytes(sealed, 'pathway-1/document-1')).toEqual(letter);
      expect(after.sealBytes(letter, 'pathway-1/document-2').keyId).toBe('k2');
    });

    it('refuses them under another binding, tampered, or once their key is gone', () => {
      const codec = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k1:${key('a')}` });
      const sealed = codec.sealBytes(letter, 'pathway-1/document-1');
      expect(() => codec.openBytes(sealed, 'pathway-2/document-1')).toThrow();
      const tampered = Buffer.from(sealed.data);
      tampered[20] ^= 1;
      expect(() => codec.openBytes({ keyId: 'k1', data: tampered }, 'pathway-1/document-1')).toThrow();
      const rotatedOut = AesGcmPayloadCodec.fromEnv({ PAYLOAD_ENCRYPTION_KEYS: `k2:${key('b')}` });
      expect(() => rotatedOut.openBytes(sealed, 'pathway-1/document-1')).toThrow(PayloadKeyError);
    });
  });
});
